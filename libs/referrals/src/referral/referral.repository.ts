import type { Queryable } from '../shared/scope.js';

/** A referral row as services use it. */
export interface ReferralRow {
  id: string;
  reference: string;
  clinicId: string;
  referrerUserId: string;
  referrerAgencyId: string;
  status: string;
  urgency: string;
  reason: string;
  behaviours: string[];
  crimeReferences: string[];
  cjStatus: string;
  sharingBasis: string;
  basisRationale: string | null;
  subjectGivenName: string | null;
  subjectFamilyName: string | null;
  subjectOtherNames: string[];
  subjectDateOfBirth: string | null;
  victimGivenName: string | null;
  victimFamilyName: string | null;
  victimDateOfBirth: string | null;
  victimRelationship: string | null;
  sdashAnswers: boolean[] | null;
  sdashScore: number | null;
  tier: string | null;
  leadAgencyId: string | null;
  participantAgencyIds: string[];
  decisionReason: string | null;
  caseId: string | null;
  caseOpen: boolean;
  submittedAt: Date | null;
  screeningStartedAt: Date | null;
  decidedAt: Date | null;
  screeningDueAt: Date | null;
  overdue: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Current participants of the resulting case (replica). */
  caseAgencyIds: string[];
}

export const REFERRAL_COLUMNS = `r.id, r.reference, r.clinic_id AS "clinicId", r.referrer_user_id AS "referrerUserId",
  r.referrer_agency_id AS "referrerAgencyId", r.status, r.urgency, r.reason, r.behaviours, r.crime_references AS "crimeReferences",
  r.cj_status AS "cjStatus", r.sharing_basis AS "sharingBasis", r.basis_rationale AS "basisRationale",
  r.subject_given_name AS "subjectGivenName", r.subject_family_name AS "subjectFamilyName", r.subject_other_names AS "subjectOtherNames",
  to_char(r.subject_date_of_birth, 'YYYY-MM-DD') AS "subjectDateOfBirth",
  r.victim_given_name AS "victimGivenName", r.victim_family_name AS "victimFamilyName",
  to_char(r.victim_date_of_birth, 'YYYY-MM-DD') AS "victimDateOfBirth", r.victim_relationship AS "victimRelationship",
  r.sdash_answers AS "sdashAnswers", r.sdash_score AS "sdashScore", r.tier, r.lead_agency_id AS "leadAgencyId",
  r.participant_agency_ids::text[] AS "participantAgencyIds", r.decision_reason AS "decisionReason", r.case_id AS "caseId",
  r.case_open AS "caseOpen", r.submitted_at AS "submittedAt", r.screening_started_at AS "screeningStartedAt",
  r.decided_at AS "decidedAt", r.screening_due_at AS "screeningDueAt",
  (r.urgency = 'URGENT' AND r.screening_started_at IS NULL AND r.status IN ('SUBMITTED', 'MORE_INFO_REQUESTED')
     AND r.screening_due_at < now()) AS overdue,
  r.version, r.created_at AS "createdAt", r.updated_at AS "updatedAt",
  ARRAY(SELECT cp.agency_id::text FROM referrals.case_participation cp WHERE cp.case_id = r.case_id AND cp.active) AS "caseAgencyIds"`;

export async function findReferralsByIds(db: Queryable, ids: readonly string[]): Promise<ReferralRow[]> {
  if (!ids.length) return [];
  return db.query(`SELECT ${REFERRAL_COLUMNS} FROM referrals.referrals r WHERE r.id = ANY($1::uuid[])`, [
    ids,
  ]);
}

export interface VictimLocationRow {
  id: string;
  referralId: string;
  kind: string;
  addressLine1: string | null;
  town: string | null;
  postcode: string | null;
  phone: string | null;
  email: string | null;
  details: string | null;
}

export async function findVictimLocations(db: Queryable, referralId: string): Promise<VictimLocationRow[]> {
  return db.query(
    `SELECT id, referral_id AS "referralId", kind, address_line1 AS "addressLine1", town, postcode, phone, email, details
       FROM referrals.victim_locations WHERE referral_id = $1 ORDER BY created_at, id`,
    [referralId],
  );
}

export interface QuestionRow {
  id: string;
  referralId: string;
  question: string;
  askedAt: Date;
  answer: string | null;
  answeredAt: Date | null;
}

export async function findQuestions(db: Queryable, referralId: string): Promise<QuestionRow[]> {
  return db.query(
    `SELECT id, referral_id AS "referralId", question, asked_at AS "askedAt", answer, answered_at AS "answeredAt"
       FROM referrals.questions WHERE referral_id = $1 ORDER BY asked_at, id`,
    [referralId],
  );
}

/** Next referral reference for a year, e.g. REF-2026-00042; serialised by the counter row lock. */
export async function nextReferralReference(db: Queryable, year: number): Promise<string> {
  const rows: { last_value: number }[] = await db.query(
    `INSERT INTO referrals.reference_counters (year, last_value) VALUES ($1, 1)
     ON CONFLICT (year) DO UPDATE SET last_value = referrals.reference_counters.last_value + 1
     RETURNING last_value`,
    [year],
  );
  return `REF-${year}-${String(rows[0]!.last_value).padStart(5, '0')}`;
}
