import { isCalendarDate, isCalendarDateTime } from './date-time.js';
import { badInput } from './errors.js';

/** What a list sorts by, as PostgreSQL prints it (`::text`): the cursor's value must read as that. */
export type CursorSort = 'text' | 'timestamptz' | 'date' | 'none';
/** The row key that breaks ties: a uuid, or a bigint sequence (audit events). */
export type CursorKey = 'uuid' | 'bigint';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BIGINT = /^(0|[1-9]\d{0,17})$/;
const MAX_TEXT = 1000;

const SORT_VALUE: Record<CursorSort, (value: unknown) => boolean> = {
  // PostgreSQL text cannot hold NUL: such a value would fail in the database, not here.
  text: (v) => typeof v === 'string' && v.length <= MAX_TEXT && !v.includes('\u0000'),
  timestamptz: isCalendarDateTime,
  date: isCalendarDate,
  none: (v) => v === null,
};

/** Opaque keyset cursors: base64url of [sortValue, key]. */
export function encodeCursor(value: string | number | null, key: string): string {
  return Buffer.from(JSON.stringify([value, key])).toString('base64url');
}

/**
 * The position a cursor names, checked against what the list sorts by before any SQL sees it: a
 * forged cursor (`["2026-99-99", "x"]`) is BAD_USER_INPUT on `after`, never a database error.
 */
export function decodeCursor(
  cursor: string,
  sort: CursorSort,
  key: CursorKey = 'uuid',
): [string | null, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    typeof parsed[1] === 'string' &&
    (key === 'uuid' ? UUID : BIGINT).test(parsed[1]) &&
    SORT_VALUE[sort](parsed[0])
  )
    return [parsed[0] as string | null, parsed[1]];
  throw badInput('The cursor is not one this list gave', 'after');
}
