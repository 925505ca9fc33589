import DataLoader from 'dataloader';
import type { RequestScope, Queryable } from '../shared/scope.js';
import {
  findConditionsByOrders,
  findOrdersByCases,
  findOrderTypes,
  type ConditionRow,
  type OrderRow,
  type OrderTypeRow,
} from './orders.repository.js';

function groupBy<T>(rows: T[], key: (r: T) => string, keys: readonly string[]): T[][] {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(key(r));
    if (list) list.push(r);
    else map.set(key(r), [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

function create(db: Queryable) {
  let types: Promise<Map<string, OrderTypeRow>> | undefined;
  return {
    byCase: new DataLoader<string, OrderRow[]>(async (ids) =>
      groupBy(await findOrdersByCases(db, ids), (r) => r.caseId, ids),
    ),
    conditions: new DataLoader<string, ConditionRow[]>(async (ids) =>
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

export function orderLoaders(scope: RequestScope, db: Queryable): OrderLoaders {
  let loaders = perRequest.get(scope.loaders);
  if (!loaders) {
    loaders = create(db);
    perRequest.set(scope.loaders, loaders);
  }
  return loaders;
}
