import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { CASE_TRANSITIONS, EVENT_TYPES, type CaseStatus, type DataCategory } from '@scp/contracts';
import { londonDay } from '@scp/platform-calendar';
import { withAccess, type AccessView, type WithAccess } from '@scp/platform-access';
import { badInput, conflict, forbidden } from '@scp/platform-graphql';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import { updateReturning, type RequestScope } from '../shared/scope.js';
import { writeEvent } from '../shared/audit.js';
import { FreeTextGuard } from '../shared/free-text.js';
import { isClinicChair, loadVisibleCase } from './case-lookup.js';
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
  return m.query(
    `SELECT o.id AS "orderId", o.order_type_code AS "orderType", t.name AS "orderTypeName", o.status,
            to_char(o.served_on, 'YYYY-MM-DD') AS "servedOn", to_char(o.fixed_end_on, 'YYYY-MM-DD') AS "expiresOn",
            o.until_further_order AS "untilFurtherOrder"
       FROM cases.orders o JOIN cases.order_types t ON t.code = o.order_type_code
      WHERE o.case_id = $1 AND o.status = ANY($2::text[])
        AND (o.until_further_order OR o.fixed_end_on IS NULL OR o.fixed_end_on >= $3::date)
      ORDER BY o.served_on NULLS LAST, o.created_at, o.id`,
    [caseId, [...IN_FORCE_STATUSES], londonDay(new Date())],
  );
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
      throw badInput("Give either the victim's view or why the victim could not be contacted", 'victimView');
    if (!(await scope.access.canWrite(row, 'D13')))
      throw forbidden("Not permitted to record the victim's view on this case", { category: 'D13' });
    if (row.status === 'CLOSED') throw badInput('The case is closed', 'caseId');
    await this.freeText.assert(scope, row.id, view ?? reason, view ? 'victimView' : 'notContactableReason');
    const recorded = await this.ds.transaction(async (m) => {
      const inserted: { id: string; recorded_at: Date }[] = await m.query(
        `INSERT INTO cases.closure_victim_views (case_id, victim_view, not_contactable_reason, recorded_by_user_id, recorded_by_agency_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id, recorded_at`,
        [row.id, view, reason, scope.actor.userId, scope.actor.agencyId],
      );
      await touchCaseTime(m, row.id, ['D13']);
      await this.audit.write(
        [writeEvent(scope, 'CREATE', 'Case', row.id, ['D13'], 'recordClosureVictimView', { caseId: row.id })],
        m,
      );
      return inserted[0]!;
    });
    return withAccess(
      { id: recorded.id, victimView: view, notContactableReason: reason, recordedAt: recorded.recorded_at },
      scope.access.view(row),
    );
  }

  async close(scope: RequestScope, input: CloseCaseInput): Promise<string> {
    const row = await loadVisibleCase(scope, this.ds, input.caseId);
    if (!(await scope.access.canWrite(row, 'D1')) || !(await isClinicChair(scope, this.ds, row.clinicId)))
      throw forbidden('Only the chair of the clinic can close a case');
    const status = row.status as CaseStatus;
    if (!CASE_TRANSITIONS[status].includes('CLOSED'))
      throw badInput(`A ${status} case cannot be closed`, 'caseId');
    const rationale = input.rationale.trim();
    if (rationale.length < 10) throw badInput('Give the rationale in at least 10 characters', 'rationale');
    const chairNote = input.victimNotContactableReason?.trim() || null;
    await this.freeText.assert(scope, row.id, rationale, 'rationale');
    await this.freeText.assert(scope, row.id, chairNote, 'victimNotContactableReason');
    const overrides = new Map<string, string>();
    for (const [i, o] of (input.actionOverrides ?? []).entries()) {
      const reason = o.reason.trim();
      if (reason.length < 5) throw badInput('Give each override a reason', `actionOverrides.${i}.reason`);
      await this.freeText.assert(scope, row.id, reason, `actionOverrides.${i}.reason`);
      overrides.set(o.actionId.toLowerCase(), reason);
    }

    await this.ds.transaction(async (m) => {
      // Lock the case first: a concurrent change bumps the version and this closure conflicts.
      const locked: { version: number }[] = await m.query(
        `SELECT version FROM cases.cases WHERE id = $1 FOR UPDATE`,
        [row.id],
      );
      if (locked[0]?.version !== input.expectedVersion) throw conflict();

      const open = await OpenActionsReplica.openFor(m, row.id);
      const missing = open.filter((id) => !overrides.has(id));
      if (missing.length)
        throw badInput(
          `Open actions must be completed first, or each overridden with a reason: ${missing.join(', ')}`,
          'actionOverrides',
        );
      const stale = [...overrides.keys()].filter((id) => !open.includes(id));
      if (stale.length)
        throw badInput(`Not open actions of this case: ${stale.join(', ')}`, 'actionOverrides');

      const [latestView]: { id: string; victim_view: string | null }[] = await m.query(
        `SELECT id, victim_view FROM cases.closure_victim_views WHERE case_id = $1
          ORDER BY recorded_at DESC, id DESC LIMIT 1`,
        [row.id],
      );
      let victimViewStatus: 'RECORDED' | 'NOT_CONTACTABLE' | 'NOT_REQUIRED';
      if (latestView) {
        if (chairNote)
          throw badInput(
            "The victim's view was recorded through the advocate; no not-contactable note is needed",
            'victimNotContactableReason',
          );
        victimViewStatus = latestView.victim_view ? 'RECORDED' : 'NOT_CONTACTABLE';
      } else if (chairNote) victimViewStatus = 'NOT_CONTACTABLE';
      else if (row.tier === 'CONSULTATION_ONLY') victimViewStatus = 'NOT_REQUIRED';
      else
        throw badInput(
          "Record the victim's view through the advocate first, or mark the victim not contactable with a reason",
          'victimNotContactableReason',
        );

      const orders = await ordersInForce(m, row.id);
      const actionOverrides = open.map((actionId) => ({ actionId, reason: overrides.get(actionId)! }));
      const closed: { id: string }[] = await m.query(
        `INSERT INTO cases.closures (case_id, rationale, victim_view_status, victim_view_id, victim_not_contactable_reason,
           action_overrides, orders_in_force, previous_status, closed_by_user_id, closed_by_agency_id)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10) RETURNING id`,
        [
          row.id,
          rationale,
          victimViewStatus,
          latestView?.id ?? null,
          latestView ? null : chairNote,
          JSON.stringify(actionOverrides),
          JSON.stringify(orders),
          status,
          scope.actor.userId,
          scope.actor.agencyId,
        ],
      );
      const updated = await updateReturning<{ id: string }>(
        m,
        `UPDATE cases.cases SET status = 'CLOSED', closed_at = now(), version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
        [row.id, input.expectedVersion],
      );
      if (!updated.length) throw conflict();
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
          closureId: closed[0]!.id,
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
