import {
  formatDay,
  fromLondonWallTime,
  isoWeekday,
  londonWallTime,
  parseDay,
  shiftDay,
  type CalendarDay,
  type DateInput,
} from './london-time.js';

/** One event of GOV.UK's bank-holidays.json. */
export interface BankHolidayEvent {
  title: string;
  date: string;
  notes: string;
  bunting: boolean;
}

/** The shape of https://www.gov.uk/bank-holidays.json (only the division this service uses is required). */
export interface BankHolidayFile {
  'england-and-wales': { division: string; events: BankHolidayEvent[] };
  [division: string]: { division: string; events: BankHolidayEvent[] };
}

/**
 * Asked about a year the bank-holiday data does not cover. The calendar refuses rather than
 * guess: a deadline counted without a bank holiday is a deadline the victim misses.
 */
export class CalendarCoverageError extends Error {
  constructor(
    readonly year: number,
    readonly firstYear: number,
    readonly lastYear: number,
  ) {
    super(
      `England and Wales bank holidays are known for ${firstYear}–${lastYear} only, not ${year}: ` +
        'run libs/platform/calendar/scripts/refresh-bank-holidays.mjs',
    );
    this.name = 'CalendarCoverageError';
  }
}

/** Most working-day counts the law sets are 1–10; anything far larger is a bug upstream. */
const MAX_WORKING_DAYS = 366;

/**
 * Working days in England and Wales: Monday to Friday, except bank holidays (substitute days
 * included, as GOV.UK lists them). Built from data in GOV.UK's shape, checked on construction.
 */
export class WorkingCalendar {
  readonly firstYear: number;
  readonly lastYear: number;
  private readonly holidays: ReadonlyMap<string, BankHolidayEvent>;

  constructor(file: BankHolidayFile) {
    const division = file?.['england-and-wales'];
    if (!division || !Array.isArray(division.events) || !division.events.length)
      throw new Error('Bank-holiday data has no england-and-wales events');
    const holidays = new Map<string, BankHolidayEvent>();
    const years = new Set<number>();
    for (const event of division.events) {
      if (typeof event?.title !== 'string' || !event.title.trim())
        throw new Error('Bank-holiday event without a title');
      const day = parseDay(String(event.date));
      if (holidays.has(event.date)) throw new Error(`Bank holiday ${event.date} is listed twice`);
      holidays.set(event.date, event);
      years.add(day.year);
    }
    this.firstYear = Math.min(...years);
    this.lastYear = Math.max(...years);
    // A year with no event inside the range means the file is damaged, not that the year is free.
    for (let y = this.firstYear; y <= this.lastYear; y++)
      if (!years.has(y)) throw new Error(`Bank-holiday data has a gap: no events in ${y}`);
    this.holidays = holidays;
  }

  private covered(day: CalendarDay): void {
    if (day.year < this.firstYear || day.year > this.lastYear)
      throw new CalendarCoverageError(day.year, this.firstYear, this.lastYear);
  }

  private isWorking(day: CalendarDay): boolean {
    this.covered(day);
    return isoWeekday(day) <= 5 && !this.holidays.has(formatDay(day));
  }

  /** The bank holiday on the input's London calendar day, if any. */
  bankHoliday(input: DateInput): BankHolidayEvent | null {
    const { day } = londonWallTime(input);
    this.covered(day);
    return this.holidays.get(formatDay(day)) ?? null;
  }

  isBankHoliday(input: DateInput): boolean {
    return this.bankHoliday(input) !== null;
  }

  /** Whether the input's London calendar day is a working day. */
  isWorkingDay(input: DateInput): boolean {
    return this.isWorking(londonWallTime(input).day);
  }

  /**
   * The London calendar day `n` working days after (n > 0) or before (n < 0) the input's London
   * day; `n = 0` is the input's own day, working or not. Counting starts the day after: an event
   * on a Friday, plus one working day, is the next Monday that is not a bank holiday.
   */
  workingDayAfter(input: DateInput, n: number): string {
    return formatDay(this.step(londonWallTime(input).day, n));
  }

  private step(from: CalendarDay, n: number): CalendarDay {
    if (!Number.isInteger(n) || Math.abs(n) > MAX_WORKING_DAYS)
      throw new RangeError(`n must be a whole number of working days up to ${MAX_WORKING_DAYS}`);
    this.covered(from);
    const direction = n < 0 ? -1 : 1;
    let day = from;
    for (let left = Math.abs(n); left > 0;) {
      day = shiftDay(day, direction);
      if (this.isWorking(day)) left--;
    }
    return day;
  }

  /** The same London wall-clock time on the day `n` working days after (or before) the input. */
  addWorkingDays(input: DateInput, n: number): Date {
    const w = londonWallTime(input);
    return fromLondonWallTime({ ...w, day: this.step(w.day, n) });
  }

  /**
   * 23:59:59.999 London time of the `n`th working day after the event's London calendar day
   * (n ≥ 1): the Victims' Code "within n working days" deadline.
   */
  endOfNthWorkingDayAfter(eventAt: DateInput, n: number): Date {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be at least one working day');
    const day = this.step(londonWallTime(eventAt).day, n);
    return fromLondonWallTime({ day, hours: 23, minutes: 59, seconds: 59, milliseconds: 999 });
  }

  /** The bank holidays of one year, in date order. */
  bankHolidaysIn(year: number): BankHolidayEvent[] {
    this.covered({ year, month: 1, day: 1 });
    return [...this.holidays.values()]
      .filter((e) => e.date.startsWith(`${year}-`))
      .sort((a, b) => a.date.localeCompare(b.date));
  }
}
