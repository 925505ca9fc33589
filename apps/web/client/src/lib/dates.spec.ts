import {
  datePartsToIso,
  formatDate,
  formatDateTime,
  formatTime,
  londonDateTimeToIso,
  londonToday,
} from './dates';

describe('web: dates and times in Europe/London', () => {
  it('shows dates the GOV.UK way', () => {
    expect(formatDate('2026-12-01')).toBe('1 December 2026');
    expect(formatDate('2026-06-30T23:30:00Z')).toBe('1 July 2026'); // BST: already the next day
  });

  it('shows UK times with am/pm, midday and midnight', () => {
    expect(formatTime('2026-12-01T14:30:00Z')).toBe('2:30pm');
    expect(formatTime('2026-07-01T11:00:00Z')).toBe('midday');
    expect(formatTime('2026-07-01T09:00:00Z')).toBe('10am');
    expect(formatDateTime('2026-12-01T00:00:00Z')).toBe('1 December 2026 at midnight');
  });

  it('reads a UK wall-clock time as the right instant in winter and in summer', () => {
    expect(londonDateTimeToIso('2026-12-01', '10:00', 'the start time').value).toBe(
      '2026-12-01T10:00:00.000Z',
    );
    expect(londonDateTimeToIso('2026-07-01', '10:00', 'the start time').value).toBe(
      '2026-07-01T09:00:00.000Z',
    );
    expect(londonDateTimeToIso('2026-07-01', '1pm', 'the end time').value).toBe('2026-07-01T12:00:00.000Z');
    expect(londonDateTimeToIso('2026-07-01', '25:00', 'the end time').error).toBe(
      'The end time must be a real time',
    );
    expect(londonDateTimeToIso('2026-07-01', '', 'the end time').error).toBe('Enter the end time');
  });

  it('validates date inputs with GOV.UK messages', () => {
    expect(datePartsToIso({ day: '5', month: '3', year: '2027' }, 'the due date')).toEqual({
      value: '2027-03-05',
    });
    expect(datePartsToIso({ day: '', month: '', year: '' }, 'the due date').error).toBe('Enter the due date');
    expect(datePartsToIso({ day: '5', month: '', year: '2027' }, 'the due date').error).toBe(
      'The due date must include a month',
    );
    expect(datePartsToIso({ day: '30', month: '2', year: '2027' }, 'the due date').error).toBe(
      'The due date must be a real date',
    );
  });

  it('knows today in the UK', () => {
    expect(londonToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });
});
