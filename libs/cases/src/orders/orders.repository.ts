import type { Queryable } from '../shared/scope.js';
import type { OrderTypeRules } from './order-rules.js';

export interface OrderTypeRow extends OrderTypeRules {
  sortOrder: number;
}

export interface OrderRow {
  id: string;
  caseId: string;
  typeCode: string;
  status: string;
  appliedOn: string | null;
  grantedOn: string | null;
  servedOn: string | null;
  fixedEndOn: string | null;
  untilFurtherOrder: boolean;
  endedOn: string | null;
  replacesOrderId: string | null;
  notificationDueOn: string | null;
  notificationReceivedOn: string | null;
  createdByAgencyId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConditionRow {
  id: string;
  orderId: string;
  caseId: string;
  position: number;
  servedText: string;
  protectedKind: string | null;
  protectedDetail: string | null;
  createdByAgencyId: string;
}

const day = (column: string, alias: string) => `to_char(o.${column}, 'YYYY-MM-DD') AS "${alias}"`;

export const ORDER_COLUMNS = `o.id, o.case_id AS "caseId", o.order_type_code AS "typeCode", o.status,
  ${day('applied_on', 'appliedOn')}, ${day('granted_on', 'grantedOn')}, ${day('served_on', 'servedOn')},
  ${day('fixed_end_on', 'fixedEndOn')}, o.until_further_order AS "untilFurtherOrder", ${day('ended_on', 'endedOn')},
  o.replaces_order_id AS "replacesOrderId", ${day('notification_due_on', 'notificationDueOn')},
  ${day('notification_received_on', 'notificationReceivedOn')}, o.created_by_agency_id AS "createdByAgencyId",
  o.version, o.created_at AS "createdAt", o.updated_at AS "updatedAt"`;

const TYPE_COLUMNS = `code, name, is_spo AS "isSpo", is_interim AS "isInterim", min_fixed_months AS "minFixedMonths",
  allows_until_further_order AS "allowsUntilFurtherOrder", requires_notification AS "requiresNotification",
  notification_days AS "notificationDays", no_new_notification_when_replacing AS "noNewNotificationWhenReplacing",
  sort_order AS "sortOrder"`;

export async function findOrderTypes(db: Queryable): Promise<OrderTypeRow[]> {
  return db.query(`SELECT ${TYPE_COLUMNS} FROM cases.order_types WHERE active ORDER BY sort_order, code`);
}

export async function findOrderType(
  db: Queryable,
  code: string,
  opts: { includeInactive?: boolean } = {},
): Promise<OrderTypeRow | null> {
  const rows: OrderTypeRow[] = await db.query(
    `SELECT ${TYPE_COLUMNS} FROM cases.order_types WHERE code = $1${opts.includeInactive ? '' : ' AND active'}`,
    [code],
  );
  return rows[0] ?? null;
}

export async function findOrdersByCases(db: Queryable, caseIds: readonly string[]): Promise<OrderRow[]> {
  if (!caseIds.length) return [];
  return db.query(
    `SELECT ${ORDER_COLUMNS} FROM cases.orders o WHERE o.case_id = ANY($1::uuid[]) ORDER BY o.created_at, o.id`,
    [caseIds],
  );
}

/** One order; `lock` takes the row lock a change needs (inside a transaction). */
export async function findOrderById(db: Queryable, id: string, lock = false): Promise<OrderRow | null> {
  const rows: OrderRow[] = await db.query(
    `SELECT ${ORDER_COLUMNS} FROM cases.orders o WHERE o.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findConditionsByOrders(
  db: Queryable,
  orderIds: readonly string[],
): Promise<ConditionRow[]> {
  if (!orderIds.length) return [];
  return db.query(
    `SELECT id, order_id AS "orderId", case_id AS "caseId", position, served_text AS "servedText",
            protected_kind AS "protectedKind", protected_detail AS "protectedDetail", created_by_agency_id AS "createdByAgencyId"
       FROM cases.order_conditions WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, position`,
    [orderIds],
  );
}

/**
 * Orders in force on a case with their end (for closure: "orders in force and their expiry
 * listed"). Ids, type codes and dates only: what a closure record may keep.
 */
export async function findOrdersInForce(
  db: Queryable,
  caseId: string,
): Promise<
  { id: string; typeCode: string; status: string; fixedEndOn: string | null; untilFurtherOrder: boolean }[]
> {
  return db.query(
    `SELECT o.id, o.order_type_code AS "typeCode", o.status, ${day('fixed_end_on', 'fixedEndOn')},
            o.until_further_order AS "untilFurtherOrder"
       FROM cases.orders o
      WHERE o.case_id = $1 AND o.status IN ('GRANTED', 'IN_FORCE', 'VARIED')
        AND (o.fixed_end_on IS NULL OR o.fixed_end_on >= (now() AT TIME ZONE 'Europe/London')::date)
      ORDER BY o.created_at, o.id`,
    [caseId],
  );
}
