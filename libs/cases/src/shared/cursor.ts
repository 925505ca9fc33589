import { badInput } from '@scp/platform-graphql';

/** Opaque keyset cursors: base64url of [sortValue, id]. */
export function encodeCursor(value: string | number | null, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string | number | null, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[1] === 'string' &&
      (parsed[0] === null || ['string', 'number'].includes(typeof parsed[0]))
    )
      return parsed as [string | number | null, string];
  } catch {
    // fall through
  }
  throw badInput('Invalid cursor', 'after');
}
