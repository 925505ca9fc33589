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
