import type { Role } from '@scp/contracts';
import { managerOf, type Queryable } from '../shared/scope.js';
import { entitiesWith } from '../shared/typed-query.js';
import { AgencyEntity, ClinicEntity, UserEntity, UserRoleEntity } from './directory.entities.js';

export type AgencyRow = AgencyEntity;
export type ClinicRow = ClinicEntity;
/** A user with its roles (clinic-bound roles name their clinic). */
export type UserRow = UserEntity & { roles: { role: Role; clinicId: string | null }[] };

/** Users with their roles as one JSON column: add conditions on alias `u`, then `readUsers`. */
export function userQuery(db: Queryable) {
  const m = managerOf(db);
  const roles = m
    .createQueryBuilder(UserRoleEntity, 'r')
    .select("json_agg(json_build_object('role', r.role, 'clinicId', r.clinicId) ORDER BY r.role, r.clinicId)")
    .where('r.userId = u.id');
  return m
    .createQueryBuilder(UserEntity, 'u')
    .addSelect(`COALESCE((${roles.getQuery()}), '[]'::json)`, 'roles');
}

export const readUsers = (qb: ReturnType<typeof userQuery>) =>
  entitiesWith<UserEntity, Pick<UserRow, 'roles'>>(qb, ['roles']);

export async function findAgenciesByIds(db: Queryable, ids: readonly string[]): Promise<AgencyRow[]> {
  if (!ids.length) return [];
  return managerOf(db)
    .createQueryBuilder(AgencyEntity, 'a')
    .where('a.id = ANY(:ids::uuid[])', { ids })
    .getMany();
}
export async function findClinicsByIds(db: Queryable, ids: readonly string[]): Promise<ClinicRow[]> {
  if (!ids.length) return [];
  return managerOf(db)
    .createQueryBuilder(ClinicEntity, 'k')
    .where('k.id = ANY(:ids::uuid[])', { ids })
    .getMany();
}
export async function findUsersByIds(db: Queryable, ids: readonly string[]): Promise<UserRow[]> {
  if (!ids.length) return [];
  return readUsers(userQuery(db).where('u.id = ANY(:ids::uuid[])', { ids }));
}
