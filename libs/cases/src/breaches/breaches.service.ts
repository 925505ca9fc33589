import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import { EVENT_TYPES, type DataCategory } from '@scp/contracts';
import { withAccess, type AccessView, type FieldKey, type WithAccess } from '@scp/platform-access';
import { badInput, conflict, notFound } from '@scp/platform-graphql';
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
import type { CaseRow } from '../case/case.repository.js';
import { caseEvent, loadCaseForWrite, requireWrite, touchCase } from '../orders/case-write.js';
import { findOrderById } from '../orders/orders.repository.js';
import { lifecycleOf } from '../lifecycle/clinic-lifecycle.js';
import { URGENT_REVIEW_TRIGGERS, VICTIM_UPDATE_TRIGGERS } from '../victim-updates/victim-update-rules.js';
import { parseInstant, VictimUpdatesService } from '../victim-updates/victim-updates.service.js';
import { BREACH_TYPES } from './breaches.model.js';
import { findBreachById, type BreachRow } from './breaches.repository.js';
import { BreachEntity } from './breaches.entities.js';
import { CaseEntity } from '../case/case.entities.js';
import { OrderConditionEntity } from '../orders/orders.entities.js';
import { AgencyEntity, UserEntity } from '../directory/directory.entities.js';
import { breachLoaders } from './breaches.loaders.js';
import type { RecordBreachInput, RecordBreachOutcomeInput } from './breaches.inputs.js';

export type BreachView = WithAccess<BreachRow>;

const APPROVER_FIELD = 'crimeNotRecorded.approvedByUserId';

/** The categories a breach write touches: D17, plus what its police actions set off. */
function categoriesFor(actions: string[]): FieldKey[] {
  const out: FieldKey[] = ['D17'];
  if (actions.some((a) => VICTIM_UPDATE_TRIGGERS.has(a))) out.push('D22');
  if (actions.some((a) => URGENT_REVIEW_TRIGGERS.has(a))) out.push('D1');
  return out;
}

/**
 * Breaches of orders (D17: every partner reads; police write). Each is recorded as a crime, or
 * with a reason why not that a police supervisor approved; police action on it (arrest,
 * interview, release, bail) asks for an urgent review and creates victim-update obligations.
 * Breaches are shown as a pattern: in time order with counts per type.
 *
 * The approving supervisor: this model has no supervisor role, so the approver is another
 * POLICE_SPOC of the recorder's own force whose agency takes part in the case, never the
 * recorder (also a database CHECK). The recorder names them; the reason is then PENDING, and
 * the named officer is told and decides (BreachApprovalService, docs/case-rules.md).
 */
