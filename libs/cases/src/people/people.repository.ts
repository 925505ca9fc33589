import { managerOf, type Queryable } from '../shared/scope.js';
import { LocationEntity, PersonEntity, VictimVoiceEntity } from './people.entities.js';

export type PersonRow = PersonEntity;
/** A location as the API shows it: `recordedAt` is when it was recorded (`createdAt`). */
export type LocationRow = LocationEntity & { recordedAt: Date };
export type VoiceRow = VictimVoiceEntity;

export async function findPersonsByCases(db: Queryable, caseIds: readonly string[]): Promise<PersonRow[]> {
  if (!caseIds.length) return [];
  return managerOf(db)
    .createQueryBuilder(PersonEntity, 'p')
    .where('p.caseId = ANY(:caseIds::uuid[])', { caseIds })
    .orderBy('p.createdAt')
    .addOrderBy('p.id')
    .getMany();
}

export async function findPersonById(db: Queryable, id: string): Promise<PersonRow | null> {
  return managerOf(db).findOneBy(PersonEntity, { id });
}

export async function findLocationsByPersons(
  db: Queryable,
  personIds: readonly string[],
): Promise<LocationRow[]> {
  if (!personIds.length) return [];
  const rows = await managerOf(db)
    .createQueryBuilder(LocationEntity, 'l')
    .where('l.personId = ANY(:personIds::uuid[])', { personIds })
    .orderBy('l.current', 'DESC')
    .addOrderBy('l.createdAt', 'DESC')
    .addOrderBy('l.id')
    .getMany();
  return rows.map((l) => Object.assign(l, { recordedAt: l.createdAt }));
}

export async function findVoiceByPersons(db: Queryable, personIds: readonly string[]): Promise<VoiceRow[]> {
  if (!personIds.length) return [];
  return managerOf(db)
    .createQueryBuilder(VictimVoiceEntity, 'v')
    .where('v.personId = ANY(:personIds::uuid[])', { personIds })
    .getMany();
}
