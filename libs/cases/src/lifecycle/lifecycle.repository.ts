import type { Queryable } from '../shared/scope.js';

export interface EscalationRow {
  id: string;
  caseId: string;
  target: string;
  mappaLevel: number | null;
  externalReference: string;
  escalatedOn: string;
  notes: string | null;
  previousStatus: string;
  escalatedByAgencyId: string;
  createdAt: Date;
}

export async function findEscalationsByCases(
  db: Queryable,
  caseIds: readonly string[],
): Promise<EscalationRow[]> {
  if (!caseIds.length) return [];
  return db.query(
    `SELECT id, case_id AS "caseId", target, mappa_level AS "mappaLevel", external_reference AS "externalReference",
            to_char(escalated_on, 'YYYY-MM-DD') AS "escalatedOn", notes, previous_status AS "previousStatus",
            escalated_by_agency_id AS "escalatedByAgencyId", created_at AS "createdAt"
       FROM cases.escalations WHERE case_id = ANY($1::uuid[]) ORDER BY created_at DESC, id DESC`,
    [caseIds],
  );
}

export interface OrderInForceRow {
  orderId: string;
  orderType: string;
  orderTypeName: string;
  status: string | null;
  servedOn: string | null;
  expiresOn: string | null;
  untilFurtherOrder: boolean;
}

export interface ClosureRow {
  id: string;
  caseId: string;
  closedAt: Date;
  rationale: string;
  previousStatus: string;
  victimViewStatus: string;
  victimView: string | null;
  victimNotContactableReason: string | null;
  chairNotContactableNote: string | null;
  actionOverrides: { actionId: string; reason: string }[];
  ordersInForce: OrderInForceRow[];
  closedByAgencyId: string;
}

export async function findClosuresByCases(db: Queryable, caseIds: readonly string[]): Promise<ClosureRow[]> {
  if (!caseIds.length) return [];
  return db.query(
    `SELECT c.id, c.case_id AS "caseId", c.closed_at AS "closedAt", c.rationale, c.previous_status AS "previousStatus",
            c.victim_view_status AS "victimViewStatus", v.victim_view AS "victimView",
            v.not_contactable_reason AS "victimNotContactableReason",
            c.victim_not_contactable_reason AS "chairNotContactableNote", c.action_overrides AS "actionOverrides",
            c.orders_in_force AS "ordersInForce", c.closed_by_agency_id AS "closedByAgencyId"
       FROM cases.closures c LEFT JOIN cases.closure_victim_views v ON v.id = c.victim_view_id
      WHERE c.case_id = ANY($1::uuid[])`,
    [caseIds],
  );
}

export interface RepeatRow {
  caseId: string;
  repeatOfCaseId: string;
  reason: string;
  openedAt: Date;
}

const REPEAT_COLUMNS = `case_id AS "caseId", repeat_of_case_id AS "repeatOfCaseId", reason, opened_at AS "openedAt"`;

export async function findRepeatsByCases(db: Queryable, caseIds: readonly string[]): Promise<RepeatRow[]> {
  if (!caseIds.length) return [];
  return db.query(`SELECT ${REPEAT_COLUMNS} FROM cases.repeat_openings WHERE case_id = ANY($1::uuid[])`, [
    caseIds,
  ]);
}

export async function findRepeatsOf(db: Queryable, closedCaseIds: readonly string[]): Promise<RepeatRow[]> {
  if (!closedCaseIds.length) return [];
  return db.query(
    `SELECT ${REPEAT_COLUMNS} FROM cases.repeat_openings WHERE repeat_of_case_id = ANY($1::uuid[])`,
    [closedCaseIds],
  );
}
