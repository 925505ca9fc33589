import { managerOf, type Queryable } from '../shared/scope.js';
import { entitiesWith } from '../shared/typed-query.js';
import {
  ClosureEntity,
  ClosureVictimViewEntity,
  EscalationEntity,
  RepeatOpeningEntity,
} from './lifecycle.entities.js';

export type { OrderInForceRow } from './lifecycle.entities.js';
export type EscalationRow = EscalationEntity;

export async function findEscalationsByCases(
  db: Queryable,
  caseIds: readonly string[],
): Promise<EscalationRow[]> {
  if (!caseIds.length) return [];
  return managerOf(db)
    .createQueryBuilder(EscalationEntity, 'e')
    .where('e.caseId = ANY(:caseIds::uuid[])', { caseIds })
    .orderBy('e.createdAt', 'DESC')
    .addOrderBy('e.id', 'DESC')
    .getMany();
}

/**
 * A closure with the advocate's record of the victim's view it cites: `victimView` and
 * `victimNotContactableReason` come from that record, `chairNotContactableNote` is the chair's
 * own note (the closure's `victim_not_contactable_reason`).
 */
export type ClosureRow = Omit<ClosureEntity, 'victimNotContactableReason'> & {
  victimView: ClosureVictimViewEntity['victimView'];
  victimNotContactableReason: ClosureVictimViewEntity['notContactableReason'];
  chairNotContactableNote: ClosureEntity['victimNotContactableReason'];
};

export async function findClosuresByCases(db: Queryable, caseIds: readonly string[]): Promise<ClosureRow[]> {
  if (!caseIds.length) return [];
  const rows = await entitiesWith<
    ClosureEntity,
    { victimView: string | null; viewNotContactableReason: string | null }
  >(
    managerOf(db)
      .createQueryBuilder(ClosureEntity, 'c')
      .leftJoin(ClosureVictimViewEntity, 'v', 'v.id = c.victimViewId')
      .addSelect('v.victimView', 'victimView')
      .addSelect('v.notContactableReason', 'viewNotContactableReason')
      .where('c.caseId = ANY(:caseIds::uuid[])', { caseIds }),
    ['victimView', 'viewNotContactableReason'],
  );
  return rows.map(({ victimNotContactableReason, viewNotContactableReason, ...closure }) => ({
    ...closure,
    victimNotContactableReason: viewNotContactableReason,
    chairNotContactableNote: victimNotContactableReason,
  }));
}

export type RepeatRow = RepeatOpeningEntity;

export async function findRepeatsByCases(db: Queryable, caseIds: readonly string[]): Promise<RepeatRow[]> {
  if (!caseIds.length) return [];
  return managerOf(db)
    .createQueryBuilder(RepeatOpeningEntity, 'r')
    .where('r.caseId = ANY(:caseIds::uuid[])', { caseIds })
    .getMany();
}

export async function findRepeatsOf(db: Queryable, closedCaseIds: readonly string[]): Promise<RepeatRow[]> {
  if (!closedCaseIds.length) return [];
  return managerOf(db)
    .createQueryBuilder(RepeatOpeningEntity, 'r')
    .where('r.repeatOfCaseId = ANY(:closedCaseIds::uuid[])', { closedCaseIds })
    .getMany();
}
