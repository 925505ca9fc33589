import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { accessOf, withAccess, type AccessView, type WithAccess } from '@scp/platform-access';
import { badInput } from '@scp/platform-graphql';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import type { CaseRow } from '../case/case.repository.js';
import { caseForWrite, requireRecordWrite } from '../agency-records/record-support.js';
import { RecordStore, type RecordSpec } from '../agency-records/record-store.js';
import { AssessmentEntity } from '../assessments/assessments.entities.js';
import { ClinicalRecordEntity, FormulationEntity } from './formulation.entities.js';
import type {
  CreateClinicalRecordInput,
  CreateFormulationInput,
  UpdateClinicalRecordInput,
  UpdateFormulationInput,
} from './formulation.inputs.js';

export const FORMULATION: RecordSpec<FormulationEntity> = {
  entity: FormulationEntity,
  entityType: 'Formulation',
  category: 'D7',
  onePerCase: true,
  columns: {
    summary: 'text',
    riskScenarios: 'text',
    protectiveFactors: 'text',
    recommendations: 'text',
    victimSafety: 'text',
  },
  order: { createdAt: 'ASC', id: 'ASC' },
};

export const CLINICAL_RECORD: RecordSpec<ClinicalRecordEntity> = {
  entity: ClinicalRecordEntity,
  entityType: 'ClinicalRecord',
  category: 'D6',
  onePerCase: false,
  columns: {
    recordedOn: 'date',
    diagnoses: 'text',
    medication: 'text',
    clinicalNotes: 'text',
    reportTool: 'plain',
    reportText: 'text',
    assessmentId: 'plain',
  },
  pastDates: ['recordedOn'],
  order: { recordedOn: 'DESC', createdAt: 'DESC', id: 'ASC' },
};

const contentOf = (input: object): Record<string, unknown> => {
  const { caseId: _c, id: _i, expectedVersion: _v, ...rest } = input as Record<string, unknown>;
  return rest;
};

/**
 * The formulation (D7: written by mental health for sharing, with a separately written
 * victim-safety part for advocates) and the clinical detail behind it (D6: mental health only,
 * every read with a purpose).
 */
@Injectable()
export class FormulationService {
  readonly formulations: RecordStore<FormulationEntity>;
  readonly clinical: RecordStore<ClinicalRecordEntity>;

  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) audit: AuditWriterLike,
    @Inject(CASES_OUTBOX) outbox: OutboxLike,
  ) {
    this.formulations = new RecordStore(FORMULATION, ds, audit, outbox);
    this.clinical = new RecordStore(CLINICAL_RECORD, ds, audit, outbox);
  }

  async formulationOf(scope: RequestScope, caseRow: CaseRow) {
    return (await this.formulations.visible(scope, caseRow))[0] ?? null;
  }

  /** Clinical records, each carrying the purpose the read stated (inner fields inherit it). */
  async clinicalRecordsOf(
    scope: RequestScope,
    caseRow: CaseRow,
    purpose: string,
  ): Promise<WithAccess<ClinicalRecordEntity>[]> {
    const rows = await this.clinical.visible(scope, caseRow);
    return rows.map((r) => withAccess(r, { ...(accessOf(r) as AccessView), purpose }));
  }

  async createFormulation(scope: RequestScope, input: CreateFormulationInput) {
    const id = await this.formulations.create(scope, input.caseId, contentOf(input));
    return this.formulations.presentById(scope, id);
  }

  async updateFormulation(scope: RequestScope, input: UpdateFormulationInput) {
    await this.formulations.update(scope, input.id, input.expectedVersion, contentOf(input));
    return this.formulations.presentById(scope, input.id);
  }

  async createClinicalRecord(scope: RequestScope, input: CreateClinicalRecordInput) {
    const values = contentOf(input);
    // The matrix first, so nobody without D6 learns anything from the checks below.
    const caseRow = await caseForWrite(scope, this.ds, input.caseId);
    await requireRecordWrite(scope, caseRow, 'D6', scope.actor.agencyId, 'create');
    if (input.assessmentId) {
      // The report must belong to a structured judgement of this case that the writer can see:
      // their agency's own, or one already submitted.
      const report = await this.ds
        .getRepository(AssessmentEntity)
        .createQueryBuilder('a')
        .select(['a.tool'])
        .where('a.id = :id AND a.caseId = :caseId', { id: input.assessmentId, caseId: input.caseId })
        .andWhere("a.tool IN ('SRP', 'SAM')")
        .andWhere("(a.status <> 'DRAFT' OR a.authorAgencyId = :agencyId)", { agencyId: scope.actor.agencyId })
        .getOne();
      if (!report)
        throw badInput('assessmentId must be an SRP or SAM assessment of this case', 'assessmentId');
      values.reportTool ??= report.tool;
    }
    const id = await this.clinical.create(scope, input.caseId, values);
    return { id, caseId: input.caseId };
  }

  async updateClinicalRecord(scope: RequestScope, input: UpdateClinicalRecordInput) {
    const values = contentOf(input);
    if (values.recordedOn === null) throw badInput('recordedOn cannot be cleared', 'recordedOn');
    return this.clinical.update(scope, input.id, input.expectedVersion, values);
  }
}
