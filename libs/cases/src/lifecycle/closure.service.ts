import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { CaseEntity } from '../case/case.entities.js';
import { OrderEntity, OrderTypeEntity } from '../orders/orders.entities.js';
import { ClosureEntity, ClosureVictimViewEntity } from './lifecycle.entities.js';
import {
  CASE_TRANSITIONS,
  EVENT_TYPES,
  type CaseStatus,
  type DataCategory,
  conflict,
  forbidden,
  invalid,
} from '@scp/contracts';
import { londonDay } from '@scp/platform-calendar';
import { withAccess, type AccessView, type WithAccess } from '@scp/platform-access';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import { writeEvent } from '../shared/audit.js';
import { FreeTextGuard } from '../shared/free-text.js';
import { loadVisibleCase, mayPerformAtClinic } from './case-lookup.js';
import { findClosuresByCases, type ClosureRow, type OrderInForceRow } from './lifecycle.repository.js';
import { OpenActionsReplica } from './open-actions.replica.js';
import { IN_FORCE_STATUSES } from '../orders/order-rules.js';

import { requestLoader } from './request-loader.js';
import type { CloseCaseInput, RecordClosureVictimViewInput } from './lifecycle.inputs.js';
import { touchCaseTime } from '../shared/case-time.js';

export type ClosureView = WithAccess<
  Omit<ClosureRow, 'actionOverrides' | 'ordersInForce'> & {
    actionOverrides: WithAccess<{ actionId: string; reason: string }>[];
    ordersInForce: WithAccess<OrderInForceRow>[];
  }
>;

/**
 * The orders of the case in force at closure (status in force, and not past a fixed end date),
 * with their expiry, as the closure record lists them. Read inside the closure's transaction:
 * the list is part of what the chair signs off, and every reader of the closure sees it only
 * with D15 (its fields are D15).
 */
export async function ordersInForce(m: EntityManager, caseId: string): Promise<OrderInForceRow[]> {
  // The record stores dates as YYYY-MM-DD text, as the entities read them.
  return m
    .createQueryBuilder(OrderEntity, 'o')
    .innerJoin(OrderTypeEntity, 't', 't.code = o.orderTypeCode')
    .select('o.id', 'orderId')
    .addSelect('o.orderTypeCode', 'orderType')
    .addSelect('t.name', 'orderTypeName')
    .addSelect('o.status', 'status')
    .addSelect("to_char(o.servedOn, 'YYYY-MM-DD')", 'servedOn')
    .addSelect("to_char(o.fixedEndOn, 'YYYY-MM-DD')", 'expiresOn')
    .addSelect('o.untilFurtherOrder', 'untilFurtherOrder')
    .where('o.caseId = :caseId', { caseId })
    .andWhere('o.status = ANY(:statuses::text[])', { statuses: [...IN_FORCE_STATUSES] })
    .andWhere('(o.untilFurtherOrder OR o.fixedEndOn IS NULL OR o.fixedEndOn >= :today::date)', {
      today: londonDay(new Date()),
    })
    .orderBy('o.servedOn', 'ASC', 'NULLS LAST')
    .addOrderBy('o.createdAt')
    .addOrderBy('o.id')
    .getRawMany<OrderInForceRow>();
}

/**
 * Closure (domain.md Lifecycle step 7): the chair of the case's clinic only, with a rationale; no
 * open actions unless the chair overrides each with a reason; the victim's view recorded through
 * the advocate (or the victim marked not contactable, with a reason); the orders in force and
 * their expiry listed in the record. The case becomes CLOSED, which nothing leaves: a new report
 * within 12 months reopens it as a repeat (a new case, ReopeningService).
 */
