import type { Queryable } from '../shared/scope.js';

export interface PersonRow {
  id: string;
  caseId: string;
  role: 'SUBJECT' | 'VICTIM' | 'THIRD_PARTY';
  alias: string;
  givenName: string | null;
  familyName: string | null;
  otherNames: string[];
  dateOfBirth: string | null;
  relationshipToSubject: string | null;
  ageBand: string | null;
  vulnerabilityFlags: string[];
  proximityConcern: boolean | null;
  createdByAgencyId: string;
  version: number;
}

export const PERSON_COLUMNS = `id, case_id AS "caseId", role, alias, given_name AS "givenName", family_name AS "familyName",
  other_names AS "otherNames", to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", relationship_to_subject AS "relationshipToSubject",
  age_band AS "ageBand", vulnerability_flags AS "vulnerabilityFlags", proximity_concern AS "proximityConcern",
  created_by_agency_id AS "createdByAgencyId", version`;

export async function findPersonsByCases(db: Queryable, caseIds: readonly string[]): Promise<PersonRow[]> {
  if (!caseIds.length) return [];
  return db.query(
    `SELECT ${PERSON_COLUMNS} FROM cases.persons WHERE case_id = ANY($1::uuid[]) ORDER BY created_at, id`,
    [caseIds],
  );
}

export async function findPersonById(db: Queryable, id: string): Promise<PersonRow | null> {
  const rows: PersonRow[] = await db.query(`SELECT ${PERSON_COLUMNS} FROM cases.persons WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export interface LocationRow {
  id: string;
  personId: string;
  caseId: string;
  kind: string;
  addressLine1: string | null;
  addressLine2: string | null;
  town: string | null;
  postcode: string | null;
  phone: string | null;
  email: string | null;
  details: string | null;
  current: boolean;
  recordedAt: Date;
  recordedByAgencyId: string;
}

export const LOCATION_COLUMNS = `id, person_id AS "personId", case_id AS "caseId", kind, address_line1 AS "addressLine1",
  address_line2 AS "addressLine2", town, postcode, phone, email, details, current, created_at AS "recordedAt",
  recorded_by_agency_id AS "recordedByAgencyId"`;

export async function findLocationsByPersons(
  db: Queryable,
  personIds: readonly string[],
): Promise<LocationRow[]> {
  if (!personIds.length) return [];
  return db.query(
    `SELECT ${LOCATION_COLUMNS} FROM cases.locations WHERE person_id = ANY($1::uuid[]) ORDER BY current DESC, created_at DESC, id`,
    [personIds],
  );
}

export interface VoiceRow {
  personId: string;
  caseId: string;
  voiceSummary: string | null;
  safetyPlanSummary: string | null;
  sharedSummary: string | null;
  version: number;
  updatedAt: Date;
}

export async function findVoiceByPersons(db: Queryable, personIds: readonly string[]): Promise<VoiceRow[]> {
  if (!personIds.length) return [];
  return db.query(
    `SELECT person_id AS "personId", case_id AS "caseId", voice_summary AS "voiceSummary", safety_plan_summary AS "safetyPlanSummary",
            shared_summary AS "sharedSummary", version, updated_at AS "updatedAt"
       FROM cases.victim_voice WHERE person_id = ANY($1::uuid[])`,
    [personIds],
  );
}
