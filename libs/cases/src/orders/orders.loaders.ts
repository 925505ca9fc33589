import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { RequestScope } from '../shared/scope.js';
import { findConditionsByOrders, findOrdersByCases, findOrderTypes } from './orders.repository.js';
import type { OrderConditionEntity, OrderEntity, OrderTypeEntity } from './orders.entities.js';

function groupBy<T>(rows: T[], key: (r: T) => string, keys: readonly string[]): T[][] {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(key(r));
    if (list) list.push(r);
    else map.set(key(r), [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

function create(db: DataSource) {
  let types: Promise<Map<string, OrderTypeEntity>> | undefined;
  return {
    byCase: new DataLoader<string, OrderEntity[]>(async (ids) =>
      groupBy(await findOrdersByCases(db, ids), (r) => r.caseId, ids),
    ),
    conditions: new DataLoader<string, OrderConditionEntity[]>(async (ids) =>
      groupBy(await findConditionsByOrders(db, ids), (r) => r.orderId, ids),
    ),
    /** The configuration table is small: one read per request. */
    types: () => (types ??= findOrderTypes(db).then((rows) => new Map(rows.map((t) => [t.code, t])))),
  };
}

export type OrderLoaders = ReturnType<typeof create>;

// Keyed by the request's own loaders object, so these live and die with the request and are never
// shared between users (security.md 3.2 #9).
const perRequest = new WeakMap<object, OrderLoaders>();

export function orderLoaders(scope: RequestScope, db: DataSource): OrderLoaders {
  let loaders = perRequest.get(scope.loaders);
  if (!loaders) {
    loaders = create(db);
    perRequest.set(scope.loaders, loaders);
  }
  return loaders;
}
