import { IsISO8601, Matches } from 'class-validator';
import { badInput } from '@scp/platform-graphql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** Ids that are not uuids cannot exist: answer as "not found" would, but as bad input. */
export function requireUuid(value: unknown, field: string): string {
  if (!isUuid(value)) throw badInput(`${field} is not a valid id`, field);
  return value.toLowerCase();
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export function requireDate(value: string, field: string): string {
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw badInput(`${field} must be a date as YYYY-MM-DD`, field);
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
