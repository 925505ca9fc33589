import { Scalar, type CustomScalar } from '@nestjs/graphql';
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { ValidateBy } from 'class-validator';
import { badInput } from './errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 (a space for the `T` as well, which is how PostgreSQL prints a timestamptz as text);
// the offset is required, a time without one would be read in whatever zone the server runs.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)$/i;

function isCalendarDay(y: number, m: number, d: number): boolean {
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** A real calendar date as YYYY-MM-DD: `2027-02-30` and `2026-99-99` are not. */
export function isCalendarDate(value: unknown): value is string {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A real instant written as an RFC 3339 date-time with an offset (`2026-01-31T09:00:00Z`). */
export function isCalendarDateTime(value: unknown): value is string {
  const m = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const [hour, minute, second, offsetHour, offsetMinute] = [m[4], m[5], m[6], m[7], m[8]].map((v) =>
    Number(v ?? 0),
  ) as [number, number, number, number, number];
  return hour < 24 && minute < 60 && second < 60 && offsetHour < 24 && offsetMinute < 60;
}

const DATE_TIME_MESSAGE =
  'DateTime must be a real date and time with an offset, such as 2026-01-31T09:00:00Z';

function parseDateTime(value: unknown): Date {
  if (!isCalendarDateTime(value)) throw badInput(DATE_TIME_MESSAGE);
  return new Date(value);
}

/**
 * Every subgraph's `DateTime` (same name and description as @nestjs/graphql's, so the SDL does
 * not change). Nest's own scalar turns anything into `new Date(value)`, and an Invalid Date
 * reached the database as an internal error; this one refuses it as BAD_USER_INPUT before any
 * resolver runs.
 */
export const StrictDateTime = new GraphQLScalarType({
  name: 'DateTime',
  description:
    'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput(DATE_TIME_MESSAGE);
    return parseDateTime(ast.value);
  },
  serialize(value) {
    return value instanceof Date ? value.toISOString() : null;
  },
});

/**
 * The same scalar for Nest's code-first schema: a provider of each subgraph's module (Nest's
 * federation factory takes scalars from providers only, not from `buildSchemaOptions.scalarsMap`),
 * so every `Date` field and argument maps to it instead of Nest's lenient GraphQLISODateTime.
 */
@Scalar('DateTime', () => Date)
export class StrictDateTimeScalar implements CustomScalar<string | null, Date> {
  description = StrictDateTime.description ?? undefined;
  parseValue(value: unknown): Date {
    return parseDateTime(value);
  }
  parseLiteral(ast: ValueNode): Date {
    return StrictDateTime.parseLiteral(ast, undefined) as Date;
  }
  serialize(value: unknown): string | null {
    return StrictDateTime.serialize(value) as string | null;
  }
}

const calendarRule =
  (name: string, test: (value: unknown) => boolean, what: string) => (): PropertyDecorator =>
    ValidateBy({
      name,
      validator: { validate: test, defaultMessage: (args) => `${args?.property ?? 'value'} must be ${what}` },
    });

/** class-validator: a real calendar date as YYYY-MM-DD (a pattern alone lets 2026-99-99 reach SQL). */
export const IsCalendarDate = calendarRule('isCalendarDate', isCalendarDate, 'a real date as YYYY-MM-DD');

/** class-validator: a real date-time with an offset, such as 2026-05-22T16:00:00+01:00. */
export const IsCalendarDateTime = calendarRule(
  'isCalendarDateTime',
  isCalendarDateTime,
  'a real date-time with an offset, such as 2026-05-22T16:00:00+01:00',
);
