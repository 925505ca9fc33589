import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { RequestScope } from '../shared/scope.js';
import type { CriminalJusticeEventEntity } from './victim-updates.entities.js';
import {
  findCjEventsByBreaches,
  findCjEventsByCases,
  findEntitlementsByPersons,
  findVictimUpdatesByCases,
  findVictimUpdatesByEvents,
  type VictimUpdateRow,
} from './victim-updates.repository.js';

function groupBy<T>(rows: T[], key: (r: T) => string | null, keys: readonly string[]): T[][] {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

function create(db: DataSource) {
  return {
    byCase: new DataLoader<string, VictimUpdateRow[]>(async (ids) =>
      groupBy(await findVictimUpdatesByCases(db, ids), (r) => r.caseId, ids),
    ),
    byEvent: new DataLoader<string, VictimUpdateRow[]>(async (ids) =>
      groupBy(await findVictimUpdatesByEvents(db, ids), (r) => r.triggerEventId, ids),
    ),
    eventsByCase: new DataLoader<string, CriminalJusticeEventEntity[]>(async (ids) =>
      groupBy(await findCjEventsByCases(db, ids), (r) => r.caseId, ids),
    ),
    eventsByBreach: new DataLoader<string, CriminalJusticeEventEntity[]>(async (ids) =>
      groupBy(await findCjEventsByBreaches(db, ids), (r) => r.breachId, ids),
    ),
    entitlements: new DataLoader<string, { role: string; victimCodeEntitlement: string | null } | null>(
      async (ids) => {
        const rows = await findEntitlementsByPersons(db, ids);
        const map = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => map.get(id) ?? null);
      },
    ),
  };
}

export type VictimUpdateLoaders = ReturnType<typeof create>;

// Keyed by the request's own loaders object: these never outlive the request or cross users.
const perRequest = new WeakMap<object, VictimUpdateLoaders>();

export function victimUpdateLoaders(scope: RequestScope, db: DataSource): VictimUpdateLoaders {
  let loaders = perRequest.get(scope.loaders);
  if (!loaders) {
    loaders = create(db);
    perRequest.set(scope.loaders, loaders);
  }
  return loaders;
}
