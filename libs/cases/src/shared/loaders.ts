import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import {
  findCasesByIds,
  findParticipantsByCases,
  type CaseRow,
  type ParticipantRow,
} from '../case/case.repository.js';
import {
  findLocationsByPersons,
  findPersonsByCases,
  findVoiceByPersons,
  type LocationRow,
  type PersonRow,
  type VoiceRow,
} from '../people/people.repository.js';
import {
  findAgenciesByIds,
  findClinicsByIds,
  findUsersByIds,
  type AgencyRow,
  type ClinicRow,
  type UserRow,
} from '../directory/directory.repository.js';

function byKey<T, K extends keyof T>(rows: T[], key: K, keys: readonly string[]): (T | null)[] {
  const map = new Map(rows.map((r) => [String(r[key]), r]));
  return keys.map((k) => map.get(k) ?? null);
}

function groupBy<T, K extends keyof T>(rows: T[], key: K, keys: readonly string[]): T[][] {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = String(r[key]);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/**
 * Per-request loaders (never shared across users: security.md 3.2 #9). Each batches one SQL
 * statement per tick, so a list request costs the same number of statements at any page size.
 */
export function createLoaders(ds: DataSource) {
  return {
    cases: new DataLoader<string, CaseRow | null>(async (ids) =>
      byKey(await findCasesByIds(ds, ids), 'id', ids),
    ),
    participants: new DataLoader<string, ParticipantRow[]>(async (ids) =>
      groupBy(await findParticipantsByCases(ds, ids), 'caseId', ids),
    ),
    persons: new DataLoader<string, PersonRow[]>(async (ids) =>
      groupBy(await findPersonsByCases(ds, ids), 'caseId', ids),
    ),
    locations: new DataLoader<string, LocationRow[]>(async (ids) =>
      groupBy(await findLocationsByPersons(ds, ids), 'personId', ids),
    ),
    voice: new DataLoader<string, VoiceRow | null>(async (ids) =>
      byKey(await findVoiceByPersons(ds, ids), 'personId', ids),
    ),
    agencies: new DataLoader<string, AgencyRow | null>(async (ids) =>
      byKey(await findAgenciesByIds(ds, ids), 'id', ids),
    ),
    clinics: new DataLoader<string, ClinicRow | null>(async (ids) =>
      byKey(await findClinicsByIds(ds, ids), 'id', ids),
    ),
    users: new DataLoader<string, UserRow | null>(async (ids) =>
      byKey(await findUsersByIds(ds, ids), 'id', ids),
    ),
  };
}

export type CaseLoaders = ReturnType<typeof createLoaders>;
