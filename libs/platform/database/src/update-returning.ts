/**
 * Rows of an `UPDATE … RETURNING`: TypeORM's postgres driver answers UPDATE and DELETE with
 * `[rows, affectedCount]` rather than the rows, which would make "no row matched" look like two.
 */
export async function updateReturning<T>(
  db: { query(sql: string, params?: unknown[]): Promise<unknown> },
  sql: string,
  params: unknown[],
): Promise<T[]> {
  // raw SQL: this helper runs the caller's UPDATE … RETURNING
  const result: unknown = await db.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as T[];
  return result as T[];
}