@Injectable()
export class ClosureService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    private readonly freeText: FreeTextGuard,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
  ) {}

  async closureOf(scope: RequestScope, caseView: AccessView, caseId: string): Promise<ClosureView | null> {
    const row = await requestLoader(scope, 'closures', async (ids) => {
      const rows = await findClosuresByCases(this.ds, ids);
      return ids.map((id) => rows.find((r) => r.caseId === id) ?? null);
    }).load(caseId);
    if (!row) return null;
    return withAccess(
      {
        ...row,
        actionOverrides: row.actionOverrides.map((o) => withAccess({ ...o }, caseView)),
        ordersInForce: row.ordersInForce.map((o) => withAccess({ ...o }, caseView)),
      },
      caseView,
    );
  }

  /**
   * The advocate records the victim's view of closure (D13), or why the victim could not be
   * contacted. Whoever may write D13 on the case may record it; the latest record is the one
   * the closure cites.
   */
  async recordVictimView(
    scope: RequestScope,
    input: RecordClosureVictimViewInput,
  ): Promise<
    WithAccess<{
      id: string;
      victimView: string | null;
      notContactableReason: string | null;
      recordedAt: Date;
    }>
  > {
    const row = await loadVisibleCase(scope, this.ds, input.caseId);
    const view = input.victimView?.trim() || null;
    const reason = input.notContactableReason?.trim() || null;
    if (!view === !reason)
      throw invalid("Give either the victim's view or why the victim could not be contacted", 'victimView');
    if (!(await scope.access.canWrite(row, 'D13')))
      throw forbidden("Not permitted to record the victim's view on this case", { category: 'D13' });
    if (row.status === 'CLOSED') throw invalid('The case is closed', 'caseId');
    await this.freeText.assert(scope, row.id, view ?? reason, view ? 'victimView' : 'notContactableReason');
    const recorded = await this.ds.transaction(async (m) => {
      const id = randomUUID();
      await m.insert(ClosureVictimViewEntity, {
        id,
        caseId: row.id,
        victimView: view,
        notContactableReason: reason,
        recordedByUserId: scope.actor.userId,
        recordedByAgencyId: scope.actor.agencyId,
      });
      const inserted = await m.findOneOrFail(ClosureVictimViewEntity, {
        select: { id: true, recordedAt: true },
        where: { id },
      });
      await touchCaseTime(m, row.id, ['D13']);
      await this.audit.write(
        [writeEvent(scope, 'CREATE', 'Case', row.id, ['D13'], 'recordClosureVictimView', { caseId: row.id })],
        m,
      );
      return inserted;
    });
    return withAccess(
      { id: recorded.id, victimView: view, notContactableReason: reason, recordedAt: recorded.recordedAt },
      scope.access.view(row),
    );
  }

  async close(scope: RequestScope, input: CloseCaseInput): Promise<string> {
    const row = await loadVisibleCase(scope, this.ds, input.caseId);
    if (
      !(await scope.access.canWrite(row, 'D1')) ||
      !(await mayPerformAtClinic(scope, this.ds, 'CLOSE_CASE', row.clinicId))
    )
      throw forbidden('Only the chair of the clinic can close a case');
    const status = row.status as CaseStatus;
    if (!CASE_TRANSITIONS[status].includes('CLOSED'))
      throw invalid(`A ${status} case cannot be closed`, 'caseId');
    const rationale = input.rationale.trim();
    if (rationale.length < 10) throw invalid('Give the rationale in at least 10 characters', 'rationale');
    const chairNote = input.victimNotContactableReason?.trim() || null;
    await this.freeText.assert(scope, row.id, rationale, 'rationale');
    await this.freeText.assert(scope, row.id, chairNote, 'victimNotContactableReason');
    const overrides = new Map<string, string>();
    for (const [i, o] of (input.actionOverrides ?? []).entries()) {
      const reason = o.reason.trim();
      if (reason.length < 5) throw invalid('Give each override a reason', `actionOverrides.${i}.reason`);
      await this.freeText.assert(scope, row.id, reason, `actionOverrides.${i}.reason`);
      overrides.set(o.actionId.toLowerCase(), reason);
    }

    await this.ds.transaction(async (m) => {
      // Lock the case first: a concurrent change bumps the version and this closure conflicts.
      const locked = await m.findOne(CaseEntity, {
        select: { id: true, version: true },
        where: { id: row.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (locked?.version !== input.expectedVersion) throw conflict();

      const open = await OpenActionsReplica.openFor(m, row.id);
      const missing = open.filter((id) => !overrides.has(id));
      if (missing.length)
        throw invalid(
          `Open actions must be completed first, or each overridden with a reason: ${missing.join(', ')}`,
          'actionOverrides',
        );
      const stale = [...overrides.keys()].filter((id) => !open.includes(id));
      if (stale.length)
        throw invalid(`Not open actions of this case: ${stale.join(', ')}`, 'actionOverrides');

      const latestView = await m.findOne(ClosureVictimViewEntity, {
        select: { id: true, victimView: true },
        where: { caseId: row.id },
        order: { recordedAt: 'DESC', id: 'DESC' },
      });
      let victimViewStatus: 'RECORDED' | 'NOT_CONTACTABLE' | 'NOT_REQUIRED';
      if (latestView) {
        if (chairNote)
          throw invalid(
            "The victim's view was recorded through the advocate; no not-contactable note is needed",
            'victimNotContactableReason',
          );
        victimViewStatus = latestView.victimView ? 'RECORDED' : 'NOT_CONTACTABLE';
      } else if (chairNote) victimViewStatus = 'NOT_CONTACTABLE';
      else if (row.tier === 'CONSULTATION_ONLY') victimViewStatus = 'NOT_REQUIRED';
      else
        throw invalid(
          "Record the victim's view through the advocate first, or mark the victim not contactable with a reason",
          'victimNotContactableReason',
        );

      const orders = await ordersInForce(m, row.id);
      const actionOverrides = open.map((actionId) => ({ actionId, reason: overrides.get(actionId)! }));
      const closureId = randomUUID();
      await m.insert(ClosureEntity, {
        id: closureId,
        caseId: row.id,
        rationale,
        victimViewStatus,
        victimViewId: latestView?.id ?? null,
        victimNotContactableReason: latestView ? null : chairNote,
        actionOverrides,
        ordersInForce: orders,
        previousStatus: status,
        closedByUserId: scope.actor.userId,
        closedByAgencyId: scope.actor.agencyId,
      });
      const updated = await m.update(
        CaseEntity,
        { id: row.id, version: input.expectedVersion },
        { status: 'CLOSED', closedAt: () => 'now()', version: () => 'version + 1', updatedAt: () => 'now()' },
      );
      if (!updated.affected) throw conflict();
      const categories: DataCategory[] = ['D1'];
      if (actionOverrides.length) categories.push('D18');
      await this.audit.write(
        [
          writeEvent(scope, 'UPDATE', 'Case', row.id, categories, 'closeCase', {
            caseId: row.id,
            ownerAgencyId: row.leadAgencyId,
          }),
        ],
        m,
      );
      await this.outbox.write(m, {
        type: EVENT_TYPES.caseClosed,
        aggregateType: 'Case',
        aggregateId: row.id,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: {
          caseId: row.id,
          clinicId: row.clinicId,
          closureId,
          previousStatus: status,
          overriddenActionIds: actionOverrides.map((o) => o.actionId),
          orderIdsInForce: orders.map((o) => o.orderId),
        },
      });
    });
    scope.loaders.cases.clear(row.id);
    scope.access.invalidate(row.id);
    return row.id;
  }
}
