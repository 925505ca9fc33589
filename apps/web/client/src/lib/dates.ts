import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';

/** Every date and time the app shows or reads is in UK time, whatever the laptop's clock says. */
export const LONDON = 'Europe/London';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "1 December 2026" for a date ("2026-12-01") or an instant (in UK time). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = DATE_ONLY.exec(value);
  if (m) return format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])), 'd MMMM yyyy');
  return format(new TZDate(value, LONDON), 'd MMMM yyyy');
}

/** "2:30pm" (GOV.UK style: lower-case am/pm, "midday" and "midnight"). */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = new TZDate(value, LONDON);
  if (d.getHours() === 12 && d.getMinutes() === 0) return 'midday';
  if (d.getHours() === 0 && d.getMinutes() === 0) return 'midnight';
  return format(d, d.getMinutes() === 0 ? 'ha' : 'h:mma').toLowerCase();
}

/** "1 December 2026 at 2:30pm" */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  return `${formatDate(value)} at ${formatTime(value)}`;
}

/** "Tuesday 1 December 2026" */
export function formatDayDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = DATE_ONLY.exec(value);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new TZDate(value, LONDON);
  return format(d, 'EEEE d MMMM yyyy');
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** A GOV.UK date input's parts as "YYYY-MM-DD", or an error message in GOV.UK words. */
export function datePartsToIso(parts: DateParts, label: string): { value?: string; error?: string } {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (!day && !month && !year) return { error: `Enter ${label}` };
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean);
  if (missing.length) return { error: `${capitalise(label)} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return { error: `${capitalise(label)} must be a real date` };
  const d = Number(day);
  const mo = Number(month);
  const y = Number(year);
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d)
    return { error: `${capitalise(label)} must be a real date` };
  return { value: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` };
}

/** "YYYY-MM-DD" back to date-input parts. */
export function isoToDateParts(value: string | null | undefined): DateParts {
  const m = value ? DATE_ONLY.exec(value) : null;
  return m
    ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! }
    : { day: '', month: '', year: '' };
}

/** A UK wall-clock time ("14:30", "2:30pm") on a date as a UTC instant, or an error message. */
export function londonDateTimeToIso(
  date: string,
  time: string,
  label: string,
): { value?: string; error?: string } {
  const m = /^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$/i.exec(time);
  if (!time.trim()) return { error: `Enter ${label}` };
  if (!m) return { error: `${capitalise(label)} must be a time, like 14:30` };
  let hours = Number(m[1]);
  const minutes = Number(m[2] ?? '0');
  const suffix = m[3]?.toLowerCase();
  if (suffix === 'pm' && hours < 12) hours += 12;
  if (suffix === 'am' && hours === 12) hours = 0;
  if (hours > 23 || minutes > 59) return { error: `${capitalise(label)} must be a real time` };
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return { value: new Date(new TZDate(y, mo - 1, d, hours, minutes, LONDON).getTime()).toISOString() };
}

/** Today's date in the UK, as "YYYY-MM-DD". */
export function londonToday(now: Date = new Date()): string {
  return format(new TZDate(now, LONDON), 'yyyy-MM-dd');
}

/** "YYYY-MM-DD" of a UK instant. */
export function londonDateOf(value: string): string {
  return format(new TZDate(value, LONDON), 'yyyy-MM-dd');
}

/** "HH:mm" of a UK instant. */
export function londonTimeOf(value: string): string {
  return format(new TZDate(value, LONDON), 'HH:mm');
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
