import type { Queryable } from '../shared/scope.js';

export interface BreachRow {
  id: string;
  caseId: string;
  occurredAt: Date;
  type: string;
  orderId: string | null;
  conditionId: string | null;
  crimeReference: string | null;
  crimeNotRecordedReason: string | null;
  reasonApprovedByUserId: string | null;
  reasonApprovedAt: Date | null;
  /** PENDING, APPROVED or REJECTED for a reason why no crime was recorded; null otherwise. */
  approvalStatus: 'PENDING' | 'APPROVED' | 'REJECTED' | null;
  approvalNote: string | null;
  approvalDecidedAt: Date | null;
  /** Recorded as a crime, or its reason approved: what a pending or rejected breach is not. */
  resolved: boolean;
  courseOfConductReference: string | null;
  description: string | null;
  recordedByAgencyId: string;
  recordedByUserId: string;
  version: number;
  createdAt: Date;
}

export const BREACH_COLUMNS = `id, case_id AS "caseId", occurred_at AS "occurredAt", type, order_id AS "orderId",
  condition_id AS "conditionId", crime_reference AS "crimeReference", no_crime_reason AS "crimeNotRecordedReason",
  reason_approved_by_user_id AS "reasonApprovedByUserId", reason_approved_at AS "reasonApprovedAt",
  approval_status AS "approvalStatus", approval_note AS "approvalNote", approval_decided_at AS "approvalDecidedAt",
  (crime_reference IS NOT NULL OR approval_status = 'APPROVED') AS resolved,
  course_of_conduct_reference AS "courseOfConductReference", description, recorded_by_agency_id AS "recordedByAgencyId",
  recorded_by_user_id AS "recordedByUserId", version, created_at AS "createdAt"`;

export async function findBreachesByCases(db: Queryable, caseIds: readonly string[]): Promise<BreachRow[]> {
  if (!caseIds.length) return [];
  return db.query(
    `SELECT ${BREACH_COLUMNS} FROM cases.breaches WHERE case_id = ANY($1::uuid[]) ORDER BY occurred_at, id`,
    [caseIds],
  );
}

export async function findBreachById(db: Queryable, id: string): Promise<BreachRow | null> {
  const rows: BreachRow[] = await db.query(`SELECT ${BREACH_COLUMNS} FROM cases.breaches WHERE id = $1`, [
    id,
  ]);
  return rows[0] ?? null;
}

/** Extra case columns this feature adds, by case id. */
export async function findUrgentReviews(
  db: Queryable,
  caseIds: readonly string[],
): Promise<{ id: string; urgentReviewRequestedAt: Date | null }[]> {
  if (!caseIds.length) return [];
  return db.query(
    `SELECT id, urgent_review_requested_at AS "urgentReviewRequestedAt" FROM cases.cases WHERE id = ANY($1::uuid[])`,
    [caseIds],
  );
}
