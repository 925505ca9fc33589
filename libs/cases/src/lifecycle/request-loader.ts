import DataLoader from 'dataloader';
import type { RequestScope } from '../shared/scope.js';

const perRequest = new WeakMap<object, Map<string, DataLoader<string, unknown>>>();

/**
 * A DataLoader that lives as long as the request's scope (keyed by the request's own loaders
 * object), for the feature tables the shared loaders do not cover. Never shared across users
 * (security.md 3.2 #9).
 */
export function requestLoader<T>(
  scope: RequestScope,
  name: string,
  batch: (ids: readonly string[]) => Promise<T[]>,
): DataLoader<string, T> {
  let loaders = perRequest.get(scope.loaders);
  if (!loaders) {
    loaders = new Map();
    perRequest.set(scope.loaders, loaders);
  }
  let loader = loaders.get(name) as DataLoader<string, T> | undefined;
  if (!loader) {
    loader = new DataLoader<string, T>(async (ids) => batch(ids));
    loaders.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}

/** Groups rows by a key, in the order of `keys` (for one-to-many loaders). */
export function groupRows<T>(rows: T[], keyOf: (row: T) => string, keys: readonly string[]): T[][] {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}
