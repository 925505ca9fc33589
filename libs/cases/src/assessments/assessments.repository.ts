import type { AgencyType } from '@scp/contracts';
import type { Queryable } from '../shared/scope.js';
import type { AnswerValue, AssessmentStatus, RiskTool } from './assessment-rules.js';

export interface AssessmentRow {
  id: string;
  caseId: string;
  tool: RiskTool;
  toolVersion: string;
  status: AssessmentStatus;
  assessedOn: string;
  score: number | null;
  answersCount: number | null;
  highThreshold: number | null;
  concernLevel: string | null;
  violence: string | null;
  persistence: string | null;
  recurrence: string | null;
  psychosocialDamage: string | null;
  rationale: string | null;
  submittedAt: Date | null;
  supersededAt: Date | null;
  supersededById: string | null;
  authorAgencyId: string;
  authorUserId: string;
  updatedByAgencyId: string;
  updatedByUserId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const ASSESSMENT_COLUMNS = `id, case_id AS "caseId", tool, tool_version AS "toolVersion", status,
  to_char(assessed_on, 'YYYY-MM-DD') AS "assessedOn", score, answers_count AS "answersCount", high_threshold AS "highThreshold",
  concern_level AS "concernLevel", violence, persistence, recurrence, psychosocial_damage AS "psychosocialDamage", rationale,
  submitted_at AS "submittedAt", superseded_at AS "supersededAt", superseded_by_id AS "supersededById",
  author_agency_id AS "authorAgencyId", author_user_id AS "authorUserId", updated_by_agency_id AS "updatedByAgencyId",
  updated_by_user_id AS "updatedByUserId", version, created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function findAssessmentsByCases(
  db: Queryable,
  caseIds: readonly string[],
): Promise<AssessmentRow[]> {
  if (!caseIds.length) return [];
  return db.query(
    `SELECT ${ASSESSMENT_COLUMNS} FROM cases.assessments WHERE case_id = ANY($1::uuid[])
      ORDER BY assessed_on DESC, created_at DESC, id`,
    [caseIds],
  );
}

export async function findAssessmentsByIds(db: Queryable, ids: readonly string[]): Promise<AssessmentRow[]> {
  if (!ids.length) return [];
  return db.query(`SELECT ${ASSESSMENT_COLUMNS} FROM cases.assessments WHERE id = ANY($1::uuid[])`, [ids]);
}

export interface SDashAnswerRow {
  assessmentId: string;
  question: number;
  answer: AnswerValue;
  comment: string | null;
}

export async function findAnswersByAssessments(
  db: Queryable,
  assessmentIds: readonly string[],
): Promise<SDashAnswerRow[]> {
  if (!assessmentIds.length) return [];
  return db.query(
    `SELECT assessment_id AS "assessmentId", question, answer, comment FROM cases.sdash_answers
      WHERE assessment_id = ANY($1::uuid[]) ORDER BY question`,
    [assessmentIds],
  );
}

export interface ToolConfigRow {
  tool: RiskTool;
  toolVersion: string;
  itemCount: number | null;
  highThreshold: number | null;
  authorAgencyTypes: AgencyType[];
  active: boolean;
}

/** The tool's rules for a version: its own row if configured, else the tool's DEFAULT row. */
export async function findToolConfig(
  db: Queryable,
  tool: string,
  toolVersion: string,
): Promise<ToolConfigRow | null> {
  const rows: ToolConfigRow[] = await db.query(
    `SELECT tool, tool_version AS "toolVersion", item_count AS "itemCount", high_threshold AS "highThreshold",
            author_agency_types AS "authorAgencyTypes", active
       FROM cases.risk_tool_config WHERE tool = $1 AND tool_version IN ($2, 'DEFAULT')
      ORDER BY (tool_version = 'DEFAULT') LIMIT 1`,
    [tool, toolVersion],
  );
  return rows[0] ?? null;
}

export interface RiskAgreementRow {
  id: string;
  caseId: string;
  level: string;
  previousLevel: string | null;
  rationale: string;
  agreedByUserId: string;
  agreedByAgencyId: string;
  caseVersion: number;
  agreedAt: Date;
}

export async function findAgreementsByCases(
  db: Queryable,
  caseIds: readonly string[],
): Promise<RiskAgreementRow[]> {
  if (!caseIds.length) return [];
  return db.query(
    `SELECT id, case_id AS "caseId", level, previous_level AS "previousLevel", rationale, agreed_by_user_id AS "agreedByUserId",
            agreed_by_agency_id AS "agreedByAgencyId", case_version AS "caseVersion", agreed_at AS "agreedAt"
       FROM cases.risk_agreements WHERE case_id = ANY($1::uuid[]) ORDER BY agreed_at DESC, id DESC`,
    [caseIds],
  );
}

export async function findCitationsByAgreements(
  db: Queryable,
  agreementIds: readonly string[],
): Promise<{ agreementId: string; assessmentId: string }[]> {
  if (!agreementIds.length) return [];
  return db.query(
    `SELECT agreement_id AS "agreementId", assessment_id AS "assessmentId" FROM cases.risk_agreement_citations
      WHERE agreement_id = ANY($1::uuid[]) ORDER BY assessment_id`,
    [agreementIds],
  );
}
