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

export { updateReturning } from '@scp/platform-database';
