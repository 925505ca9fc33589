import { In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { PersonEntity } from '../people/people.entities.js';
import { CriminalJusticeEventEntity, VictimUpdateEntity } from './victim-updates.entities.js';

type Db = DataSource | EntityManager;

/** A victim update with what it takes from its triggering event. */
export type VictimUpdateRow = VictimUpdateEntity & {
  breachId: string | null;
  /** The agency that recorded the triggering event: the obligation's author for access checks. */
  authorAgencyId: string;
};

/** Victim updates joined to their triggering event (alias `v`, the event `e`). */
export function victimUpdatesQuery(db: Db): SelectQueryBuilder<VictimUpdateEntity> {
  return db
    .getRepository(VictimUpdateEntity)
    .createQueryBuilder('v')
    .innerJoin(CriminalJusticeEventEntity, 'e', 'e.id = v.triggerEventId')
    .addSelect(['e.breachId', 'e.recordedByAgencyId']);
}

/** The rows of a victimUpdatesQuery, each with its event's facts (and the raw row, for extra selects). */
export async function victimUpdateRows<Extra extends object = object>(
  qb: SelectQueryBuilder<VictimUpdateEntity>,
): Promise<{ row: VictimUpdateRow; raw: Extra }[]> {
  type Raw = Extra & { v_id: string; e_breach_id: string | null; e_recorded_by_agency_id: string };
  const { entities, raw } = await qb.getRawAndEntities<Raw>();
  const byId = new Map(raw.map((r) => [r.v_id, r]));
  return entities.map((v) => {
    const r = byId.get(v.id)!;
    return {
      row: Object.assign(v, { breachId: r.e_breach_id, authorAgencyId: r.e_recorded_by_agency_id }),
      raw: r,
    };
  });
}

const rowsOf = async (qb: SelectQueryBuilder<VictimUpdateEntity>) =>
  (await victimUpdateRows(qb)).map((r) => r.row);

export async function findVictimUpdatesByCases(
  db: Db,
  caseIds: readonly string[],
): Promise<VictimUpdateRow[]> {
  if (!caseIds.length) return [];
  return rowsOf(
    victimUpdatesQuery(db)
      .where('v.caseId IN (:...caseIds)', { caseIds })
      .orderBy('v.eventAt', 'DESC')
      .addOrderBy('v.id'),
  );
}

export async function findVictimUpdatesByEvents(
  db: Db,
  eventIds: readonly string[],
): Promise<VictimUpdateRow[]> {
  if (!eventIds.length) return [];
  return rowsOf(
    victimUpdatesQuery(db)
      .where('v.triggerEventId IN (:...eventIds)', { eventIds })
      .orderBy('v.createdAt')
      .addOrderBy('v.id'),
  );
}

export async function findVictimUpdateById(db: Db, id: string): Promise<VictimUpdateRow | null> {
  return (await rowsOf(victimUpdatesQuery(db).where('v.id = :id', { id })))[0] ?? null;
}

export async function findCjEventsByCases(
  db: Db,
  caseIds: readonly string[],
): Promise<CriminalJusticeEventEntity[]> {
  if (!caseIds.length) return [];
  return db.getRepository(CriminalJusticeEventEntity).find({
    where: { caseId: In([...caseIds]) },
    order: { occurredAt: 'ASC', id: 'ASC' },
  });
}

export async function findCjEventsByBreaches(
  db: Db,
  breachIds: readonly string[],
): Promise<CriminalJusticeEventEntity[]> {
  if (!breachIds.length) return [];
  return db.getRepository(CriminalJusticeEventEntity).find({
    where: { breachId: In([...breachIds]) },
    order: { occurredAt: 'ASC', id: 'ASC' },
  });
}

export function findCjEventById(db: Db, id: string): Promise<CriminalJusticeEventEntity | null> {
  return db.getRepository(CriminalJusticeEventEntity).findOneBy({ id });
}

export async function findEntitlementsByPersons(
  db: Db,
  personIds: readonly string[],
): Promise<Pick<PersonEntity, 'id' | 'role' | 'victimCodeEntitlement'>[]> {
  if (!personIds.length) return [];
  return db.getRepository(PersonEntity).find({
    select: { id: true, role: true, victimCodeEntitlement: true },
    where: { id: In([...personIds]) },
  });
}
