import type { Queryable } from '../shared/scope.js';

export interface VictimUpdateRow {
  id: string;
  caseId: string;
  personId: string;
  triggerEventId: string;
  triggerType: string;
  breachId: string | null;
  /** The agency that recorded the triggering event: the obligation's author for access checks. */
  authorAgencyId: string;
  eventAt: Date;
  entitlement: string;
  workingDays: number;
  dueBy: Date;
  deliveredAt: Date | null;
  deliveredByUserId: string | null;
  deliveredByAgencyId: string | null;
  deliveryMethod: string | null;
  content: string | null;
  version: number;
  createdAt: Date;
}

export const VICTIM_UPDATE_COLUMNS = `v.id, v.case_id AS "caseId", v.person_id AS "personId", v.trigger_event_id AS "triggerEventId",
  v.trigger_type AS "triggerType", e.breach_id AS "breachId", e.recorded_by_agency_id AS "authorAgencyId", v.event_at AS "eventAt",
  v.entitlement, v.working_days AS "workingDays", v.due_by AS "dueBy", v.delivered_at AS "deliveredAt",
  v.delivered_by_user_id AS "deliveredByUserId", v.delivered_by_agency_id AS "deliveredByAgencyId",
  v.delivery_method AS "deliveryMethod", v.content, v.version, v.created_at AS "createdAt"`;

export const VICTIM_UPDATE_FROM = `cases.victim_updates v JOIN cases.criminal_justice_events e ON e.id = v.trigger_event_id`;

export async function findVictimUpdatesByCases(
  db: Queryable,
  caseIds: readonly string[],
): Promise<VictimUpdateRow[]> {
  if (!caseIds.length) return [];
  return db.query(
    `SELECT ${VICTIM_UPDATE_COLUMNS} FROM ${VICTIM_UPDATE_FROM}
      WHERE v.case_id = ANY($1::uuid[]) ORDER BY v.event_at DESC, v.id`,
    [caseIds],
  );
}

export async function findVictimUpdatesByEvents(
  db: Queryable,
  eventIds: readonly string[],
): Promise<VictimUpdateRow[]> {
  if (!eventIds.length) return [];
  return db.query(
    `SELECT ${VICTIM_UPDATE_COLUMNS} FROM ${VICTIM_UPDATE_FROM}
      WHERE v.trigger_event_id = ANY($1::uuid[]) ORDER BY v.created_at, v.id`,
    [eventIds],
  );
}

export async function findVictimUpdateById(db: Queryable, id: string): Promise<VictimUpdateRow | null> {
  const rows: VictimUpdateRow[] = await db.query(
    `SELECT ${VICTIM_UPDATE_COLUMNS} FROM ${VICTIM_UPDATE_FROM} WHERE v.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export interface CjEventRow {
  id: string;
  caseId: string;
  breachId: string | null;
  type: string;
  occurredAt: Date;
  recordedByAgencyId: string;
  recordedByUserId: string;
}

const CJ_COLUMNS = `id, case_id AS "caseId", breach_id AS "breachId", type, occurred_at AS "occurredAt",
  recorded_by_agency_id AS "recordedByAgencyId", recorded_by_user_id AS "recordedByUserId"`;

export async function findCjEventsByCases(db: Queryable, caseIds: readonly string[]): Promise<CjEventRow[]> {
  if (!caseIds.length) return [];
  return db.query(
    `SELECT ${CJ_COLUMNS} FROM cases.criminal_justice_events WHERE case_id = ANY($1::uuid[]) ORDER BY occurred_at, id`,
    [caseIds],
  );
}

export async function findCjEventsByBreaches(
  db: Queryable,
  breachIds: readonly string[],
): Promise<CjEventRow[]> {
  if (!breachIds.length) return [];
  return db.query(
    `SELECT ${CJ_COLUMNS} FROM cases.criminal_justice_events WHERE breach_id = ANY($1::uuid[]) ORDER BY occurred_at, id`,
    [breachIds],
  );
}

export async function findCjEventById(db: Queryable, id: string): Promise<CjEventRow | null> {
  const rows: CjEventRow[] = await db.query(
    `SELECT ${CJ_COLUMNS} FROM cases.criminal_justice_events WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findEntitlementsByPersons(
  db: Queryable,
  personIds: readonly string[],
): Promise<{ personId: string; role: string; entitlement: string | null }[]> {
  if (!personIds.length) return [];
  return db.query(
    `SELECT id AS "personId", role, victim_code_entitlement AS entitlement FROM cases.persons WHERE id = ANY($1::uuid[])`,
    [personIds],
  );
}
