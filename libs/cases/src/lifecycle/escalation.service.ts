import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CaseEntity } from '../case/case.entities.js';
import { EscalationEntity } from './lifecycle.entities.js';
import { CASE_TRANSITIONS, EVENT_TYPES, type CaseStatus, conflict, forbidden, invalid } from '@scp/contracts';
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
import type { CaseRow } from '../case/case.repository.js';
import { loadVisibleCase, mayPerformAtClinic } from './case-lookup.js';
import { findEscalationsByCases, type EscalationRow } from './lifecycle.repository.js';
import { groupRows, requestLoader } from './request-loader.js';
import type { EscalateCaseInput } from './lifecycle.inputs.js';

/**
 * Escalation to MAPPA (level 1–3) or MARAC with the reference they gave. The case becomes
 * ESCALATED and the clinic may carry on (CASE_TRANSITIONS lets it move on later); a case can be
 * escalated to both, each escalation a record of its own. The clinic's chair or a police SPOC
 * of a participating agency escalates; both hold D1 write.
 */
@Injectable()
export class EscalationService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    private readonly freeText: FreeTextGuard,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
  ) {}

  async escalationsOf(
    scope: RequestScope,
    caseView: AccessView,
    caseId: string,
  ): Promise<WithAccess<EscalationRow>[]> {
    const rows = await requestLoader(scope, 'escalations', async (ids) =>
      groupRows(await findEscalationsByCases(this.ds, ids), (r) => r.caseId, ids),
    ).load(caseId);
    return rows.map((r) => withAccess({ ...r }, caseView));
  }

  private async mayEscalate(scope: RequestScope, row: CaseRow): Promise<boolean> {
    if (!(await scope.access.canWrite(row, 'D1'))) return false;
    return mayPerformAtClinic(scope, this.ds, 'ESCALATE_CASE', row.clinicId);
  }

  async escalate(scope: RequestScope, input: EscalateCaseInput): Promise<string> {
    const row = await loadVisibleCase(scope, this.ds, input.caseId);
    if (!(await this.mayEscalate(scope, row)))
      throw forbidden('Only the clinic chair or a police SPOC can escalate a case');
    const status = row.status as CaseStatus;
    if (status !== 'ESCALATED' && !CASE_TRANSITIONS[status].includes('ESCALATED'))
      throw invalid(`A ${status} case cannot be escalated`, 'caseId');
    if (input.target === 'MAPPA' && !input.mappaLevel)
      throw invalid('A MAPPA escalation needs the level (1, 2 or 3)', 'mappaLevel');
    if (input.target === 'MARAC' && input.mappaLevel)
      throw invalid('Only a MAPPA escalation has a level', 'mappaLevel');
    if (input.escalatedOn > londonDay(new Date()))
      throw invalid('escalatedOn cannot be in the future', 'escalatedOn');
    const reference = input.externalReference.trim();
    const notes = input.notes?.trim() || null;
    await this.freeText.assert(scope, row.id, notes, 'notes');

    await this.ds.transaction(async (m) => {
      const updated = await m.update(
        CaseEntity,
        { id: row.id, version: input.expectedVersion, status },
        { status: 'ESCALATED', version: () => 'version + 1', updatedAt: () => 'now()' },
      );
      if (!updated.affected) throw conflict();
      const escalationId = randomUUID();
      await m.insert(EscalationEntity, {
        id: escalationId,
        caseId: row.id,
        target: input.target,
        mappaLevel: input.target === 'MAPPA' ? (input.mappaLevel ?? null) : null,
        externalReference: reference,
        escalatedOn: input.escalatedOn,
        notes,
        previousStatus: status,
        escalatedByUserId: scope.actor.userId,
        escalatedByAgencyId: scope.actor.agencyId,
      });
      await this.audit.write(
        [
          writeEvent(scope, 'UPDATE', 'Case', row.id, ['D1'], `escalateCase:${input.target}`, {
            caseId: row.id,
            ownerAgencyId: row.leadAgencyId,
          }),
        ],
        m,
      );
      await this.outbox.write(m, {
        type: EVENT_TYPES.caseEscalated,
        aggregateType: 'Case',
        aggregateId: row.id,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: {
          caseId: row.id,
          clinicId: row.clinicId,
          escalationId,
          target: input.target,
          mappaLevel: input.target === 'MAPPA' ? (input.mappaLevel ?? null) : null,
          previousStatus: status,
        },
      });
    });
    scope.loaders.cases.clear(row.id);
    scope.access.invalidate(row.id);
    return row.id;
  }
}
