import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_TYPES, type EventType, forbidden, notFound } from '@scp/contracts';
import type { FieldKey } from '@scp/platform-access';
import { findCasesByIds, type CaseRow } from '../case/case.repository.js';
import type { RequestScope } from '../shared/scope.js';
import type { OutboxLike } from '../shared/tokens.js';
import { touchCaseTime } from '../shared/case-time.js';

/**
 * Loads a case fresh for a write and checks the caller may see it; a case (or an entry of one)
 * the caller may not see is "not found", whatever `entity` names.
 */
export async function loadCaseForWrite(
  ds: DataSource | EntityManager,
  scope: RequestScope,
  caseId: string,
  entity = 'Case',
): Promise<CaseRow> {
  const [row] = await findCasesByIds(ds, [caseId]);
  await scope.access.ability();
  if (!row) throw notFound(entity);
  scope.access.invalidate(caseId);
  if (!scope.access.view(row).fields.has('D1')) throw notFound(entity);
  return row;
}

/** Refuses the whole write when any category it carries is not writable by the caller. */
export async function requireWrite(scope: RequestScope, row: CaseRow, categories: Iterable<FieldKey>) {
  for (const category of categories)
    if (!(await scope.access.canWrite(row, category)))
      throw forbidden(`Not permitted to record ${category} on this case`, { category });
}

/** An outbox event about a case: ids and codes only. */
export async function caseEvent(
  m: EntityManager,
  outbox: OutboxLike,
  scope: RequestScope,
  row: CaseRow,
  type: EventType,
  payload: Record<string, string | number | boolean | null>,
) {
  await outbox.write(m, {
    type,
    aggregateType: 'Case',
    aggregateId: row.id,
    actorId: scope.actor.userId,
    correlationId: scope.actor.requestId,
    payload: { caseId: row.id, clinicId: row.clinicId, ...payload },
  });
}

/** Bumps the case's updated time and tells other services which categories changed. */
export async function touchCase(
  m: EntityManager,
  outbox: OutboxLike,
  scope: RequestScope,
  row: CaseRow,
  categories: FieldKey[],
) {
  await touchCaseTime(m, row.id, categories);
  await outbox.write(m, {
    type: EVENT_TYPES.caseUpdated,
    aggregateType: 'Case',
    aggregateId: row.id,
    actorId: scope.actor.userId,
    correlationId: scope.actor.requestId,
    payload: { caseId: row.id, clinicId: row.clinicId, categories },
  });
}
