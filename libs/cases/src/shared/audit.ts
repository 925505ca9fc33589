import type { DataCategory } from '@scp/contracts';
import type { AuditEventInput } from '@scp/platform-graphql';
import type { RequestScope } from './scope.js';

/** An audit event for a write, justified by the operation when no purpose is given. */
export function writeEvent(
  scope: RequestScope,
  action: 'CREATE' | 'UPDATE' | 'DELETE' | 'DISCLOSURE',
  entityType: string,
  entityId: string,
  categories: DataCategory[],
  operation: string,
  extra: Partial<AuditEventInput> = {},
): AuditEventInput {
  return {
    actorId: scope.actor.userId,
    actorAgencyId: scope.actor.agencyId,
    action,
    entityType,
    entityId,
    categories,
    purpose: `${operation} by ${scope.actor.roles.join('/') || 'no role'} of agency ${scope.actor.agencyId}`,
    requestId: scope.actor.requestId,
    ...extra,
  };
}
