import { effectiveRoles } from '@scp/platform-access';
import { notFound } from '@scp/platform-graphql';
import { findCasesByIds, type CaseRow } from '../case/case.repository.js';
import type { Queryable, RequestScope } from '../shared/scope.js';

/**
 * Loads a case fresh (not from the request cache) and checks the caller may see its header;
 * a case the caller may not see is "not found", like one that does not exist.
 */
export async function loadVisibleCase(scope: RequestScope, db: Queryable, id: string): Promise<CaseRow> {
  const [row] = await findCasesByIds(db, [id]);
  await scope.access.ability();
  if (!row) throw notFound('Case');
  scope.access.invalidate(id);
  if (!scope.access.view(row).fields.has('D1')) throw notFound('Case');
  return row;
}

/**
 * Is the caller the chair of this clinic? Roles are clinic-bound in the directory, and the actor
 * carries roles and clinics separately (a chair of one clinic may coordinate another), so the
 * directory row decides. The role must also count for the user's agency type.
 */
export async function isClinicChair(scope: RequestScope, db: Queryable, clinicId: string): Promise<boolean> {
  if (!effectiveRoles(scope.actor).includes('CLINIC_CHAIR') || !scope.actor.clinicIds.includes(clinicId))
    return false;
  const rows: unknown[] = await db.query(
    `SELECT 1 FROM cases.user_roles r JOIN cases.users u ON u.id = r.user_id AND u.active
      WHERE r.user_id = $1 AND r.role = 'CLINIC_CHAIR' AND r.clinic_id = $2`,
    [scope.actor.userId, clinicId],
  );
  return rows.length > 0;
}

/** The justification an audit event records when the caller states no purpose (s62). */
export function contextJustification(scope: RequestScope, operation: string): string {
  return `${operation} by ${scope.actor.roles.join('/') || 'no role'} of agency ${scope.actor.agencyId}; justification: participation of the agency in the case`;
}
