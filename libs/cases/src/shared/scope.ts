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

/** Where data access runs: the data source, or the transaction's entity manager. */
export type Queryable = DataSource | EntityManager;

/** The entity manager of either (a data source's own manager runs outside any transaction). */
export function managerOf(db: Queryable): EntityManager {
  return 'manager' in db ? db.manager : db;
}

export { updateReturning } from '@scp/platform-database';
