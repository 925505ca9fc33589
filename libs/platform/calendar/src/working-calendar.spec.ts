import {
  addCalendarDays,
  addWorkingDays,
  CalendarCoverageError,
  endOfDayLondon,
  endOfNthWorkingDayAfter,
  englandAndWales,
  isBankHoliday,
  isWorkingDay,
  londonDay,
  startOfDayLondon,
  WorkingCalendar,
  type BankHolidayFile,
} from './index.js';

const iso = (d: Date) => d.toISOString();

describe('shipped England and Wales bank holidays', () => {
  it('cover at least 2024–2028, with the substitute days GOV.UK lists', () => {
    const cal = englandAndWales();
    expect(cal.firstYear).toBeLessThanOrEqual(2024);
    expect(cal.lastYear).toBeGreaterThanOrEqual(2028);
    expect(cal.bankHolidaysIn(2026).map((e) => e.date)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
    expect(cal.bankHoliday('2026-12-28')).toMatchObject({ title: 'Boxing Day', notes: 'Substitute day' });
    expect(cal.bankHoliday('2027-12-27')).toMatchObject({ title: 'Christmas Day', notes: 'Substitute day' });
    expect(cal.bankHoliday('2027-12-28')).toMatchObject({ title: 'Boxing Day', notes: 'Substitute day' });
    expect(isBankHoliday('2028-01-03')).toBe(true);
    // Boxing Day 2026 is a Saturday: the day itself is not the holiday, the Monday is.
    expect(isBankHoliday('2026-12-26')).toBe(false);
  });

  it('every year has its eight regular bank holidays, none on a weekend', () => {
    const cal = englandAndWales();
    for (let year = 2024; year <= 2028; year++) {
      const events = cal.bankHolidaysIn(year);
      expect(events).toHaveLength(8);
      for (const e of events) expect(isWorkingDay(e.date)).toBe(false);
      for (const e of events) expect(new Date(`${e.date}T12:00:00Z`).getUTCDay()).not.toBe(0);
      for (const e of events) expect(new Date(`${e.date}T12:00:00Z`).getUTCDay()).not.toBe(6);
    }
  });
});

describe('working days', () => {
  it('weekends and bank holidays are not working days; other weekdays are', () => {
    expect(isWorkingDay('2026-12-24')).toBe(true);
    expect(isWorkingDay('2026-12-25')).toBe(false);
    expect(isWorkingDay('2026-12-26')).toBe(false);
    expect(isWorkingDay('2026-12-27')).toBe(false);
    expect(isWorkingDay('2026-12-28')).toBe(false);
    expect(isWorkingDay('2026-12-29')).toBe(true);
    expect(isWorkingDay('2026-05-25')).toBe(false);
  });

  it('the day of an instant is its London calendar day, not its UTC day', () => {
    // 23:30 UTC on Thursday 4 June 2026 is 00:30 BST on Friday 5 June.
    expect(londonDay('2026-06-04T23:30:00Z')).toBe('2026-06-05');
    // 23:30 UTC on Sunday 24 May 2026 is 00:30 BST on the bank-holiday Monday.
    expect(isWorkingDay('2026-05-24T23:30:00Z')).toBe(false);
    expect(isWorkingDay(new Date('2026-05-24T22:30:00Z'))).toBe(false); // still Sunday in London
    expect(londonDay('2026-01-09T23:30:00Z')).toBe('2026-01-09'); // GMT: the same day
  });

  it('a Friday 16:00 arrest before a bank-holiday Monday: the 1st working day is Tuesday, to its end', () => {
    const arrest = '2026-05-22T16:00:00+01:00';
    expect(iso(endOfNthWorkingDayAfter(arrest, 1))).toBe('2026-05-26T22:59:59.999Z'); // 23:59:59.999 BST
    expect(iso(addWorkingDays(arrest, 1))).toBe('2026-05-26T15:00:00.000Z'); // same wall time, Tuesday
  });

  it('a standard (5 working day) event on 23 December 2026 skips 25, 26, 27, 28 December and 1 January', () => {
    const event = '2026-12-23T10:00:00Z';
    const days = [1, 2, 3, 4, 5].map((n) => englandAndWales().workingDayAfter(event, n));
    expect(days).toEqual(['2026-12-24', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-04']);
    expect(iso(endOfNthWorkingDayAfter(event, 5))).toBe('2027-01-04T23:59:59.999Z'); // GMT
  });

  it('Christmas 2027 on a Saturday: both substitute days are skipped', () => {
    expect(iso(endOfNthWorkingDayAfter('2027-12-24T09:00:00Z', 1))).toBe('2027-12-29T23:59:59.999Z');
  });

  it('across the spring clock change the deadline ends at 23:59:59.999 BST', () => {
    // Saturday 28 March 2026 (GMT); clocks go forward on Sunday 29 March.
    expect(iso(endOfNthWorkingDayAfter('2026-03-28T21:00:00Z', 1))).toBe('2026-03-30T22:59:59.999Z');
    expect(iso(addWorkingDays('2026-03-27T16:00:00Z', 1))).toBe('2026-03-30T15:00:00.000Z');
  });

  it('across the autumn clock change the deadline ends at 23:59:59.999 GMT', () => {
    // Friday 23 October 2026 (BST); clocks go back on Sunday 25 October.
    expect(iso(endOfNthWorkingDayAfter('2026-10-23T16:00:00+01:00', 1))).toBe('2026-10-26T23:59:59.999Z');
    expect(iso(addWorkingDays('2026-10-23T16:00:00+01:00', 1))).toBe('2026-10-26T16:00:00.000Z');
  });

  it('counts backwards for negative n, and n = 0 is the day itself', () => {
    expect(englandAndWales().workingDayAfter('2026-05-26', -1)).toBe('2026-05-22');
    expect(englandAndWales().workingDayAfter('2026-12-29', -1)).toBe('2026-12-24');
    expect(englandAndWales().workingDayAfter('2026-12-26', 0)).toBe('2026-12-26');
  });

  it('refuses nonsense counts', () => {
    expect(() => endOfNthWorkingDayAfter('2026-05-22', 0)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-05-22', 1.5)).toThrow(RangeError);
  });
});

describe('calendar days and day boundaries in London', () => {
  it('SPO notification: served Monday → due Wednesday; served Friday → due Sunday', () => {
    expect(londonDay(addCalendarDays('2026-03-02', 2))).toBe('2026-03-04');
    expect(londonDay(addCalendarDays('2026-03-06', 2))).toBe('2026-03-08');
    // Served late on a Friday evening (BST): still Friday in London, so Sunday.
    expect(londonDay(addCalendarDays('2026-06-05T23:30:00+01:00', 2))).toBe('2026-06-07');
  });

  it('keeps the wall-clock time across a clock change (23 or 25 hours)', () => {
    expect(iso(addCalendarDays('2026-03-28T12:00:00Z', 1))).toBe('2026-03-29T11:00:00.000Z');
    expect(iso(addCalendarDays('2026-10-24T12:00:00+01:00', 1))).toBe('2026-10-25T12:00:00.000Z');
    expect(iso(addCalendarDays('2026-03-04T09:00:00Z', -2))).toBe('2026-03-02T09:00:00.000Z');
  });

  it('day boundaries follow London time, including the 25-hour day', () => {
    expect(iso(endOfDayLondon('2026-07-01T10:00:00Z'))).toBe('2026-07-01T22:59:59.999Z');
    expect(iso(endOfDayLondon('2026-01-15'))).toBe('2026-01-15T23:59:59.999Z');
    const start = startOfDayLondon('2026-10-25T12:00:00Z');
    const end = endOfDayLondon('2026-10-25T12:00:00Z');
    expect(iso(start)).toBe('2026-10-24T23:00:00.000Z');
    expect(end.getTime() + 1 - start.getTime()).toBe(25 * 3600 * 1000);
  });

  it('refuses ambiguous or impossible inputs', () => {
    expect(() => londonDay('2026-03-29T01:30')).toThrow(RangeError);
    expect(() => londonDay('2027-02-30')).toThrow(RangeError);
    expect(() => londonDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('fails loudly beyond the data', () => {
  it('throws for a year the data does not cover, before or after', () => {
    const cal = englandAndWales();
    expect(() => isWorkingDay(`${cal.lastYear + 1}-01-05`)).toThrow(CalendarCoverageError);
    expect(() => isWorkingDay(`${cal.firstYear - 1}-06-01`)).toThrow(CalendarCoverageError);
    // A count that runs past the last covered day throws rather than guess the next year's holidays.
    expect(() => endOfNthWorkingDayAfter(`${cal.lastYear}-12-29T12:00:00Z`, 5)).toThrow(
      CalendarCoverageError,
    );
  });

  it('refuses damaged data: a gap year or a duplicate', () => {
    const file = (dates: string[]): BankHolidayFile => ({
      'england-and-wales': {
        division: 'england-and-wales',
        events: dates.map((date) => ({ title: 'Test holiday', date, notes: '', bunting: false })),
      },
    });
    expect(() => new WorkingCalendar(file(['2030-01-01', '2032-01-01']))).toThrow(/gap/);
    expect(() => new WorkingCalendar(file(['2030-01-01', '2030-01-01']))).toThrow(/twice/);
    expect(() => new WorkingCalendar(file([]))).toThrow();
    const custom = new WorkingCalendar(file(['2030-01-01']));
    expect(custom.isWorkingDay('2030-01-01')).toBe(false);
    expect(custom.isWorkingDay('2030-01-02')).toBe(true);
    expect(() => custom.isWorkingDay('2031-01-02')).toThrow(CalendarCoverageError);
  });
});
