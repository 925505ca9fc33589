import type { DataSource, EntityManager } from 'typeorm';
import type { Request } from 'express';
import type { Actor, DataCategory } from '@scp/contracts';
import type { AuditEventInput, RequestAudit } from '@scp/platform-graphql';
import type { ReferralAccess } from '../access/referral-access.js';

/** Everything a service method needs to know about who is asking. */
export interface RequestScope {
  actor: Actor;
  access: ReferralAccess;
  audit: RequestAudit;
}

/** The GraphQL context of the referrals subgraph. */
export interface ReferralsContext extends RequestScope {
  req: Request;
}

export type Queryable = Pick<DataSource | EntityManager, 'query'>;

export { updateReturning } from '@scp/platform-database';

/** An audit event for a write, justified by the operation. */
export function writeEvent(
  scope: Pick<RequestScope, 'actor'>,
  action: 'CREATE' | 'UPDATE' | 'DISCLOSURE',
  entityId: string,
  categories: DataCategory[],
  operation: string,
  extra: Partial<AuditEventInput> = {},
): AuditEventInput {
  return {
    actorId: scope.actor.userId,
    actorAgencyId: scope.actor.agencyId,
    action,
    entityType: 'Referral',
    entityId,
    categories,
    purpose: `${operation} by ${scope.actor.roles.join('/') || 'no role'} of agency ${scope.actor.agencyId}`,
    requestId: scope.actor.requestId,
    ...extra,
  };
}
