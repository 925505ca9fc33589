import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  effectiveRoles,
  grantsFor,
  withAccess,
  type AccessView,
  type WithAccess,
} from '@scp/platform-access';
import { badInput, forbidden } from '@scp/platform-graphql';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import type { CaseRow } from '../case/case.repository.js';
import {
  AdvocacyRecordEntity,
  PoliceIntelligenceEntity,
  PoliceSummaryEntity,
  ProbationDetailEntity,
  ProbationSummaryEntity,
  type ProbationCondition,
} from './agency-records.entities.js';
import { RecordStore, type RecordSpec } from './record-store.js';
import type { RoshLevelsInput } from './agency-records.inputs.js';

export const POLICE_SUMMARY: RecordSpec<PoliceSummaryEntity> = {
  entity: PoliceSummaryEntity,
  entityType: 'PoliceSummary',
  category: 'D5',
  onePerCase: true,
  columns: {
    relevantHistory: 'text',
    investigationStatus: 'text',
    bailConditions: 'text',
    arrests: 'text',
  },
  order: { createdAt: 'ASC', id: 'ASC' },
};

export const POLICE_INTELLIGENCE: RecordSpec<PoliceIntelligenceEntity> = {
  entity: PoliceIntelligenceEntity,
  entityType: 'PoliceIntelligence',
  category: 'D4',
  onePerCase: true,
  columns: { intelligence: 'text', offendingHistory: 'text' },
  order: { createdAt: 'ASC', id: 'ASC' },
};

export const PROBATION_SUMMARY: RecordSpec<ProbationSummaryEntity> = {
  entity: ProbationSummaryEntity,
  entityType: 'ProbationSummary',
  category: 'D10',
  onePerCase: true,
  columns: {
    orderType: 'text',
    supervisionStatus: 'text',
    compliance: 'text',
    conditions: 'json',
    roshKnownAdult: 'plain',
    roshPublic: 'plain',
    roshChildren: 'plain',
    roshStaff: 'plain',
    roshAssessedOn: 'date',
  },
  pastDates: ['roshAssessedOn'],
  order: { createdAt: 'ASC', id: 'ASC' },
};

export const PROBATION_DETAIL: RecordSpec<ProbationDetailEntity> = {
  entity: ProbationDetailEntity,
  entityType: 'ProbationDetail',
  category: 'D9',
  onePerCase: true,
  columns: {
    caseNotes: 'text',
    oasysSummary: 'text',
    sentencePlan: 'text',
  },
  order: { createdAt: 'ASC', id: 'ASC' },
};

export const ADVOCACY_RECORD: RecordSpec<AdvocacyRecordEntity> = {
  entity: AdvocacyRecordEntity,
  entityType: 'AdvocacyRecord',
  category: 'D14',
  onePerCase: false,
  ownAgencyOnly: true,
  columns: {
    recordedOn: 'date',
    disclosures: 'text',
    health: 'text',
    counselling: 'text',
    needs: 'text',
  },
  pastDates: ['recordedOn'],
  order: { recordedOn: 'DESC', createdAt: 'DESC', id: 'ASC' },
};

/** Each kind of agency record and its entity. */
interface RecordOf {
  policeSummary: PoliceSummaryEntity;
  policeIntelligence: PoliceIntelligenceEntity;
  probationSummary: ProbationSummaryEntity;
  probationDetail: ProbationDetailEntity;
  advocacy: AdvocacyRecordEntity;
}
export type AgencyRecordKind = keyof RecordOf;

/** Splits an input into its content values (everything but the keys of the record). */
const contentOf = (input: object): Record<string, unknown> => {
  const { caseId: _c, id: _i, expectedVersion: _v, ...rest } = input as Record<string, unknown>;
  return rest;
};