@Injectable()
export class BreachesService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    private readonly freeText: FreeTextGuard,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
    private readonly updates: VictimUpdatesService,
  ) {}

  private viewFor(scope: RequestScope, row: CaseRow, b: BreachRow): AccessView | null {
    return scope.access.recordView(row, {
      category: 'D17',
      authorAgencyId: b.recordedByAgencyId,
      entityType: 'Breach',
      entityId: b.id,
    });
  }

  /** The case's breaches the reader may see, oldest first, with counts per type computed from them. */
  async patternOf(scope: RequestScope, row: CaseRow, caseView: AccessView) {
    await scope.access.ability();
    const rows = await breachLoaders(scope, this.ds).byCase.load(row.id);
    const nodes: BreachView[] = rows.flatMap((b) => {
      const view = this.viewFor(scope, row, b);
      return view ? [withAccess({ ...b }, view)] : [];
    });
    const counts = new Map<string, number>();
    for (const b of nodes) counts.set(b.type, (counts.get(b.type) ?? 0) + 1);
    return withAccess(
      {
        nodes,
        total: nodes.length,
        unresolved: nodes.filter((b) => !b.resolved).length,
        countsByType: BREACH_TYPES.filter((t) => counts.has(t)).map((type) =>
          withAccess({ type, count: counts.get(type)! }, caseView),
        ),
        firstOccurredAt: nodes[0]?.occurredAt ?? null,
        lastOccurredAt: nodes.at(-1)?.occurredAt ?? null,
      },
      caseView,
    );
  }

  async urgentReviewRequestedAt(scope: RequestScope, caseId: string): Promise<Date | null> {
    return breachLoaders(scope, this.ds).urgentReview.load(caseId);
  }

  /**
   * Who the caller may name as the approving supervisor: the other POLICE_SPOC officers of their
   * own force on this case. Only for a caller who may record breaches on the case; names and ids
   * only, never another force's users. recordBreach accepts exactly these (checkApprover).
   */
  async approversFor(scope: RequestScope, caseId: string): Promise<{ id: string; displayName: string }[]> {
    const row = await loadCaseForWrite(this.ds, scope, caseId);
    await requireWrite(scope, row, ['D17']);
    return this.approvers(scope, row);
  }

  /** The rule itself: one query for the list and the check, so they cannot disagree. */
  private approvers(scope: RequestScope, row: CaseRow): Promise<{ id: string; displayName: string }[]> {
    return this.ds
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .select(['u.id', 'u.displayName'])
      .innerJoin(AgencyEntity, 'a', "a.id = u.agencyId AND a.active AND a.type = 'POLICE'")
      .where('u.agencyId = :agencyId AND u.active AND u.id <> :userId', {
        agencyId: scope.actor.agencyId,
        userId: scope.actor.userId,
      })
      .andWhere("EXISTS (SELECT 1 FROM cases.user_roles r WHERE r.user_id = u.id AND r.role = 'POLICE_SPOC')")
      .andWhere(
        'EXISTS (SELECT 1 FROM cases.participants p WHERE p.case_id = :caseId AND p.agency_id = u.agencyId AND p.left_at IS NULL)',
        { caseId: row.id },
      )
      .orderBy('u.displayName')
      .addOrderBy('u.id')
      .getMany();
  }

  private async checkApprover(scope: RequestScope, row: CaseRow, approverId: string) {
    if (approverId.toLowerCase() === scope.actor.userId.toLowerCase())
      throw badInput('The supervisor who approves the reason must not be the recorder', APPROVER_FIELD);
    const allowed = (await this.approvers(scope, row)).some(
      (u) => u.id.toLowerCase() === approverId.toLowerCase(),
    );
    // One answer for every reason, so the field is no oracle about other forces' users.
    if (!allowed)
      throw badInput(
        'The approver must be another police officer of your force on this case',
        APPROVER_FIELD,
      );
  }

  private async checkOrderLink(row: CaseRow, orderId?: string, conditionId?: string) {
    if (conditionId && !orderId) throw badInput('Give the order the condition belongs to', 'orderId');
    if (!orderId) return;
    const order = await findOrderById(this.ds, orderId);
    if (!order || order.caseId !== row.id) throw badInput('No such order on this case', 'orderId');
    if (conditionId) {
      const exists = await this.ds.getRepository(OrderConditionEntity).existsBy({ id: conditionId, orderId });
      if (!exists) throw badInput('No such condition on that order', 'conditionId');
    }
  }

  /** Marks the case for an urgent risk review (kept from the first request until cleared). */
  private async requestUrgentReview(m: EntityManager, scope: RequestScope, row: CaseRow, breachId: string) {
    await m.getRepository(CaseEntity).update(row.id, {
      urgentReviewRequestedAt: () => 'COALESCE(urgent_review_requested_at, now())',
      updatedAt: () => 'now()',
    });
    await caseEvent(m, this.outbox, scope, row, EVENT_TYPES.urgentReviewRequested, { breachId });
    await lifecycleOf(m, this.outbox, scope).urgentReviewRequested(row.id, breachId);
  }

  /** Police action on a breach: a criminal-justice event, with what it sets off. */
  private async recordOutcome(
    m: EntityManager,
    scope: RequestScope,
    row: CaseRow,
    breachId: string,
    action: string,
    occurredAt: Date,
  ): Promise<boolean> {
    await this.updates.recordEvent(m, scope, row, { type: action, occurredAt, breachId });
    return URGENT_REVIEW_TRIGGERS.has(action);
  }

  async reload(scope: RequestScope, row: CaseRow, id: string): Promise<BreachView> {
    breachLoaders(scope, this.ds).byCase.clear(row.id);
    breachLoaders(scope, this.ds).urgentReview.clear(row.id);
    scope.access.invalidate(row.id);
    const breach = await findBreachById(this.ds, id);
    const view = breach ? this.viewFor(scope, row, breach) : null;
    if (!breach || !view) throw notFound('Breach');
    return withAccess({ ...breach }, view);
  }

  async recordBreach(scope: RequestScope, input: RecordBreachInput): Promise<BreachView> {
    const row = await loadCaseForWrite(this.ds, scope, input.caseId);
    const outcomes = input.outcomes ?? [];
    const categories = categoriesFor(outcomes.map((o) => o.action));
    await requireWrite(scope, row, categories);
    const occurredAt = parseInstant(input.occurredAt, 'occurredAt');
    const reason = input.crimeNotRecorded;
    if (input.crimeReference && reason)
      throw badInput('Give a crime reference or a reason it was not recorded, not both', 'crimeNotRecorded');
    if (!input.crimeReference && !reason)
      throw badInput(
        "A breach is recorded as a crime: give crimeReference, or crimeNotRecorded with a police supervisor's approval",
        'crimeReference',
      );
    if (reason) await this.checkApprover(scope, row, reason.approvedByUserId);
    await this.checkOrderLink(row, input.orderId, input.conditionId);
    const actions = outcomes.map((o, i) => {
      const at = parseInstant(o.occurredAt, `outcomes.${i}.occurredAt`);
      if (at.getTime() < occurredAt.getTime())
        throw badInput('Police action cannot come before the breach', `outcomes.${i}.occurredAt`);
      return { action: o.action, at };
    });
    // Every partner reads breaches: neither text may carry the victim's location or contact.
    await this.freeText.assert(scope, row.id, input.description, 'description');
    await this.freeText.assert(scope, row.id, reason?.reason, 'crimeNotRecorded.reason');
    const id = await this.ds.transaction(async (m) => {
      const breachId = randomUUID();
      await m.getRepository(BreachEntity).insert({
        id: breachId,
        caseId: row.id,
        occurredAt,
        type: input.type,
        orderId: input.orderId ?? null,
        conditionId: input.conditionId ?? null,
        crimeReference: input.crimeReference?.trim() ?? null,
        noCrimeReason: reason?.reason.trim() ?? null,
        reasonApprovedByUserId: reason?.approvedByUserId ?? null,
        // The named supervisor decides later (BreachApprovalService): pending until then.
        approvalStatus: reason ? 'PENDING' : null,
        courseOfConductReference: input.courseOfConductReference?.trim() ?? null,
        description: input.description?.trim() ?? null,
        recordedByAgencyId: scope.actor.agencyId,
        recordedByUserId: scope.actor.userId,
      });
      let urgent = false;
      for (const a of actions)
        urgent = (await this.recordOutcome(m, scope, row, breachId, a.action, a.at)) || urgent;
      if (urgent) await this.requestUrgentReview(m, scope, row, breachId);
      await touchCase(m, this.outbox, scope, row, categories);
      await caseEvent(m, this.outbox, scope, row, EVENT_TYPES.breachRecorded, {
        breachId,
        type: input.type,
        crimeRecorded: Boolean(input.crimeReference),
        approvedByUserId: reason?.approvedByUserId ?? null,
      });
      if (reason)
        await caseEvent(m, this.outbox, scope, row, EVENT_TYPES.breachApprovalRequested, {
          breachId,
          approverUserId: reason.approvedByUserId,
        });
      await this.audit.write(
        [
          writeEvent(
            scope,
            'CREATE',
            'Case',
            row.id,
            categories as DataCategory[],
            `recordBreach:${input.type}`,
            {
              caseId: row.id,
            },
          ),
        ],
        m,
      );
      return breachId;
    });
    return this.reload(scope, row, id);
  }

  async recordBreachOutcome(scope: RequestScope, input: RecordBreachOutcomeInput): Promise<BreachView> {
    const breach = await findBreachById(this.ds, input.breachId);
    if (!breach) throw notFound('Breach');
    const row = await loadCaseForWrite(this.ds, scope, breach.caseId, 'Breach');
    if (!this.viewFor(scope, row, breach)) throw notFound('Breach');
    const categories = categoriesFor([input.action]);
    await requireWrite(scope, row, categories);
    const at = parseInstant(input.occurredAt, 'occurredAt');
    if (at.getTime() < breach.occurredAt.getTime())
      throw badInput('Police action cannot come before the breach', 'occurredAt');
    await this.ds.transaction(async (m) => {
      const updated = await m
        .getRepository(BreachEntity)
        .update(
          { id: breach.id, version: input.expectedVersion },
          { version: () => 'version + 1', updatedAt: () => 'now()' },
        );
      if (!updated.affected) throw conflict();
      if (await this.recordOutcome(m, scope, row, breach.id, input.action, at))
        await this.requestUrgentReview(m, scope, row, breach.id);
      await touchCase(m, this.outbox, scope, row, categories);
      await this.audit.write(
        [
          writeEvent(
            scope,
            'UPDATE',
            'Case',
            row.id,
            categories as DataCategory[],
            `recordBreachOutcome:${input.action}`,
            { caseId: row.id },
          ),
        ],
        m,
      );
    });
    return this.reload(scope, row, breach.id);
  }

  /** The clinic has held the urgent review: the flag is cleared (the request stays in the audit log). */
  async clearUrgentReview(scope: RequestScope, caseId: string): Promise<CaseRow> {
    const row = await loadCaseForWrite(this.ds, scope, caseId);
    await requireWrite(scope, row, ['D1']);
    await this.ds.transaction(async (m) => {
      const updated = await m
        .getRepository(CaseEntity)
        .update(
          { id: row.id, urgentReviewRequestedAt: Not(IsNull()) },
          { urgentReviewRequestedAt: null, updatedAt: () => 'now()' },
        );
      if (!updated.affected) throw badInput('No urgent review is requested on this case', 'caseId');
      await lifecycleOf(m, this.outbox, scope).urgentReviewClearedBy(row.id, scope.actor.userId);
      await touchCase(m, this.outbox, scope, row, ['D1']);
      await this.audit.write(
        [writeEvent(scope, 'UPDATE', 'Case', row.id, ['D1'], 'clearUrgentReview', { caseId: row.id })],
        m,
      );
    });
    breachLoaders(scope, this.ds).urgentReview.clear(row.id);
    scope.loaders.cases.clear(row.id);
    return row;
  }
}
