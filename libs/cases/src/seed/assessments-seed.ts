import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AssessmentEntity, SDashAnswerEntity } from '../assessments/assessments.entities.js';
import {
  AdvocacyRecordEntity,
  PoliceIntelligenceEntity,
  PoliceSummaryEntity,
  ProbationDetailEntity,
  ProbationSummaryEntity,
} from '../agency-records/agency-records.entities.js';
import { ClinicalRecordEntity, FormulationEntity } from '../formulation/formulation.entities.js';
import type { DemoFixture, SeedOptions } from './demo-seed.js';

/**
 * Fictional assessments and agency records for the demo cases: a submitted police S-DASH
 * (7 of 11, scenario 1), the police summary (D5) and intelligence (D4), the formulation (D7)
 * and clinical detail (D6), the probation summary with one condition that concerns the victim
 * (D10) and probation detail (D9), and each advocacy agency's own record (D14).
 *
 * With `canaries`, every D4, D6, D9 and D14 value carries a marker naming its category, its
 * agency and its case (`CANARY-D14-NVA-NV1-needs`), so a test can tell whose data leaked.
 */
type Sensitive = 'D4' | 'D6' | 'D9' | 'D14';

interface CaseAgencies {
  key: string;
  police?: [agency: string, user: string];
  health?: [agency: string, user: string];
  probation?: [agency: string, user: string];
  advocacy?: [agency: string, user: string];
}

const NV_POLICE: [string, string] = ['NVP', 'spoc.nvp'];
const NV_HEALTH: [string, string] = ['NVH', 'mh.nvh'];
const NV_PROBATION: [string, string] = ['NVPS', 'probation.nvps'];
const NV_ADVOCACY: [string, string] = ['NVA', 'advocate.nva'];

/** Which participating agency writes what on each seeded case (demo-seed.ts CASES). */
const PLAN: CaseAgencies[] = [
  { key: 'NV1', police: NV_POLICE, health: NV_HEALTH, probation: NV_PROBATION, advocacy: NV_ADVOCACY },
  { key: 'NV2', police: NV_POLICE, advocacy: NV_ADVOCACY },
  { key: 'NV3', police: NV_POLICE, health: NV_HEALTH },
  {
    key: 'SF1',
    police: ['SFC', 'spoc.sfc'],
    health: ['SFH', 'mh.sfh'],
    probation: ['SFPS', 'probation.sfps'],
    advocacy: ['SFA', 'advocate.sfa'],
  },
];

/** S-DASH answers of scenario 1: 7 of 11 yes, question 1 (victim very frightened) among them. */
const SDASH: [question: number, answer: 'YES' | 'NO' | 'UNKNOWN', comment: string | null][] = [
  [1, 'YES', 'Victim says she is very frightened'],
  [2, 'YES', null],
  [3, 'NO', null],
  [4, 'YES', null],
  [5, 'YES', null],
  [6, 'YES', 'Threats sent by message'],
  [7, 'NO', null],
  [8, 'UNKNOWN', null],
  [9, 'YES', null],
  [10, 'YES', null],
  [11, 'NO', null],
];

