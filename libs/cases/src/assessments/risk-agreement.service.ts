import { mayPerformAtClinic } from '../lifecycle/case-lookup.js';
import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { EVENT_TYPES, conflict, forbidden, invalid } from '@scp/contracts';
import { withAccess, type AccessView, type WithAccess } from '@scp/platform-access';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import { updateReturning, type RequestScope } from '../shared/scope.js';
import { writeEvent } from '../shared/audit.js';
import type { CaseRow } from '../case/case.repository.js';
import { CaseService, type CaseView } from '../case/case.service.js';
import { caseForWrite, groupBy, perRequest, screenFreeText } from '../agency-records/record-support.js';
import { findAgreementsByCases, findCitationsByAgreements } from './assessments.repository.js';
import {
  AssessmentEntity,
  RiskAgreementCitationEntity,
  RiskAgreementEntity,
} from './assessments.entities.js';
import { FreeTextGuard } from '../shared/free-text.js';
import type { AgreeRiskLevelInput } from './assessments.inputs.js';
import { AssessmentsService } from './assessments.service.js';

export type RiskAgreementView = WithAccess<RiskAgreementEntity & { changed: boolean; caseRow: CaseRow }>;

/**
 * The clinic's agreed risk level: a professional decision of the chair, separate from every
 * tool's output, kept as an append-only history so change between reviews can be measured.
 * The latest level is also the case header's `agreedRiskLevel` (D1), changed in the same
 * transaction under the case's optimistic lock.
 */
@Injectable()
export class RiskAgreementService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
    private readonly cases: CaseService,
    private readonly assessments: AssessmentsService,
    private readonly freeText: FreeTextGuard,
  ) {}

  private loaders(scope: RequestScope) {
    return perRequest(scope, 'risk-agreements', () => ({
      byCase: new DataLoader<string, RiskAgreementEntity[]>(async (ids) =>
        groupBy(await findAgreementsByCases(this.ds, ids), (r) => r.caseId, ids),
      ),
      citations: new DataLoader<string, string[]>(async (ids) =>
        groupBy(await findCitationsByAgreements(this.ds, ids), (r) => r.agreementId, ids).map((rows) =>
          rows.map((r) => r.assessmentId),
        ),
      ),
    }));
  }

  /** Newest first; each entry carries the case's view (the history is part of the header). */
  async historyOf(scope: RequestScope, caseRow: CaseRow, caseView: AccessView): Promise<RiskAgreementView[]> {
    const rows = await this.loaders(scope).byCase.load(caseRow.id);
    return rows.map((r) => withAccess({ ...r, changed: r.level !== r.previousLevel, caseRow }, caseView));
  }

  /** The assessments an agreement cites, as far as the reader may see them. */
  async citedOf(scope: RequestScope, entry: RiskAgreementView) {
    const ids = await this.loaders(scope).citations.load(entry.id);
    return this.assessments.visibleByIds(scope, entry.caseRow, ids);
  }

  /** The chair of the case's own clinic, through a role bound to that clinic. */
  private async isChairOf(scope: RequestScope, row: CaseRow): Promise<boolean> {
    return (
      (await mayPerformAtClinic(scope, this.ds, 'AGREE_RISK_LEVEL', row.clinicId)) &&
      (await scope.access.canWrite(row, 'D1'))
    );
  }

  async agree(scope: RequestScope, input: AgreeRiskLevelInput): Promise<CaseView> {
    const row = await caseForWrite(scope, this.ds, input.caseId);
    if (!(await this.isChairOf(scope, row)))
      throw forbidden("Only the chair of the case's clinic records the agreed risk level", {
        category: 'D1',
      });
    const rationale = input.rationale.trim();
    if (rationale.length < 10) throw invalid('Give the rationale for the agreed level', 'rationale');
    await screenFreeText(this.freeText, scope, row.id, 'D1', {
      rationale,
    });
    if (row.version !== input.expectedVersion) throw conflict();
    const cited = [...new Set(input.citedAssessmentIds.map((id) => id.toLowerCase()))];
    await this.ds.transaction(async (m) => {
      if (cited.length) {
        const found = await m.getRepository(AssessmentEntity).find({
          select: { id: true },
          where: { id: In(cited), caseId: row.id, status: 'SUBMITTED' },
          lock: { mode: 'pessimistic_read' },
        });
        if (found.length !== cited.length)
          throw invalid('Cite only submitted assessments of this case', 'citedAssessmentIds');
      }
      // raw SQL: an UPDATE returning the value from before it (a CTE), which TypeORM cannot express
      const updated = await updateReturning<{
        version: number;
        previous: RiskAgreementEntity['previousLevel'];
      }>(
        m,
        `WITH before AS (SELECT agreed_risk_level FROM cases.cases WHERE id = $1)
         UPDATE cases.cases SET agreed_risk_level = $3, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2
          RETURNING version, (SELECT agreed_risk_level FROM before) AS previous`,
        [row.id, input.expectedVersion, input.level],
      );
      const after = updated[0];
      if (!after) throw conflict();
      const agreementId = randomUUID();
      await m.getRepository(RiskAgreementEntity).insert({
        id: agreementId,
        caseId: row.id,
        level: input.level,
        previousLevel: after.previous,
        rationale,
        agreedByUserId: scope.actor.userId,
        agreedByAgencyId: scope.actor.agencyId,
        caseVersion: after.version,
      });
      for (const assessmentId of cited)
        await m.getRepository(RiskAgreementCitationEntity).insert({ agreementId, assessmentId });
      await this.outbox.write(m, {
        type: EVENT_TYPES.riskLevelAgreed,
        aggregateType: 'Case',
        aggregateId: row.id,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: {
          caseId: row.id,
          clinicId: row.clinicId,
          agreementId,
          level: input.level,
          previousLevel: after.previous,
        },
      });
      await this.outbox.write(m, {
        type: EVENT_TYPES.caseUpdated,
        aggregateType: 'Case',
        aggregateId: row.id,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: { caseId: row.id, clinicId: row.clinicId, fields: ['agreed_risk_level'] },
      });
      await this.audit.write(
        [
          writeEvent(scope, 'UPDATE', 'Case', row.id, ['D1'], 'agreeRiskLevel', {
            caseId: row.id,
            ownerAgencyId: row.leadAgencyId,
          }),
        ],
        m,
      );
    });
    scope.loaders.cases.clear(row.id);
    scope.access.invalidate(row.id);
    this.loaders(scope).byCase.clear(row.id);
    return this.cases.getCase(scope, row.id);
  }
}
