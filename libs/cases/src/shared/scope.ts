import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@scp/contracts';
import type { RequestAudit } from '@scp/platform-graphql';
import type { CaseAccess } from '../access/case-access.js';
import type { CaseLoaders } from './loaders.js';

/** Everything a service method needs to know about who is asking. Actor first, always. */
export interface RequestScope {
  actor: Actor;
  access: CaseAccess;
  audit: RequestAudit;
  loaders: CaseLoaders;
}

export type Queryable = Pick<DataSource | EntityManager, 'query'>;

/**
 * Rows of an `UPDATE … RETURNING`: TypeORM's postgres driver answers UPDATE and DELETE with
 * `[rows, affectedCount]` rather than the rows, which would make "no row matched" look like two.
 */
export async function updateReturning<T>(db: Queryable, sql: string, params: unknown[]): Promise<T[]> {
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
