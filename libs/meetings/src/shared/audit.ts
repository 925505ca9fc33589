import type { DataCategory } from '@scp/contracts';
import type { AuditEventInput } from '@scp/platform-graphql';
import type { MeetingsContext } from './context.js';

/** An audit event for a write, justified by the operation (s62: never an empty purpose). */
export function writeEvent(
  ctx: Pick<MeetingsContext, 'actor'>,
  action: 'CREATE' | 'UPDATE' | 'DELETE',
  entityType: string,
  entityId: string,
  categories: DataCategory[],
  operation: string,
  extra: Partial<AuditEventInput> = {},
): AuditEventInput {
  return {
    actorId: ctx.actor.userId,
    actorAgencyId: ctx.actor.agencyId,
    action,
    entityType,
    entityId,
    categories,
    purpose: `${operation} by ${ctx.actor.roles.join('/') || 'no role'} of agency ${ctx.actor.agencyId}`,
    requestId: ctx.actor.requestId,
    ...extra,
  };
}
