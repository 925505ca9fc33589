import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ROLE_AGENCY_TYPES,
  type AgencyType,
  type Role,
  conflict,
  forbidden,
  invalid,
  notFound,
} from '@scp/contracts';
import {
  CASE_CATEGORIES,
  effectiveRoles,
  grantsFor,
  withAccess,
  type AccessView,
} from '@scp/platform-access';
import { decodeCursor, encodeCursor } from '@scp/platform-graphql';
import {
  CASES_ACTOR_CHANGES,
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type ActorChangesLike,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import { writeEvent } from '../shared/audit.js';
import { writeClinicUpdated } from './clinic-events.js';
import {
  findUsersByIds,
  readUsers,
  userQuery,
  type AgencyRow,
  type ClinicRow,
  type UserRow,
} from './directory.repository.js';
import {
  AgencyEntity,
  ClinicEntity,
  ClinicMemberEntity,
  UserEntity,
  UserRoleEntity,
} from './directory.entities.js';
import type {
  CreateAgencyInput,
  CreateClinicInput,
  CreateUserInput,
  SetClinicMemberInput,
  UpdateAgencyInput,
  UpdateUserInput,
  UserRoleInput,
} from './directory.inputs.js';

export interface ResolvedActor {
  userId: string;
  agencyId: string;
  agencyType: AgencyType;
  roles: Role[];
  clinicIds: string[];
}

const CLINIC_ROLES: ReadonlySet<string> = new Set(['CLINIC_CHAIR', 'CLINIC_COORDINATOR']);

const roleKey = (r: { role: string; clinicId?: string | null }) =>
  r.clinicId ? `${r.role}@${r.clinicId}` : r.role;

/** A role reaches case content when the matrix grants it any case category. */
const reachesCases = (role: string) => CASE_CATEGORIES.some((c) => grantsFor([role as Role], c).length > 0);

/** "granted X (reaches case content); revoked Y", or null when the role set is unchanged. */
export function describeRoleChange(
  before: { role: string; clinicId?: string | null }[],
  after: { role: string; clinicId?: string | null }[],
): string | null {
  const was = new Map(before.map((r) => [roleKey(r), r.role]));
  const now = new Map(after.map((r) => [roleKey(r), r.role]));
  const label = ([key, role]: [string, string]) =>
    reachesCases(role) ? `${key} (reaches case content)` : key;
  const granted = [...now].filter(([k]) => !was.has(k)).map(label);
  const revoked = [...was].filter(([k]) => !now.has(k)).map(label);
  const parts = [
    ...(granted.length ? [`granted ${granted.join(', ')}`] : []),
    ...(revoked.length ? [`revoked ${revoked.join(', ')}`] : []),
  ];
  return parts.length ? parts.join('; ') : null;
}

@Injectable()
export class DirectoryService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
    @Inject(CASES_ACTOR_CHANGES) private readonly actorChanges: ActorChangesLike,
  ) {}

  /** Directory objects carry `DIR` only for readers the matrix allows. */
  private async dirView(
    scope: RequestScope,
    type: 'User' | 'Agency' | 'Clinic',
    id: string,
  ): Promise<AccessView> {
    const ability = await scope.access.ability();
    return {
      fields: new Set(ability.can('read', type) ? ['DIR' as const] : []),
      entityType: type,
      entityId: id,
    };
  }

  private async requireManage(scope: RequestScope) {
    if (!(await scope.access.ability()).can('manage', 'User'))
      throw forbidden('Only a system administrator can change the directory');
  }

  /** For the gateway: who a verified token subject is. Unknown or inactive ⇒ null. */
  async resolveActor(subjectClaim: string, allowUsername: boolean): Promise<ResolvedActor | null> {
    // Roles held in an inactive clinic do not count.
    const heldRoles = this.ds
      .createQueryBuilder(UserRoleEntity, 'r')
      .select("json_agg(json_build_object('role', r.role, 'clinicId', r.clinicId))")
      .leftJoin(ClinicEntity, 'k', 'k.id = r.clinicId')
      .where('r.userId = u.id')
      .andWhere('(r.clinicId IS NULL OR k.active)');
    const row = await this.ds
      .createQueryBuilder(UserEntity, 'u')
      .innerJoin(AgencyEntity, 'a', 'a.id = u.agencyId')
      .select('u.id', 'id')
      .addSelect('u.agencyId', 'agencyId')
      .addSelect('a.type', 'type')
      .addSelect(`COALESCE((${heldRoles.getQuery()}), '[]'::json)`, 'roles')
      .where('u.active')
      .andWhere('a.active')
      .andWhere('(u.externalSubject = :subject OR (:allowUsername AND u.username = :subject))', {
        subject: subjectClaim,
        allowUsername,
      })
      .orderBy('(u.externalSubject = :subject)', 'DESC')
      .limit(1)
      .getRawOne<Pick<UserEntity, 'id' | 'agencyId'> & Pick<AgencyEntity, 'type'> & Pick<UserRow, 'roles'>>();
    if (!row) return null;
    const roles = [...new Set(row.roles.map((r) => r.role))];
    const clinicIds = [...new Set(row.roles.filter((r) => r.clinicId).map((r) => r.clinicId!))];
    return {
      userId: row.id,
      agencyId: row.agencyId,
      agencyType: row.type,
      roles: effectiveRoles({ roles, agencyType: row.type }),
      clinicIds,
    };
  }

  /** Development sign-in page: the seeded users (never exposed in production). */
  async demoUsers(): Promise<
    { username: string; displayName: string; agencyName: string; roles: string[] }[]
  > {
    const roles = this.ds
      .createQueryBuilder(UserRoleEntity, 'r')
      .select('array_agg(DISTINCT r.role ORDER BY r.role)')
      .where('r.userId = u.id');
    return this.ds
      .createQueryBuilder(UserEntity, 'u')
      .innerJoin(AgencyEntity, 'a', 'a.id = u.agencyId')
      .select('u.username', 'username')
      .addSelect('u.displayName', 'displayName')
      .addSelect('a.name', 'agencyName')
      .addSelect(`COALESCE((${roles.getQuery()}), '{}')`, 'roles')
      .where('u.active')
      .orderBy('a.name')
      .addOrderBy('u.username')
      .getRawMany();
  }

  async me(scope: RequestScope) {
    const user = await scope.loaders.users.load(scope.actor.userId);
    const agency = await scope.loaders.agencies.load(scope.actor.agencyId);
    if (!user || !agency) throw notFound('User');
    const clinics = (await scope.loaders.clinics.loadMany(scope.actor.clinicIds)).filter(
      (c): c is ClinicRow => !!c && !(c instanceof Error),
    );
    return { userId: user.id, displayName: user.displayName, agency, roles: scope.actor.roles, clinics };
  }

  /** Agencies and clinics are organisational facts every signed-in user may list. */
  async agencies(): Promise<AgencyRow[]> {
    return this.ds.getRepository(AgencyEntity).find({ order: { name: 'ASC', id: 'ASC' } });
  }

  async clinics(): Promise<ClinicRow[]> {
    return this.ds.getRepository(ClinicEntity).find({ order: { name: 'ASC', id: 'ASC' } });
  }

  async clinicMembers(scope: RequestScope, clinicId: string) {
    const rows = await this.ds
      .getRepository(ClinicMemberEntity)
      .find({ where: { clinicId }, order: { createdAt: 'ASC' } });
    const agencies = await scope.loaders.agencies.loadMany(rows.map((r) => r.agencyId));
    return rows.map((r, i) => ({ agency: agencies[i], isaSignedOn: r.isaSignedOn }));
  }

  async withDirView<T extends { id: string }>(
    scope: RequestScope,
    type: 'User' | 'Agency' | 'Clinic',
    row: T,
  ) {
    return withAccess({ ...row }, await this.dirView(scope, type, row.id));
  }

  async users(scope: RequestScope, agencyId: string | undefined, first: number, after?: string) {
    if (!(await scope.access.ability()).can('read', 'User')) throw forbidden('Not permitted to list users');
    const qb = userQuery(this.ds).where('TRUE');
    if (agencyId) qb.andWhere('u.agencyId = :agencyId::uuid', { agencyId });
    if (after) {
      const [afterName, afterId] = decodeCursor(after, 'text');
      qb.andWhere('(u.username, u.id) > (:afterName::text, :afterId::uuid)', { afterName, afterId });
    }
    const rows = await readUsers(
      qb
        .orderBy('u.username')
        .addOrderBy('u.id')
        .limit(first + 1),
    );
    const page = rows.slice(0, first);
    const nodes = await Promise.all(page.map((r) => this.withDirView(scope, 'User', r)));
    const last = page.at(-1);
    return {
      nodes,
      hasNextPage: rows.length > first,
      endCursor: last ? encodeCursor(last.username, last.id) : null,
    };
  }

  async createAgency(scope: RequestScope, input: CreateAgencyInput): Promise<AgencyRow> {
    await this.requireManage(scope);
    return this.ds.transaction(async (m) => {
      const id = randomUUID();
      // ON CONFLICT DO NOTHING: the code is the only unique column besides the new key.
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(AgencyEntity)
        .values({ id, code: input.code, name: input.name.trim(), type: input.type })
        .orIgnore()
        .returning('id')
        .execute();
      if (!(inserted.raw as unknown[]).length) throw conflict('An agency with that code exists');
      await this.audit.write([writeEvent(scope, 'CREATE', 'Agency', id, [], 'createAgency')], m);
      return m.findOneByOrFail(AgencyEntity, { id });
    });
  }

  async updateAgency(scope: RequestScope, input: UpdateAgencyInput): Promise<AgencyRow> {
    await this.requireManage(scope);
    return this.ds.transaction(async (m) => {
      const updated = await m.update(
        AgencyEntity,
        { id: input.id, version: input.expectedVersion },
        {
          ...(input.name != null && { name: input.name.trim() }),
          ...(input.active != null && { active: input.active }),
          version: () => 'version + 1',
          updatedAt: () => 'now()',
        },
      );
      if (!updated.affected) await this.missingOrConflict(m, AgencyEntity, input.id, 'Agency');
      await this.audit.write([writeEvent(scope, 'UPDATE', 'Agency', input.id, [], 'updateAgency')], m);
      // Announced before the commit: if it cannot be, the change is refused rather than cached.
      if (input.active !== undefined && input.active !== null)
        await this.actorChanges.publish({ agencyId: input.id });
      return m.findOneByOrFail(AgencyEntity, { id: input.id });
    });
  }

  async createClinic(scope: RequestScope, input: CreateClinicInput): Promise<ClinicRow> {
    await this.requireManage(scope);
    return this.ds.transaction(async (m) => {
      const id = randomUUID();
      // ON CONFLICT DO NOTHING: the code is the only unique column besides the new key.
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(ClinicEntity)
        .values({
          id,
          code: input.code,
          name: input.name.trim(),
          cadence: input.cadence,
          meetingWeekday: input.meetingWeekday,
          referralDeadlineWorkingDays: input.referralDeadlineWorkingDays,
          agendaPublicationWorkingDays: input.agendaPublicationWorkingDays,
        })
        .orIgnore()
        .returning('id')
        .execute();
      if (!(inserted.raw as unknown[]).length) throw conflict('A clinic with that code exists');
      await writeClinicUpdated(this.outbox, m, id, scope.actor.userId, scope.actor.requestId);
      await this.audit.write([writeEvent(scope, 'CREATE', 'Clinic', id, [], 'createClinic')], m);
      return m.findOneByOrFail(ClinicEntity, { id });
    });
  }

  async setClinicMember(scope: RequestScope, input: SetClinicMemberInput): Promise<ClinicRow> {
    await this.requireManage(scope);
    return this.ds.transaction(async (m) => {
      const clinic = await m.findOneBy(ClinicEntity, { id: input.clinicId });
      const agency = await m.existsBy(AgencyEntity, { id: input.agencyId });
      if (!clinic) throw notFound('Clinic');
      if (!agency) throw notFound('Agency');
      await m.upsert(
        ClinicMemberEntity,
        { clinicId: input.clinicId, agencyId: input.agencyId, isaSignedOn: input.isaSignedOn ?? null },
        ['clinicId', 'agencyId'],
      );
      await writeClinicUpdated(this.outbox, m, input.clinicId, scope.actor.userId, scope.actor.requestId);
      await this.audit.write(
        [
          writeEvent(scope, 'UPDATE', 'Clinic', input.clinicId, [], 'setClinicMember', {
            recipients: [input.agencyId],
          }),
        ],
        m,
      );
      return clinic;
    });
  }

  private async validateRoles(m: EntityManager, agencyId: string, roles: UserRoleInput[]): Promise<void> {
    const agency = await m.findOneBy(AgencyEntity, { id: agencyId });
    if (!agency) throw invalid('Unknown agency', 'agencyId');
    for (const [i, r] of roles.entries()) {
      if (!ROLE_AGENCY_TYPES[r.role as Role]?.includes(agency.type))
        throw invalid(`${r.role} cannot be held by a user of a ${agency.type} agency`, `roles.${i}.role`);
      if (CLINIC_ROLES.has(r.role) !== !!r.clinicId)
        throw invalid(
          'Clinic chair and coordinator roles name a clinic; other roles do not',
          `roles.${i}.clinicId`,
        );
    }
  }

  /**
   * Replaces the user's roles and writes one ROLE_CHANGE event naming what was granted and
   * revoked, owned by the user's agency so that its DPO sees it (nothing when nothing changed).
   */
  private async writeRoles(
    scope: RequestScope,
    m: EntityManager,
    user: { id: string; agencyId: string },
    roles: UserRoleInput[],
    operation: string,
  ) {
    const before = await m.findBy(UserRoleEntity, { userId: user.id });
    await m.delete(UserRoleEntity, { userId: user.id });
    for (const r of roles)
      await m
        .createQueryBuilder()
        .insert()
        .into(UserRoleEntity)
        .values({ userId: user.id, role: r.role, clinicId: r.clinicId ?? null })
        .orIgnore()
        .execute();
    const change = describeRoleChange(before, roles);
    if (change)
      await this.audit.write(
        [
          {
            ...writeEvent(scope, 'UPDATE', 'User', user.id, ['DIR'], operation),
            action: 'ROLE_CHANGE',
            ownerAgencyId: user.agencyId,
            purpose: `${operation} by ${scope.actor.userId}: ${change}`,
          },
        ],
        m,
      );
  }

  async createUser(scope: RequestScope, input: CreateUserInput): Promise<UserRow> {
    await this.requireManage(scope);
    const id = await this.ds.transaction(async (m) => {
      await this.validateRoles(m, input.agencyId, input.roles);
      const userId = randomUUID();
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(UserEntity)
        .values({
          id: userId,
          username: input.username,
          displayName: input.displayName.trim(),
          email: input.email ?? null,
          externalSubject: input.externalSubject ?? null,
          agencyId: input.agencyId,
        })
        .orIgnore()
        .returning('id')
        .execute();
      if (!(inserted.raw as unknown[]).length) throw conflict('A user with that username or identity exists');
      await this.writeRoles(scope, m, { id: userId, agencyId: input.agencyId }, input.roles, 'createUser');
      await this.audit.write([writeEvent(scope, 'CREATE', 'User', userId, [], 'createUser')], m);
      return userId;
    });
    return (await findUsersByIds(this.ds, [id]))[0]!;
  }

  async updateUser(scope: RequestScope, input: UpdateUserInput): Promise<UserRow> {
    await this.requireManage(scope);
    // Separation of duties: an administrator who could grant itself a case role could read cases.
    if (input.roles && input.id === scope.actor.userId) throw forbidden('Nobody can change their own roles');
    await this.ds.transaction(async (m) => {
      const updated = await m.update(
        UserEntity,
        { id: input.id, version: input.expectedVersion },
        {
          ...(input.displayName != null && { displayName: input.displayName.trim() }),
          ...(input.email != null && { email: input.email }),
          ...(input.active != null && { active: input.active }),
          version: () => 'version + 1',
          updatedAt: () => 'now()',
        },
      );
      if (!updated.affected) await this.missingOrConflict(m, UserEntity, input.id, 'User');
      if (input.roles) {
        const { agencyId } = await m.findOneByOrFail(UserEntity, { id: input.id });
        await this.validateRoles(m, agencyId, input.roles);
        await this.writeRoles(scope, m, { id: input.id, agencyId }, input.roles, 'updateUser');
      }
      await this.audit.write([writeEvent(scope, 'UPDATE', 'User', input.id, [], 'updateUser')], m);
      // Announced before the commit: a gateway then stops reusing this user's actor (and does not
      // cache it again for its TTL), and if it cannot be announced the change is refused.
      await this.actorChanges.publish({ userId: input.id });
    });
    return (await findUsersByIds(this.ds, [input.id]))[0]!;
  }

  private async missingOrConflict(
    m: EntityManager,
    table: typeof UserEntity | typeof AgencyEntity,
    id: string,
    entity: string,
  ): Promise<never> {
    throw (await m.existsBy(table, { id })) ? conflict() : notFound(entity);
  }
}
