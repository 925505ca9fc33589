import { TZDate } from '@date-fns/tz';

/** Every deadline the law sets for this service is counted in England and Wales local time. */
export const LONDON = 'Europe/London';

/**
 * What the calendar accepts: an instant (`Date`, or an ISO date-time that states its offset or
 * `Z`), or a calendar day `YYYY-MM-DD`, read as that day in London. A date-time without an offset
 * is refused: whether "2026-03-29T01:30" is GMT or BST is exactly the question the caller must
 * answer, not the calendar.
 */
export type DateInput = Date | string;

/** A calendar day as `YYYY-MM-DD`, with its parts. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Parses `YYYY-MM-DD`, rejecting days that do not exist (2027-02-30). */
export function parseDay(value: string): CalendarDay {
  const match = DAY.exec(value);
  if (!match) throw new RangeError('A calendar day must be written YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day)
    throw new RangeError('Not a real calendar day');
  return { year, month, day };
}

export function formatDay({ year, month, day }: CalendarDay): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Calendar arithmetic on days: no clock is involved, so no daylight-saving change can move it. */
export function shiftDay(day: CalendarDay, days: number): CalendarDay {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: CalendarDay): number {
  const js = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
  return js === 0 ? 7 : js;
}

interface WallTime {
  day: CalendarDay;
  hours: number;
  minutes: number;
  seconds: number;
  milliseconds: number;
}

/** The London wall-clock reading of an input (a bare calendar day reads as its midnight). */
export function londonWallTime(input: DateInput): WallTime {
  if (typeof input === 'string' && DAY.test(input))
    return { day: parseDay(input), hours: 0, minutes: 0, seconds: 0, milliseconds: 0 };
  const t = new TZDate(toInstant(input).getTime(), LONDON);
  return {
    day: { year: t.getFullYear(), month: t.getMonth() + 1, day: t.getDate() },
    hours: t.getHours(),
    minutes: t.getMinutes(),
    seconds: t.getSeconds(),
    milliseconds: t.getMilliseconds(),
  };
}

/** The instant of a London wall-clock reading, as a plain `Date`. */
export function fromLondonWallTime(w: WallTime): Date {
  const t = new TZDate(
    w.day.year,
    w.day.month - 1,
    w.day.day,
    w.hours,
    w.minutes,
    w.seconds,
    w.milliseconds,
    LONDON,
  );
  return new Date(t.getTime());
}

/** An input as an instant; a bare calendar day is its London midnight. */
export function toInstant(input: DateInput): Date {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) throw new RangeError('Invalid date');
    return new Date(input.getTime());
  }
  if (typeof input !== 'string') throw new TypeError('Expected a Date or an ISO string');
  if (DAY.test(input)) return fromLondonWallTime(londonWallTime(input));
  if (!DATE_TIME.test(input))
    throw new RangeError('A date-time must be ISO 8601 with an offset or Z (or give a day as YYYY-MM-DD)');
  const ms = Date.parse(input);
  if (Number.isNaN(ms)) throw new RangeError('Invalid date-time');
  return new Date(ms);
}

/** The London calendar day (`YYYY-MM-DD`) of an input. */
export function londonDay(input: DateInput): string {
  return formatDay(londonWallTime(input).day);
}

/** 00:00:00.000 London time of the input's London calendar day. */
export function startOfDayLondon(input: DateInput): Date {
  const { day } = londonWallTime(input);
  return fromLondonWallTime({ day, hours: 0, minutes: 0, seconds: 0, milliseconds: 0 });
}

/** 23:59:59.999 London time of the input's London calendar day (23 or 25 hours after midnight on change days). */
export function endOfDayLondon(input: DateInput): Date {
  const { day } = londonWallTime(input);
  return fromLondonWallTime({ day, hours: 23, minutes: 59, seconds: 59, milliseconds: 999 });
}

/**
 * The same London wall-clock time `n` calendar days later (or earlier, for negative `n`). Across a
 * clock change that is 23 or 25 hours, not 24: "two days after service" means days on the calendar.
 */
export function addCalendarDays(input: DateInput, n: number): Date {
  if (!Number.isInteger(n)) throw new RangeError('n must be a whole number of days');
  const w = londonWallTime(input);
  return fromLondonWallTime({ ...w, day: shiftDay(w.day, n) });
}
