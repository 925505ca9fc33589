import { checkNextReviewOn } from './case-dates.js';

/** The API's own rule (not only the form's): a next review date is today or later, London time. */
describe('cases: the next review date', () => {
  // 23:30 UTC on 1 June is 00:30 on 2 June in London (BST): "today" is 2 June.
  const lateEvening = new Date('2026-06-01T23:30:00Z');

  it('refuses a day before today in London, naming the field', () => {
    for (const day of ['2026-06-01', '2026-05-31', '2020-01-01'])
      expect(() => checkNextReviewOn(day, lateEvening)).toThrow(
        expect.objectContaining({
          message: 'The next review date cannot be in the past: give today or a later date',
          kind: 'INVALID',
          details: expect.objectContaining({ field: 'nextReviewOn' }),
        }),
      );
  });

  it('takes today and later days, and clearing the date', () => {
    expect(checkNextReviewOn('2026-06-02', lateEvening)).toBe('2026-06-02');
    expect(checkNextReviewOn('2027-01-15', lateEvening)).toBe('2027-01-15');
    expect(checkNextReviewOn(null, lateEvening)).toBeNull();
  });

  it('in winter, London is UTC: 23:30 UTC is still the same day', () => {
    const winter = new Date('2026-12-01T23:30:00Z');
    expect(checkNextReviewOn('2026-12-01', winter)).toBe('2026-12-01');
    expect(() => checkNextReviewOn('2026-11-30', winter)).toThrow();
  });
});