/** The probation summary's nested inputs, as its columns. */
function probationValues(input: object) {
  const { conditions, rosh, ...rest } = contentOf(input) as Record<string, unknown> & {
    conditions?: ProbationCondition[] | null;
    rosh?: RoshLevelsInput | null;
  };
  const values: Record<string, unknown> = { ...rest };
  if (conditions !== undefined)
    values.conditions = (conditions ?? []).map((c) => ({
      text: c.text.trim(),
      concernsVictim: !!c.concernsVictim,
    }));
  if (rosh) {
    values.roshKnownAdult = rosh.knownAdult;
    values.roshPublic = rosh.public;
    values.roshChildren = rosh.children;
    values.roshStaff = rosh.staff;
    values.roshAssessedOn = rosh.assessedOn;
  }
  return values;
}

/**
 * Police, probation and advocacy records of a case. Who reads and writes each follows the
 * matrix through the request's ability: D4/D5 police, D9/D10 probation, D14 the authoring
 * advocacy agency only. Probation's RoSH levels live in its shared summary (D10): the matrix
 * gives probation read-only on D8, so RoSH is not a D8 assessment.
 */
@Injectable()
export class AgencyRecordsService {
  readonly stores: { [K in AgencyRecordKind]: RecordStore<RecordOf[K]> };

  constructor(
    @Inject(CASES_DATA_SOURCE) ds: DataSource,
    @Inject(CASES_AUDIT) audit: AuditWriterLike,
    @Inject(CASES_OUTBOX) outbox: OutboxLike,
  ) {
    this.stores = {
      policeSummary: new RecordStore(POLICE_SUMMARY, ds, audit, outbox),
      policeIntelligence: new RecordStore(POLICE_INTELLIGENCE, ds, audit, outbox),
      probationSummary: new RecordStore(PROBATION_SUMMARY, ds, audit, outbox),
      probationDetail: new RecordStore(PROBATION_DETAIL, ds, audit, outbox),
      advocacy: new RecordStore(ADVOCACY_RECORD, ds, audit, outbox),
    };
  }

  /** The single record of a one-per-case kind, or null. */
  async one<K extends AgencyRecordKind>(scope: RequestScope, kind: K, caseRow: CaseRow) {
    const store = this.stores[kind] as RecordStore<RecordOf[K]>;
    return (await store.visible(scope, caseRow))[0] ?? null;
  }

  /**
   * Advocacy records: only the authoring agency's own. A role that holds no D14 grant at all is
   * refused (FORBIDDEN, audited as denied) rather than shown an empty list.
   */
  async advocacyRecords(scope: RequestScope, caseRow: WithAccess<CaseRow>, caseView: AccessView) {
    const held = grantsFor(effectiveRoles(scope.actor), 'D14').length > 0 || caseView.fields.has('D14');
    if (!held) {
      scope.audit.denied(caseView, 'D14');
      throw forbidden('Not permitted to read D14', { category: 'D14' });
    }
    return this.stores.advocacy.visible(scope, caseRow);
  }

  conditionsOf(summary: WithAccess<ProbationSummaryEntity>, view: AccessView, victimOnly: boolean) {
    return (summary.conditions ?? [])
      .filter((c) => !victimOnly || c.concernsVictim)
      .map((c) => withAccess({ text: c.text, concernsVictim: c.concernsVictim }, view));
  }

  roshOf(summary: ProbationSummaryEntity, view: AccessView) {
    return withAccess(
      {
        knownAdult: summary.roshKnownAdult,
        public: summary.roshPublic,
        children: summary.roshChildren,
        staff: summary.roshStaff,
        assessedOn: summary.roshAssessedOn,
      },
      view,
    );
  }

  async create(scope: RequestScope, kind: AgencyRecordKind, input: { caseId: string }) {
    const values = kind === 'probationSummary' ? probationValues(input) : contentOf(input);
    const id = await this.stores[kind].create(scope, input.caseId, values);
    return this.stores[kind].presentById(scope, id);
  }

  async update(scope: RequestScope, kind: AgencyRecordKind, input: { id: string; expectedVersion: number }) {
    const values = kind === 'probationSummary' ? probationValues(input) : contentOf(input);
    if (kind === 'advocacy' && values.recordedOn === null)
      throw badInput('recordedOn cannot be cleared', 'recordedOn');
    await this.stores[kind].update(scope, input.id, input.expectedVersion, values);
    return this.stores[kind].presentById(scope, input.id);
  }
}
