import type { Queryable } from '../shared/scope.js';

export interface AgencyRow {
  id: string;
  code: string;
  name: string;
  type: string;
  active: boolean;
  version: number;
}
export interface ClinicRow {
  id: string;
  code: string;
  name: string;
  cadence: string;
  meetingWeekday: number;
  referralDeadlineWorkingDays: number;
  agendaPublicationWorkingDays: number;
  active: boolean;
  version: number;
}
export interface UserRow {
  id: string;
  username: string;
  externalSubject: string | null;
  displayName: string;
  email: string | null;
  agencyId: string;
  active: boolean;
  version: number;
  roles: { role: string; clinicId: string | null }[];
}

export const AGENCY_COLUMNS = `id, code, name, type, active, version`;
export const CLINIC_COLUMNS = `id, code, name, cadence, meeting_weekday AS "meetingWeekday",
  referral_deadline_working_days AS "referralDeadlineWorkingDays", agenda_publication_working_days AS "agendaPublicationWorkingDays",
  active, version`;
export const USER_COLUMNS = `u.id, u.username, u.external_subject AS "externalSubject", u.display_name AS "displayName", u.email,
  u.agency_id AS "agencyId", u.active, u.version,
  COALESCE((SELECT json_agg(json_build_object('role', r.role, 'clinicId', r.clinic_id) ORDER BY r.role, r.clinic_id)
              FROM cases.user_roles r WHERE r.user_id = u.id), '[]'::json) AS roles`;

export async function findAgenciesByIds(db: Queryable, ids: readonly string[]): Promise<AgencyRow[]> {
  if (!ids.length) return [];
  return db.query(`SELECT ${AGENCY_COLUMNS} FROM cases.agencies WHERE id = ANY($1::uuid[])`, [ids]);
}
export async function findClinicsByIds(db: Queryable, ids: readonly string[]): Promise<ClinicRow[]> {
  if (!ids.length) return [];
  return db.query(`SELECT ${CLINIC_COLUMNS} FROM cases.clinics WHERE id = ANY($1::uuid[])`, [ids]);
}
export async function findUsersByIds(db: Queryable, ids: readonly string[]): Promise<UserRow[]> {
  if (!ids.length) return [];
  return db.query(`SELECT ${USER_COLUMNS} FROM cases.users u WHERE u.id = ANY($1::uuid[])`, [ids]);
}
