import type { SelectQueryBuilder } from 'typeorm';
import { managerOf, type Queryable } from '../shared/scope.js';
import { entitiesWith } from '../shared/typed-query.js';
import { CaseEntity, ParticipantEntity } from './case.entities.js';

/** A case as services use it; `participantAgencyIds` are the current participants. */
export type CaseRow = CaseEntity & { participantAgencyIds: string[] };

export type ParticipantRow = ParticipantEntity;

/**
 * Cases with their current participants in one statement: the entity's columns plus
 * `participantAgencyIds` as an ARRAY subquery. Add conditions on alias `c`, then `readCases`.
 */
export function caseQuery(db: Queryable): SelectQueryBuilder<CaseEntity> {
  const m = managerOf(db);
  const current = m
    .createQueryBuilder(ParticipantEntity, 'p')
    .select('CAST(p.agencyId AS text)')
    .where('p.caseId = c.id')
    .andWhere('p.leftAt IS NULL');
  return m
    .createQueryBuilder(CaseEntity, 'c')
    .addSelect(`ARRAY(${current.getQuery()})`, 'participantAgencyIds');
}

/** Runs a `caseQuery`; `extra` names further computed selections to return with each row. */
export function readCases<X extends object = object>(
  qb: SelectQueryBuilder<CaseEntity>,
  extra: readonly (keyof X & string)[] = [],
): Promise<(CaseRow & X)[]> {
  return entitiesWith<CaseEntity, { participantAgencyIds: string[] } & X>(qb, [
    'participantAgencyIds',
    ...extra,
  ]);
}

export async function findCasesByIds(db: Queryable, ids: readonly string[]): Promise<CaseRow[]> {
  if (!ids.length) return [];
  return readCases(caseQuery(db).where('c.id = ANY(:ids::uuid[])', { ids }));
}

export async function findParticipantsByCases(
  db: Queryable,
  caseIds: readonly string[],
): Promise<ParticipantRow[]> {
  if (!caseIds.length) return [];
  return managerOf(db)
    .createQueryBuilder(ParticipantEntity, 'p')
    .where('p.caseId = ANY(:caseIds::uuid[])', { caseIds })
    .orderBy('p.joinedAt')
    .addOrderBy('p.id')
    .getMany();
}

/** Next reference for a clinic and year, e.g. NV-2026-0042; serialised by the counter row lock. */
export async function nextCaseReference(
  db: Queryable,
  clinicId: string,
  clinicCode: string,
  year: number,
): Promise<string> {
  // raw SQL: INSERT … ON CONFLICT … RETURNING counter, which TypeORM's upsert cannot increment
  const rows: { last_value: number }[] = await db.query(
    `INSERT INTO cases.case_reference_counters (clinic_id, year, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (clinic_id, year) DO UPDATE SET last_value = cases.case_reference_counters.last_value + 1
     RETURNING last_value`,
    [clinicId, year],
  );
  return `${clinicCode}-${year}-${String(rows[0]!.last_value).padStart(4, '0')}`;
}
