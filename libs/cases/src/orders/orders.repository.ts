import { In, type DataSource, type EntityManager } from 'typeorm';
import { OrderConditionEntity, OrderEntity, OrderTypeEntity } from './orders.entities.js';

type Db = DataSource | EntityManager;

export function findOrderTypes(db: Db): Promise<OrderTypeEntity[]> {
  return db
    .getRepository(OrderTypeEntity)
    .find({ where: { active: true }, order: { sortOrder: 'ASC', code: 'ASC' } });
}

export function findOrderType(
  db: Db,
  code: string,
  opts: { includeInactive?: boolean } = {},
): Promise<OrderTypeEntity | null> {
  return db
    .getRepository(OrderTypeEntity)
    .findOneBy(opts.includeInactive ? { code } : { code, active: true });
}

export async function findOrdersByCases(db: Db, caseIds: readonly string[]): Promise<OrderEntity[]> {
  if (!caseIds.length) return [];
  return db.getRepository(OrderEntity).find({
    where: { caseId: In([...caseIds]) },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
}

/** One order; `lock` takes the row lock a change needs (inside a transaction). */
export function findOrderById(db: Db, id: string, lock = false): Promise<OrderEntity | null> {
  return db.getRepository(OrderEntity).findOne({
    where: { id },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
}

export async function findConditionsByOrders(
  db: Db,
  orderIds: readonly string[],
): Promise<OrderConditionEntity[]> {
  if (!orderIds.length) return [];
  return db.getRepository(OrderConditionEntity).find({
    where: { orderId: In([...orderIds]) },
    order: { orderId: 'ASC', position: 'ASC' },
  });
}

/**
 * Orders in force on a case with their end (for closure: "orders in force and their expiry
 * listed"). Ids, type codes and dates only: what a closure record may keep.
 */
export function findOrdersInForce(
  db: Db,
  caseId: string,
): Promise<Pick<OrderEntity, 'id' | 'orderTypeCode' | 'status' | 'fixedEndOn' | 'untilFurtherOrder'>[]> {
  return db
    .getRepository(OrderEntity)
    .createQueryBuilder('o')
    .select(['o.id', 'o.orderTypeCode', 'o.status', 'o.fixedEndOn', 'o.untilFurtherOrder'])
    .where("o.caseId = :caseId AND o.status IN ('GRANTED', 'IN_FORCE', 'VARIED')", { caseId })
    .andWhere("(o.fixedEndOn IS NULL OR o.fixedEndOn >= (now() AT TIME ZONE 'Europe/London')::date)")
    .orderBy('o.createdAt')
    .addOrderBy('o.id')
    .getMany();
}
