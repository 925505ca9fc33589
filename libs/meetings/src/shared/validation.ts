import { invalid } from '@scp/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw invalid(`${field} is not a valid id`, field);
  return value;
}

/** Trimmed text, required and bounded. */
export function requireText(value: string | null | undefined, field: string, max: number): string {
  const v = (value ?? '').trim();
  if (!v) throw invalid(`${field} is required`, field);
  if (v.length > max) throw invalid(`${field} is too long`, field);
  return v;
}

export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  if (v.length > max) throw invalid(`${field} is too long`, field);
  return v;
}
