import type { DataSource } from 'typeorm';
import { CaseEntity, ParticipantEntity } from '../case/case.entities.js';
import { AgencyEntity, UserEntity, UserRoleEntity } from './directory.entities.js';
import { ROLES, type Recipient, type RecipientQuery, type Role } from '@scp/contracts';

/**
 * Who should hear of something, worked out when the message is sent (not when the event was
 * written): the notifications service asks with ids and role codes, the cases service answers
 * with the users who are active now and, for a case, whose agency takes part in it now (or who
 * run its clinic). A user who left the case, or whose agency did, gets nothing more.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OFFICER_ROLES = ['CLINIC_CHAIR', 'CLINIC_COORDINATOR'];

/** Validates a query from the wire; returns a message for a bad one. */
export function parseRecipientQuery(body: unknown): RecipientQuery | string {
  if (!body || typeof body !== 'object') return 'body required';
  const b = body as Record<string, unknown>;
  const id = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && UUID.test(v));
  const ids = (v: unknown) =>
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length <= 500 && v.every((x) => typeof x === 'string' && UUID.test(x)));
  if (!id(b.caseId) || !id(b.clinicId)) return 'caseId and clinicId must be ids';
  if (!ids(b.userIds) || !ids(b.agencyIds)) return 'userIds and agencyIds must be lists of ids';
  if (
    b.roles !== undefined &&
    b.roles !== null &&
    !(Array.isArray(b.roles) && b.roles.every((r) => ROLES.includes(r as Role)))
  )
    return 'roles must be role codes';
  if (b.clinicOfficers !== undefined && b.clinicOfficers !== null && typeof b.clinicOfficers !== 'boolean')
    return 'clinicOfficers must be a boolean';
  return b as RecipientQuery;
}

/** The users a message goes to now (see the header comment). One statement. */
export async function resolveRecipients(ds: DataSource, q: RecipientQuery): Promise<Recipient[]> {
  const m = ds.manager;
  // The case's clinic; the clinic whose officers are meant (the one named, else the case's).
  const caseClinic = `(${m.createQueryBuilder(CaseEntity, 'k').select('k.clinicId').where('k.id = :caseId::uuid').getQuery()})`;
  const officerClinic = `coalesce(:clinicId::uuid, ${caseClinic})`;
  const holds = (role: string, clinic?: string) =>
    `EXISTS (${m
      .createQueryBuilder(UserRoleEntity, 'r')
      .select('1')
      .where('r.userId = u.id')
      .andWhere(`r.role = ANY(${role})`)
      .andWhere(clinic ? `r.clinicId = ${clinic}` : 'TRUE')
      .getQuery()})`;
  const selectors: string[] = [];
  if (q.userIds?.length) selectors.push('u.id = ANY(:userIds::uuid[])');
  if (q.agencyIds?.length || q.roles?.length) {
    const parts: string[] = [];
    if (q.agencyIds?.length) parts.push('u.agencyId = ANY(:agencyIds::uuid[])');
    if (q.roles?.length) parts.push(holds(':roles::text[]'));
    selectors.push(`(${parts.join(' AND ')})`);
  }
  if (q.clinicOfficers) selectors.push(holds(':officerRoles::text[]', officerClinic));
  if (!selectors.length) return [];
  // The case check: the user's agency participates now, or the user runs the case's clinic.
  const participates = m
    .createQueryBuilder(ParticipantEntity, 'p')
    .select('1')
    .where('p.caseId = :caseId::uuid AND p.agencyId = u.agencyId AND p.leftAt IS NULL');
  const caseCheck = `(:caseId::uuid IS NULL OR EXISTS (${participates.getQuery()}) OR ${holds(':officerRoles::text[]', caseClinic)})`;
  const caseExists = m.createQueryBuilder(CaseEntity, 'c').select('1').where('c.id = :caseId::uuid');
  const roles = m
    .createQueryBuilder(UserRoleEntity, 'r')
    .select('array_agg(DISTINCT r.role ORDER BY r.role)')
    .where('r.userId = u.id');
  return m
    .createQueryBuilder(UserEntity, 'u')
    .innerJoin(AgencyEntity, 'a', 'a.id = u.agencyId AND a.active')
    .select('u.id', 'userId')
    .addSelect('u.displayName', 'displayName')
    .addSelect('u.email', 'email')
    .addSelect('u.agencyId', 'agencyId')
    .addSelect(`coalesce((${roles.getQuery()}), '{}')`, 'roles')
    .where('u.active')
    .andWhere(`(${selectors.join(' OR ')})`)
    .andWhere(caseCheck)
    .andWhere(`(:caseId::uuid IS NULL OR EXISTS (${caseExists.getQuery()}))`)
    .setParameters({
      caseId: q.caseId ?? null,
      clinicId: q.clinicId ?? null,
      userIds: q.userIds ?? null,
      agencyIds: q.agencyIds ?? null,
      roles: q.roles ?? null,
      officerRoles: OFFICER_ROLES,
    })
    .orderBy('u.id')
    .getRawMany<Recipient>();
}
