import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { RequestScope } from '../shared/scope.js';
import { findBreachesByCases, findUrgentReviews, type BreachRow } from './breaches.repository.js';

function create(db: DataSource) {
  return {
    byCase: new DataLoader<string, BreachRow[]>(async (ids) => {
      const rows = await findBreachesByCases(db, ids);
      return ids.map((id) => rows.filter((r) => r.caseId === id));
    }),
    urgentReview: new DataLoader<string, Date | null>(async (ids) => {
      const rows = await findUrgentReviews(db, ids);
      const map = new Map(rows.map((r) => [r.id, r.urgentReviewRequestedAt]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}

export type BreachLoaders = ReturnType<typeof create>;

// Keyed by the request's own loaders object: these never outlive the request or cross users.
const perRequest = new WeakMap<object, BreachLoaders>();

export function breachLoaders(scope: RequestScope, db: DataSource): BreachLoaders {
  let loaders = perRequest.get(scope.loaders);
  if (!loaders) {
    loaders = create(db);
    perRequest.set(scope.loaders, loaders);
  }
  return loaders;
}
