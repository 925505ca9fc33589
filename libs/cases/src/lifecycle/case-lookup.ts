import { heldRoles, mayPerform, type Transition } from '@scp/platform-access';
import { findCasesByIds, type CaseRow } from '../case/case.repository.js';
import { managerOf, type Queryable, type RequestScope } from '../shared/scope.js';
import { UserEntity, UserRoleEntity } from '../directory/directory.entities.js';
import { notFound } from '@scp/contracts';

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
 * May the caller perform this transition (TRANSITION_POLICY) on a record of this clinic? A role
 * the rule lets act anywhere suffices; a clinic-bound one must be held at this clinic in the
 * directory, because the actor carries roles and clinics separately (a chair of one clinic may
 * coordinate another). The role must also count for the user's agency type.
 */
export async function mayPerformAtClinic(
  scope: RequestScope,
  db: Queryable,
  transition: Transition,
  clinicId: string,
): Promise<boolean> {
  if (!mayPerform(scope.actor, transition, { clinicId })) return false;
  const { anywhere, atClinic } = heldRoles(scope.actor, transition);
  if (anywhere) return true;
  return managerOf(db)
    .createQueryBuilder(UserRoleEntity, 'r')
    .innerJoin(UserEntity, 'u', 'u.id = r.userId AND u.active')
    .where('r.userId = :userId', { userId: scope.actor.userId })
    .andWhere('r.role IN (:...roles)', { roles: atClinic })
    .andWhere('r.clinicId = :clinicId', { clinicId })
    .getExists();
}

/** The justification an audit event records when the caller states no purpose (s62). */
export function contextJustification(scope: RequestScope, operation: string): string {
  return `${operation} by ${scope.actor.roles.join('/') || 'no role'} of agency ${scope.actor.agencyId}; justification: participation of the agency in the case`;
}