export async function seedAssessmentsAndRecords(
  m: EntityManager,
  fixture: DemoFixture,
  opts: SeedOptions = {},
): Promise<void> {
  const agency = (code: string) => fixture.agencies[code]!;
  const user = (username: string) => fixture.users[username]!;
  const mark = (category: Sensitive, agencyCode: string, caseKey: string, field: string, value: string) => {
    if (!opts.canaries) return value;
    const marked = `${value} CANARY-${category}-${agencyCode}-${caseKey}-${field}`;
    fixture.canaries[category].push(marked);
    return marked;
  };
  /** The authoring agency and user, as both author and last updater of a new record. */
  const authored = (code: string, username: string) => ({
    authorAgencyId: agency(code),
    authorUserId: user(username),
    updatedByAgencyId: agency(code),
    updatedByUserId: user(username),
  });

  for (const plan of PLAN) {
    const caseId = fixture.cases[plan.key];
    if (!caseId) continue;
    if (plan.police) {
      const [code, username] = plan.police;
      const author = authored(code, username);
      const assessmentId = randomUUID();
      await m.insert(AssessmentEntity, {
        id: assessmentId,
        caseId,
        tool: 'S_DASH',
        toolVersion: 'v1',
        status: 'SUBMITTED',
        assessedOn: '2026-01-12',
        score: 7,
        submittedAt: () => 'now()',
        ...author,
      });
      await m.insert(
        SDashAnswerEntity,
        SDASH.map(([question, answer, comment]) => ({ assessmentId, question, answer, comment })),
      );
      await m.insert(PoliceSummaryEntity, {
        caseId,
        relevantHistory: 'Two previous harassment warnings',
        investigationStatus: 'Under investigation for stalking (s2A)',
        bailConditions: 'Not to contact Victim A directly or indirectly',
        arrests: 'Arrested once, released on bail',
        ...author,
      });
      await m.insert(PoliceIntelligenceEntity, {
        caseId,
        intelligence: mark(
          'D4',
          code,
          plan.key,
          'intelligence',
          'Graded report: subject seen near the workplace on three evenings',
        ),
        offendingHistory: mark(
          'D4',
          code,
          plan.key,
          'offendingHistory',
          'Two prior convictions for criminal damage',
        ),
        ...author,
      });
    }
    if (plan.health) {
      const [code, username] = plan.health;
      const author = authored(code, username);
      await m.insert(FormulationEntity, {
        caseId,
        summary: 'Rejected-type pursuit after the end of a relationship',
        riskScenarios: 'Escalation to approach at home after a court date',
        protectiveFactors: 'Stable employment; engages with appointments',
        recommendations: 'Apply for an SPO; MH assessment; review after bail date',
        victimSafety: 'Vary the route to work; report every contact attempt to the SPOC',
        ...author,
      });
      await m.insert(ClinicalRecordEntity, {
        caseId,
        recordedOn: '2026-01-14',
        diagnoses: mark('D6', code, plan.key, 'diagnoses', 'Provisional: adjustment disorder'),
        medication: mark('D6', code, plan.key, 'medication', 'None prescribed'),
        clinicalNotes: mark(
          'D6',
          code,
          plan.key,
          'clinicalNotes',
          'Ruminates on the relationship; denies intent to harm',
        ),
        reportTool: 'SRP',
        reportText: mark(
          'D6',
          code,
          plan.key,
          'reportText',
          'Full SRP report: rejected type, high persistence',
        ),
        ...author,
      });
    }
    if (plan.probation) {
      const [code, username] = plan.probation;
      const author = authored(code, username);
      await m.insert(ProbationSummaryEntity, {
        caseId,
        orderType: 'Licence',
        supervisionStatus: 'Active supervision, weekly reporting',
        compliance: 'Compliant so far',
        conditions: [
          { text: 'Not to contact Victim A directly or indirectly', concernsVictim: true },
          { text: 'Attend all supervision appointments', concernsVictim: false },
        ],
        roshKnownAdult: 'HIGH',
        roshPublic: 'LOW',
        roshChildren: 'LOW',
        roshStaff: 'MEDIUM',
        roshAssessedOn: '2026-01-10',
        ...author,
      });
      await m.insert(ProbationDetailEntity, {
        caseId,
        caseNotes: mark('D9', code, plan.key, 'caseNotes', 'Reported on time; discussed triggers'),
        oasysSummary: mark(
          'D9',
          code,
          plan.key,
          'oasysSummary',
          'Relationships and thinking are the main needs',
        ),
        sentencePlan: mark(
          'D9',
          code,
          plan.key,
          'sentencePlan',
          'Complete a healthy relationships programme',
        ),
        ...author,
      });
    }
    if (plan.advocacy) {
      const [code, username] = plan.advocacy;
      await m.insert(AdvocacyRecordEntity, {
        caseId,
        recordedOn: '2026-01-13',
        disclosures: mark('D14', code, plan.key, 'disclosures', 'Disclosed earlier unreported incidents'),
        health: mark('D14', code, plan.key, 'health', 'Poor sleep since the contact began'),
        counselling: mark('D14', code, plan.key, 'counselling', 'Referred to a counselling service'),
        needs: mark('D14', code, plan.key, 'needs', 'Wants help with a housing move'),
        ...authored(code, username),
      });
    }
  }
}
