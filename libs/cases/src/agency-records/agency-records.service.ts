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
import type { ProbationCondition } from './agency-records.entities.js';
import { RecordStore, type AuthoredRecordRow, type RecordSpec } from './record-store.js';
import type { RoshLevelsInput } from './agency-records.inputs.js';

const text = (column: string) => ({ column, kind: 'text' as const });

export const POLICE_SUMMARY: RecordSpec = {
  entityType: 'PoliceSummary',
  table: 'police_summaries',
  category: 'D5',
  onePerCase: true,
  columns: {
    relevantHistory: text('relevant_history'),
    investigationStatus: text('investigation_status'),
    bailConditions: text('bail_conditions'),
    arrests: text('arrests'),
  },
  order: 'created_at, id',
};

export const POLICE_INTELLIGENCE: RecordSpec = {
  entityType: 'PoliceIntelligence',
  table: 'police_intelligence',
  category: 'D4',
  onePerCase: true,
  columns: { intelligence: text('intelligence'), offendingHistory: text('offending_history') },
  order: 'created_at, id',
};

export const PROBATION_SUMMARY: RecordSpec = {
  entityType: 'ProbationSummary',
  table: 'probation_summaries',
  category: 'D10',
  onePerCase: true,
  columns: {
    orderType: text('order_type'),
    supervisionStatus: text('supervision_status'),
    compliance: text('compliance'),
    conditions: { column: 'conditions', kind: 'json' },
    roshKnownAdult: { column: 'rosh_known_adult', kind: 'plain' },
    roshPublic: { column: 'rosh_public', kind: 'plain' },
    roshChildren: { column: 'rosh_children', kind: 'plain' },
    roshStaff: { column: 'rosh_staff', kind: 'plain' },
    roshAssessedOn: { column: 'rosh_assessed_on', kind: 'date' },
  },
  pastDates: ['roshAssessedOn'],
  order: 'created_at, id',
};

export const PROBATION_DETAIL: RecordSpec = {
  entityType: 'ProbationDetail',
  table: 'probation_details',
  category: 'D9',
  onePerCase: true,
  columns: {
    caseNotes: text('case_notes'),
    oasysSummary: text('oasys_summary'),
    sentencePlan: text('sentence_plan'),
  },
  order: 'created_at, id',
};

export const ADVOCACY_RECORD: RecordSpec = {
  entityType: 'AdvocacyRecord',
  table: 'advocacy_records',
  category: 'D14',
  onePerCase: false,
  ownAgencyOnly: true,
  columns: {
    recordedOn: { column: 'recorded_on', kind: 'date' },
    disclosures: text('disclosures'),
    health: text('health'),
    counselling: text('counselling'),
    needs: text('needs'),
  },
  pastDates: ['recordedOn'],
  order: 'recorded_on DESC, created_at DESC, id',
};

export type AgencyRecordKind =
  'policeSummary' | 'policeIntelligence' | 'probationSummary' | 'probationDetail' | 'advocacy';

export type ProbationSummaryRow = AuthoredRecordRow & {
  conditions: ProbationCondition[];
  roshKnownAdult: string | null;
  roshPublic: string | null;
  roshChildren: string | null;
  roshStaff: string | null;
  roshAssessedOn: string | null;
};

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
  readonly stores: Record<AgencyRecordKind, RecordStore>;

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
  async one(scope: RequestScope, kind: AgencyRecordKind, caseRow: CaseRow) {
    return (await this.stores[kind].visible(scope, caseRow))[0] ?? null;
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

  conditionsOf(summary: WithAccess<ProbationSummaryRow>, view: AccessView, victimOnly: boolean) {
    return (summary.conditions ?? [])
      .filter((c) => !victimOnly || c.concernsVictim)
      .map((c) => withAccess({ text: c.text, concernsVictim: c.concernsVictim }, view));
  }

  roshOf(summary: ProbationSummaryRow, view: AccessView) {
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
