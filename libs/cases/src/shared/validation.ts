import { IsISO8601, Matches, ValidateBy } from 'class-validator';
import { isCalendarDate, isCalendarDateTime } from '@scp/platform-graphql';
import { invalid } from '@scp/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** Ids that are not uuids cannot exist: answer as "not found" would, but as bad input. */
export function requireUuid(value: unknown, field: string): string {
  if (!isUuid(value)) throw invalid(`${field} is not a valid id`, field);
  return value.toLowerCase();
}

export function requireDate(value: string, field: string): string {
  // Not Date.parse: V8 reads 2027-02-30 as 2 March; PostgreSQL refuses it.
  if (!isCalendarDate(value)) throw invalid(`${field} must be a date as YYYY-MM-DD`, field);
  return value;
}

/** A real calendar date as YYYY-MM-DD (rejects 2027-02-30, which the database would refuse). */
export function IsCalendarDate(): PropertyDecorator {
  return (target: object, propertyKey: string | symbol) => {
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${String(propertyKey)} must be a date as YYYY-MM-DD` })(
      target,
      propertyKey,
    );
    IsISO8601({ strict: true }, { message: `${String(propertyKey)} must be a real date` })(
      target,
      propertyKey,
    );
  };
}

/**
 * A real date (YYYY-MM-DD) or a real date-time with an offset (2026-01-31T09:00:00Z): checked
 * here, since `2026-99-99T00:00:00Z` used to reach the database's `::timestamptz` and fail there.
 */
export function IsCalendarDateOrDateTime(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDateOrDateTime',
    validator: {
      validate: (value) => isCalendarDate(value) || isCalendarDateTime(value),
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be a real date (YYYY-MM-DD) or date-time with an offset (2026-01-31T09:00:00Z)`,
    },
  });
}
