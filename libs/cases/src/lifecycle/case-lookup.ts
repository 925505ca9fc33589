import { effectiveRoles } from '@scp/platform-access';
import { notFound } from '@scp/platform-graphql';
import { findCasesByIds, type CaseRow } from '../case/case.repository.js';
import { managerOf, type Queryable, type RequestScope } from '../shared/scope.js';
import { UserEntity, UserRoleEntity } from '../directory/directory.entities.js';

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
  return managerOf(db)
    .createQueryBuilder(UserRoleEntity, 'r')
    .innerJoin(UserEntity, 'u', 'u.id = r.userId AND u.active')
    .where('r.userId = :userId', { userId: scope.actor.userId })
    .andWhere("r.role = 'CLINIC_CHAIR'")
    .andWhere('r.clinicId = :clinicId', { clinicId })
    .getExists();
}

/** The justification an audit event records when the caller states no purpose (s62). */
export function contextJustification(scope: RequestScope, operation: string): string {
  return `${operation} by ${scope.actor.roles.join('/') || 'no role'} of agency ${scope.actor.agencyId}; justification: participation of the agency in the case`;
}
