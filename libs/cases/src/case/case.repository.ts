import type { Queryable } from '../shared/scope.js';

/** A case row as services use it; `participantAgencyIds` are the current participants. */
export interface CaseRow {
  id: string;
  reference: string;
  clinicId: string;
  tier: string;
  status: string;
  cjStatus: string;
  leadAgencyId: string;
  ownerUserId: string | null;
  nextReviewOn: string | null;
  agreedRiskLevel: string | null;
  closedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  participantAgencyIds: string[];
}

export const CASE_COLUMNS = `c.id, c.reference, c.clinic_id AS "clinicId", c.tier, c.status, c.cj_status AS "cjStatus",
  c.lead_agency_id AS "leadAgencyId", c.owner_user_id AS "ownerUserId", to_char(c.next_review_on, 'YYYY-MM-DD') AS "nextReviewOn",
  c.agreed_risk_level AS "agreedRiskLevel", c.closed_at AS "closedAt", c.version, c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  ARRAY(SELECT p.agency_id::text FROM cases.participants p WHERE p.case_id = c.id AND p.left_at IS NULL) AS "participantAgencyIds"`;

export async function findCasesByIds(db: Queryable, ids: readonly string[]): Promise<CaseRow[]> {
  if (!ids.length) return [];
  return db.query(`SELECT ${CASE_COLUMNS} FROM cases.cases c WHERE c.id = ANY($1::uuid[])`, [ids]);
}

export interface ParticipantRow {
  id: string;
  caseId: string;
  agencyId: string;
  roleInCase: string;
  sharingBasis: string;
  basisRationale: string | null;
  joinedAt: Date;
  leftAt: Date | null;
  endReason: string | null;
}

export async function findParticipantsByCases(
  db: Queryable,
  caseIds: readonly string[],
): Promise<ParticipantRow[]> {
  if (!caseIds.length) return [];
  return db.query(
    `SELECT id, case_id AS "caseId", agency_id AS "agencyId", role_in_case AS "roleInCase", sharing_basis AS "sharingBasis",
            basis_rationale AS "basisRationale", joined_at AS "joinedAt", left_at AS "leftAt", end_reason AS "endReason"
       FROM cases.participants WHERE case_id = ANY($1::uuid[]) ORDER BY joined_at, id`,
    [caseIds],
  );
}

/** Next reference for a clinic and year, e.g. NV-2026-0042; serialised by the counter row lock. */
export async function nextCaseReference(
  db: Queryable,
  clinicId: string,
  clinicCode: string,
  year: number,
): Promise<string> {
  const rows: { last_value: number }[] = await db.query(
    `INSERT INTO cases.case_reference_counters (clinic_id, year, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (clinic_id, year) DO UPDATE SET last_value = cases.case_reference_counters.last_value + 1
     RETURNING last_value`,
    [clinicId, year],
  );
  return `${clinicCode}-${year}-${String(rows[0]!.last_value).padStart(4, '0')}`;
}
