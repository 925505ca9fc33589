import type { EntityManager } from 'typeorm';
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
  const insert = async (sql: string, params: unknown[]) => {
    const rows: { id: string }[] = await m.query(sql, params);
    return rows[0]!.id;
  };

  for (const plan of PLAN) {
    const caseId = fixture.cases[plan.key];
    if (!caseId) continue;
    if (plan.police) {
      const [code, username] = plan.police;
      const author = [agency(code), user(username)];
      const assessmentId = await insert(
        `INSERT INTO cases.assessments (case_id, tool, tool_version, status, assessed_on, score, submitted_at,
           author_agency_id, author_user_id, updated_by_agency_id, updated_by_user_id)
         VALUES ($1, 'S_DASH', 'v1', 'SUBMITTED', '2026-01-12', 7, now(), $2, $3, $2, $3) RETURNING id`,
        [caseId, ...author],
      );
      for (const [question, answer, comment] of SDASH)
        await m.query(
          `INSERT INTO cases.sdash_answers (assessment_id, question, answer, comment) VALUES ($1, $2, $3, $4)`,
          [assessmentId, question, answer, comment],
        );
      await m.query(
        `INSERT INTO cases.police_summaries (case_id, relevant_history, investigation_status, bail_conditions, arrests,
           author_agency_id, author_user_id, updated_by_agency_id, updated_by_user_id)
         VALUES ($1, 'Two previous harassment warnings', 'Under investigation for stalking (s2A)',
                 'Not to contact Victim A directly or indirectly', 'Arrested once, released on bail', $2, $3, $2, $3)`,
        [caseId, ...author],
      );
      await m.query(
        `INSERT INTO cases.police_intelligence (case_id, intelligence, offending_history,
           author_agency_id, author_user_id, updated_by_agency_id, updated_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $4, $5)`,
        [
          caseId,
          mark(
            'D4',
            code,
            plan.key,
            'intelligence',
            'Graded report: subject seen near the workplace on three evenings',
          ),
          mark('D4', code, plan.key, 'offendingHistory', 'Two prior convictions for criminal damage'),
          ...author,
        ],
      );
    }
    if (plan.health) {
      const [code, username] = plan.health;
      const author = [agency(code), user(username)];
      await m.query(
        `INSERT INTO cases.formulations (case_id, summary, risk_scenarios, protective_factors, recommendations, victim_safety,
           author_agency_id, author_user_id, updated_by_agency_id, updated_by_user_id)
         VALUES ($1, 'Rejected-type pursuit after the end of a relationship', 'Escalation to approach at home after a court date',
                 'Stable employment; engages with appointments', 'Apply for an SPO; MH assessment; review after bail date',
                 'Vary the route to work; report every contact attempt to the SPOC', $2, $3, $2, $3)`,
        [caseId, ...author],
      );
      await m.query(
        `INSERT INTO cases.clinical_records (case_id, recorded_on, diagnoses, medication, clinical_notes, report_tool, report_text,
           author_agency_id, author_user_id, updated_by_agency_id, updated_by_user_id)
         VALUES ($1, '2026-01-14', $2, $3, $4, 'SRP', $5, $6, $7, $6, $7)`,
        [
          caseId,
          mark('D6', code, plan.key, 'diagnoses', 'Provisional: adjustment disorder'),
          mark('D6', code, plan.key, 'medication', 'None prescribed'),
          mark('D6', code, plan.key, 'clinicalNotes', 'Ruminates on the relationship; denies intent to harm'),
          mark('D6', code, plan.key, 'reportText', 'Full SRP report: rejected type, high persistence'),
          ...author,
        ],
      );
    }
    if (plan.probation) {
      const [code, username] = plan.probation;
      const author = [agency(code), user(username)];
      await m.query(
        `INSERT INTO cases.probation_summaries (case_id, order_type, supervision_status, compliance, conditions,
           rosh_known_adult, rosh_public, rosh_children, rosh_staff, rosh_assessed_on,
           author_agency_id, author_user_id, updated_by_agency_id, updated_by_user_id)
         VALUES ($1, 'Licence', 'Active supervision, weekly reporting', 'Compliant so far', $2::jsonb,
                 'HIGH', 'LOW', 'LOW', 'MEDIUM', '2026-01-10', $3, $4, $3, $4)`,
        [
          caseId,
          JSON.stringify([
            { text: 'Not to contact Victim A directly or indirectly', concernsVictim: true },
            { text: 'Attend all supervision appointments', concernsVictim: false },
          ]),
          ...author,
        ],
      );
      await m.query(
        `INSERT INTO cases.probation_details (case_id, case_notes, oasys_summary, sentence_plan,
           author_agency_id, author_user_id, updated_by_agency_id, updated_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $5, $6)`,
        [
          caseId,
          mark('D9', code, plan.key, 'caseNotes', 'Reported on time; discussed triggers'),
          mark('D9', code, plan.key, 'oasysSummary', 'Relationships and thinking are the main needs'),
          mark('D9', code, plan.key, 'sentencePlan', 'Complete a healthy relationships programme'),
          ...author,
        ],
      );
    }
    if (plan.advocacy) {
      const [code, username] = plan.advocacy;
      const author = [agency(code), user(username)];
      await m.query(
        `INSERT INTO cases.advocacy_records (case_id, recorded_on, disclosures, health, counselling, needs,
           author_agency_id, author_user_id, updated_by_agency_id, updated_by_user_id)
         VALUES ($1, '2026-01-13', $2, $3, $4, $5, $6, $7, $6, $7)`,
        [
          caseId,
          mark('D14', code, plan.key, 'disclosures', 'Disclosed earlier unreported incidents'),
          mark('D14', code, plan.key, 'health', 'Poor sleep since the contact began'),
          mark('D14', code, plan.key, 'counselling', 'Referred to a counselling service'),
          mark('D14', code, plan.key, 'needs', 'Wants help with a housing move'),
          ...author,
        ],
      );
    }
  }
}
