import { isOverdue, victimUpdateDueBy } from './victim-update-rules.js';

describe('victim update deadlines (Victims Code Right 6, England and Wales working days)', () => {
  it('enhanced: a Friday 16:00 arrest before a bank-holiday Monday is due by the end of Tuesday', () => {
    const arrest = new Date('2026-05-22T15:00:00Z'); // Friday 16:00 BST; Monday 25 May is a bank holiday
    const { workingDays, dueBy } = victimUpdateDueBy(arrest, 'ENHANCED');
    expect(workingDays).toBe(1);
    expect(dueBy.toISOString()).toBe('2026-05-26T22:59:59.999Z'); // Tuesday 23:59:59.999 BST
  });

  it('standard: an event on 23 December 2026 is due by the end of Monday 4 January 2027', () => {
    // Skips 25 (Christmas), 26–27 (weekend), 28 (Boxing Day substitute), 1 January, 2–3 (weekend).
    const { workingDays, dueBy } = victimUpdateDueBy(new Date('2026-12-23T11:00:00Z'), 'STANDARD');
    expect(workingDays).toBe(5);
    expect(dueBy.toISOString()).toBe('2027-01-04T23:59:59.999Z');
  });

  it('enhanced over Christmas 2026: an arrest on Christmas Eve is due by the end of 29 December', () => {
    expect(victimUpdateDueBy(new Date('2026-12-24T18:00:00Z'), 'ENHANCED').dueBy.toISOString()).toBe(
      '2026-12-29T23:59:59.999Z',
    );
  });

  it('an event just after midnight BST counts from its London day', () => {
    // 23:30 UTC Thursday = 00:30 BST Friday 5 June 2026: the next working day is Monday 8 June.
    expect(victimUpdateDueBy(new Date('2026-06-04T23:30:00Z'), 'ENHANCED').dueBy.toISOString()).toBe(
      '2026-06-08T22:59:59.999Z',
    );
  });

  it('overdue is derived: past the deadline and not delivered', () => {
    const dueBy = new Date('2026-05-26T22:59:59.999Z');
    expect(isOverdue(dueBy, null, new Date('2026-05-26T22:59:59.000Z'))).toBe(false);
    expect(isOverdue(dueBy, null, new Date('2026-05-26T23:00:00.000Z'))).toBe(true);
    expect(isOverdue(dueBy, new Date('2026-05-27T09:00:00Z'), new Date('2026-06-01T00:00:00Z'))).toBe(false);
  });
});
