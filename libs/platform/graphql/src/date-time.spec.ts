import { decodeCursor, encodeCursor } from './cursor.js';
import { isCalendarDate, isCalendarDateTime } from './date-time.js';

describe('calendar checks (decided before any SQL)', () => {
  it('takes real days only', () => {
    for (const ok of ['2028-02-29', '2026-12-31', '9999-12-31'])
      expect([ok, isCalendarDate(ok)]).toEqual([ok, true]);
    for (const bad of [
      '2027-02-29',
      '2027-02-30',
      '2026-99-99',
      '2026-1-01',
      '2026-01-01T00:00:00Z',
      20260101,
    ])
      expect([bad, isCalendarDate(bad)]).toEqual([bad, false]);
  });

  it('takes instants with an offset, as clients write them and as PostgreSQL prints them', () => {
    for (const ok of [
      '2026-01-31T09:00:00Z',
      '2026-01-31T09:00Z',
      '2026-05-22T16:00:00.123+01:00',
      '2026-12-07 16:23:15.123456+00',
      '1970-01-01 00:00:00+00',
    ])
      expect([ok, isCalendarDateTime(ok)]).toEqual([ok, true]);
    for (const bad of [
      '2026-99-99T00:00:00Z',
      '2027-02-30T10:00:00Z',
      '2026-01-31T24:00:00Z',
      '2026-01-31T09:60:00Z',
      '2026-01-31T09:00:00',
      '2026-01-31',
      'tomorrow',
      1700000000000,
    ])
      expect([bad, isCalendarDateTime(bad)]).toEqual([bad, false]);
  });
});

describe('keyset cursors', () => {
  const id = '0b4f3c1e-8a1d-4c6e-9f2a-5d7b8c9e0f1a';

  it('give back what they hold when it reads as the list sorts', () => {
    expect(decodeCursor(encodeCursor('2026-12-07 16:23:15.1+00', id), 'timestamptz')).toEqual([
      '2026-12-07 16:23:15.1+00',
      id,
    ]);
    expect(decodeCursor(encodeCursor('smith', id), 'text')).toEqual(['smith', id]);
    expect(decodeCursor(encodeCursor(null, '42'), 'none', 'bigint')).toEqual([null, '42']);
  });

  it('refuse anything else as BAD_USER_INPUT on `after`', () => {
    const forged = [
      [encodeCursor('2026-99-99T00:00:00Z', id), 'timestamptz'],
      [encodeCursor('2027-02-30', id), 'date'],
      [encodeCursor('a\u0000b', id), 'text'],
      [encodeCursor('x', 'not-a-uuid'), 'text'],
      [encodeCursor(null, '1 OR 1=1'), 'none'],
      ['!!!', 'text'],
    ] as const;
    for (const [cursor, sort] of forged) {
      let thrown: unknown;
      try {
        decodeCursor(cursor, sort, sort === 'none' ? 'bigint' : 'uuid');
      } catch (e) {
        thrown = e;
      }
      expect((thrown as { extensions?: unknown }).extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'after',
      });
    }
  });
});
