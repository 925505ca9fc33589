import { Inject, Injectable } from '@nestjs/common';
import { IsNull, type DataSource } from 'typeorm';
import { EVENT_TYPES } from '@scp/contracts';
import { withAccess } from '@scp/platform-access';
import { badInput, conflict, forbidden, notFound } from '@scp/platform-graphql';
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
import { findCasesByIds, type CaseRow } from '../case/case.repository.js';
import { caseEvent, loadCaseForWrite, requireWrite, touchCase } from '../orders/case-write.js';
import { findBreachById, type BreachRow } from './breaches.repository.js';
import { BreachEntity } from './breaches.entities.js';
import { BreachesService, type BreachView } from './breaches.service.js';
import type { DecideBreachApprovalInput, RecordBreachCrimeReferenceInput } from './breach-approval.inputs.js';

/** The most pending decisions one officer's task list shows. */
const TASK_LIMIT = 100;

/**
 * The supervisor's side of a breach recorded without a crime reference (issue 14 item 3,
 * docs/case-rules.md). The recorder names another officer of their force on the case; the reason
 * is PENDING, and the breach unresolved, until that officer approves or rejects it with a note.
 * A rejection asks for a crime reference, which any police officer who may record breaches on the
 * case adds; that resolves the breach.
 */
@Injectable()
export class BreachApprovalService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
    private readonly freeText: FreeTextGuard,
    private readonly breaches: BreachesService,
  ) {}

  /** The breach, if the caller may see it and record breaches on its case. */
  private async forWrite(
    scope: RequestScope,
    breachId: string,
  ): Promise<{ breach: BreachRow; row: CaseRow }> {
    const breach = await findBreachById(this.ds, breachId);
    if (!breach) throw notFound('Breach');
    const row = await loadCaseForWrite(this.ds, scope, breach.caseId, 'Breach');
    await this.breaches.reload(scope, row, breach.id);
    await requireWrite(scope, row, ['D17']);
    return { breach, row };
  }

  /** The caller's own pending decisions, oldest first, on cases they may still see. */
  async pendingFor(scope: RequestScope) {
    const rows = await this.ds.getRepository(BreachEntity).find({
      where: {
        reasonApprovedByUserId: scope.actor.userId,
        approvalStatus: 'PENDING',
        crimeReference: IsNull(),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: TASK_LIMIT,
    });
    const cases = new Map(
      (await findCasesByIds(this.ds, [...new Set(rows.map((r) => r.caseId))])).map((c) => [c.id, c]),
    );
    await scope.access.ability();
    return rows.flatMap((b) => {
      const row = cases.get(b.caseId);
      const view = row ? scope.access.view(row) : null;
      if (!row || !view?.fields.has('D17')) return [];
      return [
        withAccess(
          {
            id: b.id,
            caseId: b.caseId,
            caseReference: row.reference,
            occurredAt: b.occurredAt,
            type: b.type,
            recordedAt: b.createdAt,
          },
          view,
        ),
      ];
    });
  }

  async decide(scope: RequestScope, input: DecideBreachApprovalInput): Promise<BreachView> {
    const { breach, row } = await this.forWrite(scope, input.breachId);
    if (breach.reasonApprovedByUserId?.toLowerCase() !== scope.actor.userId.toLowerCase())
      throw forbidden('Only the officer named to approve the reason decides it');
    if (breach.approvalStatus !== 'PENDING' || breach.crimeReference)
      throw badInput('This reason has already been decided', 'decision');
    const status = input.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED';
    const note = input.note?.trim() || null;
    if (status === 'REJECTED' && (!note || note.length < 10))
      throw badInput('Say why the reason is rejected (at least 10 characters)', 'note');
    // Every partner reads breaches: the note may not carry the victim's location or contact.
    await this.freeText.assert(scope, row.id, note ?? undefined, 'note');
    await this.ds.transaction(async (m) => {
      const updated = await m.getRepository(BreachEntity).update(
        {
          id: breach.id,
          version: input.expectedVersion,
          approvalStatus: 'PENDING',
          crimeReference: IsNull(),
        },
        {
          approvalStatus: status,
          approvalNote: note,
          approvalDecidedAt: () => 'now()',
          reasonApprovedAt: status === 'APPROVED' ? () => 'now()' : null,
          version: () => 'version + 1',
          updatedAt: () => 'now()',
        },
      );
      if (!updated.affected) throw conflict();
      await touchCase(m, this.outbox, scope, row, ['D17']);
      await caseEvent(m, this.outbox, scope, row, EVENT_TYPES.breachApprovalDecided, {
        breachId: breach.id,
        decision: status,
        recorderUserId: breach.recordedByUserId,
      });
      await this.audit.write(
        [
          writeEvent(scope, 'UPDATE', 'Case', row.id, ['D17'], `decideBreachApproval:${status}`, {
            caseId: row.id,
          }),
        ],
        m,
      );
    });
    return this.breaches.reload(scope, row, breach.id);
  }

  /** A crime reference added later: what a rejection asks for (or the recorder's own second thought). */
  async recordCrimeReference(
    scope: RequestScope,
    input: RecordBreachCrimeReferenceInput,
  ): Promise<BreachView> {
    const { breach, row } = await this.forWrite(scope, input.breachId);
    if (breach.crimeReference) throw badInput('This breach is already recorded as a crime', 'crimeReference');
    await this.ds.transaction(async (m) => {
      const updated = await m.getRepository(BreachEntity).update(
        { id: breach.id, version: input.expectedVersion, crimeReference: IsNull() },
        {
          crimeReference: input.crimeReference.trim(),
          version: () => 'version + 1',
          updatedAt: () => 'now()',
        },
      );
      if (!updated.affected) throw conflict();
      await touchCase(m, this.outbox, scope, row, ['D17']);
      await this.audit.write(
        [
          writeEvent(scope, 'UPDATE', 'Case', row.id, ['D17'], 'recordBreachCrimeReference', {
            caseId: row.id,
          }),
        ],
        m,
      );
    });
    return this.breaches.reload(scope, row, breach.id);
  }
}
