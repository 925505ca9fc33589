import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { ROLE_AGENCY_TYPES, type AgencyType, type Role } from '@scp/contracts';
import {
  CASE_CATEGORIES,
  effectiveRoles,
  grantsFor,
  withAccess,
  type AccessView,
} from '@scp/platform-access';
import { badInput, conflict, decodeCursor, encodeCursor, forbidden, notFound } from '@scp/platform-graphql';
import {
  CASES_ACTOR_CHANGES,
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type ActorChangesLike,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import { updateReturning, type RequestScope } from '../shared/scope.js';
import { writeEvent } from '../shared/audit.js';
import { writeClinicUpdated } from './clinic-events.js';
import {
  AGENCY_COLUMNS,
  CLINIC_COLUMNS,
  USER_COLUMNS,
  type AgencyRow,
  type ClinicRow,
  type UserRow,
} from './directory.repository.js';
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
    const rows: {
      id: string;
      agency_id: string;
      type: AgencyType;
      roles: { role: Role; clinicId: string | null }[];
    }[] = await this.ds.query(
      `SELECT u.id, u.agency_id, a.type,
                COALESCE((SELECT json_agg(json_build_object('role', r.role, 'clinicId', r.clinic_id))
                            FROM cases.user_roles r LEFT JOIN cases.clinics k ON k.id = r.clinic_id
                           WHERE r.user_id = u.id AND (r.clinic_id IS NULL OR k.active)), '[]'::json) AS roles
           FROM cases.users u JOIN cases.agencies a ON a.id = u.agency_id
          WHERE u.active AND a.active AND (u.external_subject = $1 OR ($2 AND u.username = $1))
          ORDER BY (u.external_subject = $1) DESC LIMIT 1`,
      [subjectClaim, allowUsername],
    );
    const row = rows[0];
    if (!row) return null;
    const roles = [...new Set(row.roles.map((r) => r.role))];
    const clinicIds = [...new Set(row.roles.filter((r) => r.clinicId).map((r) => r.clinicId!))];
    return {
      userId: row.id,
      agencyId: row.agency_id,
      agencyType: row.type,
      roles: effectiveRoles({ roles, agencyType: row.type }),
      clinicIds,
    };
  }

  /** Development sign-in page: the seeded users (never exposed in production). */
  async demoUsers(): Promise<
    { username: string; displayName: string; agencyName: string; roles: string[] }[]
  > {
    return this.ds.query(
      `SELECT u.username, u.display_name AS "displayName", a.name AS "agencyName",
              COALESCE((SELECT array_agg(DISTINCT r.role ORDER BY r.role) FROM cases.user_roles r WHERE r.user_id = u.id), '{}') AS roles
         FROM cases.users u JOIN cases.agencies a ON a.id = u.agency_id
        WHERE u.active ORDER BY a.name, u.username`,
    );
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
    return this.ds.query(`SELECT ${AGENCY_COLUMNS} FROM cases.agencies ORDER BY name, id`);
  }

  async clinics(): Promise<ClinicRow[]> {
    return this.ds.query(`SELECT ${CLINIC_COLUMNS} FROM cases.clinics ORDER BY name, id`);
  }

  async clinicMembers(scope: RequestScope, clinicId: string) {
    const rows: { agencyId: string; isaSignedOn: string | null }[] = await this.ds.query(
      `SELECT agency_id AS "agencyId", to_char(isa_signed_on, 'YYYY-MM-DD') AS "isaSignedOn"
         FROM cases.clinic_members WHERE clinic_id = $1 ORDER BY created_at`,
      [clinicId],
    );
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
    const params: unknown[] = [];
    const where: string[] = [];
    if (agencyId) {
      params.push(agencyId);
      where.push(`u.agency_id = $${params.length}::uuid`);
    }
    if (after) {
      const [value, id] = decodeCursor(after, 'text');
      params.push(value, id);
      where.push(`(u.username, u.id) > ($${params.length - 1}::text, $${params.length}::uuid)`);
    }
    params.push(first + 1);
    const rows: UserRow[] = await this.ds.query(
      `SELECT ${USER_COLUMNS} FROM cases.users u ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY u.username, u.id LIMIT $${params.length}`,
      params,
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
      const rows: AgencyRow[] = await m.query(
        `INSERT INTO cases.agencies (code, name, type) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO NOTHING RETURNING ${AGENCY_COLUMNS}`,
        [input.code, input.name.trim(), input.type],
      );
      if (!rows.length) throw conflict('An agency with that code exists');
      await this.audit.write([writeEvent(scope, 'CREATE', 'Agency', rows[0]!.id, [], 'createAgency')], m);
      return rows[0]!;
    });
  }

  async updateAgency(scope: RequestScope, input: UpdateAgencyInput): Promise<AgencyRow> {
    await this.requireManage(scope);
    return this.ds.transaction(async (m) => {
      const rows = await updateReturning<AgencyRow>(
        m,
        `UPDATE cases.agencies SET name = COALESCE($3, name), active = COALESCE($4, active), version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING ${AGENCY_COLUMNS}`,
        [input.id, input.expectedVersion, input.name?.trim() ?? null, input.active ?? null],
      );
      if (!rows.length) await this.missingOrConflict(m, 'agencies', input.id, 'Agency');
      await this.audit.write([writeEvent(scope, 'UPDATE', 'Agency', input.id, [], 'updateAgency')], m);
      // Announced before the commit: if it cannot be, the change is refused rather than cached.
      if (input.active !== undefined && input.active !== null)
        await this.actorChanges.publish({ agencyId: input.id });
      return rows[0]!;
    });
  }

  async createClinic(scope: RequestScope, input: CreateClinicInput): Promise<ClinicRow> {
    await this.requireManage(scope);
    return this.ds.transaction(async (m) => {
      const rows: ClinicRow[] = await m.query(
        `INSERT INTO cases.clinics (code, name, cadence, meeting_weekday, referral_deadline_working_days, agenda_publication_working_days)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING RETURNING ${CLINIC_COLUMNS}`,
        [
          input.code,
          input.name.trim(),
          input.cadence,
          input.meetingWeekday,
          input.referralDeadlineWorkingDays,
          input.agendaPublicationWorkingDays,
        ],
      );
      if (!rows.length) throw conflict('A clinic with that code exists');
      await writeClinicUpdated(this.outbox, m, rows[0]!.id, scope.actor.userId, scope.actor.requestId);
      await this.audit.write([writeEvent(scope, 'CREATE', 'Clinic', rows[0]!.id, [], 'createClinic')], m);
      return rows[0]!;
    });
  }

  async setClinicMember(scope: RequestScope, input: SetClinicMemberInput): Promise<ClinicRow> {
    await this.requireManage(scope);
    return this.ds.transaction(async (m) => {
      const clinic: ClinicRow[] = await m.query(`SELECT ${CLINIC_COLUMNS} FROM cases.clinics WHERE id = $1`, [
        input.clinicId,
      ]);
      const agency: { id: string }[] = await m.query(`SELECT id FROM cases.agencies WHERE id = $1`, [
        input.agencyId,
      ]);
      if (!clinic.length) throw notFound('Clinic');
      if (!agency.length) throw notFound('Agency');
      await m.query(
        `INSERT INTO cases.clinic_members (clinic_id, agency_id, isa_signed_on) VALUES ($1, $2, $3)
         ON CONFLICT (clinic_id, agency_id) DO UPDATE SET isa_signed_on = EXCLUDED.isa_signed_on`,
        [input.clinicId, input.agencyId, input.isaSignedOn ?? null],
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
      return clinic[0]!;
    });
  }

  private async validateRoles(m: EntityManager, agencyId: string, roles: UserRoleInput[]): Promise<void> {
    const agency: { type: AgencyType }[] = await m.query(`SELECT type FROM cases.agencies WHERE id = $1`, [
      agencyId,
    ]);
    if (!agency.length) throw badInput('Unknown agency', 'agencyId');
    for (const [i, r] of roles.entries()) {
      if (!ROLE_AGENCY_TYPES[r.role as Role]?.includes(agency[0]!.type))
        throw badInput(
          `${r.role} cannot be held by a user of a ${agency[0]!.type} agency`,
          `roles.${i}.role`,
        );
      if (CLINIC_ROLES.has(r.role) !== !!r.clinicId)
        throw badInput(
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
    const before: { role: string; clinic_id: string | null }[] = await m.query(
      `SELECT role, clinic_id FROM cases.user_roles WHERE user_id = $1`,
      [user.id],
    );
    await m.query(`DELETE FROM cases.user_roles WHERE user_id = $1`, [user.id]);
    for (const r of roles)
      await m.query(
        `INSERT INTO cases.user_roles (user_id, role, clinic_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [user.id, r.role, r.clinicId ?? null],
      );
    const change = describeRoleChange(
      before.map((r) => ({ role: r.role, clinicId: r.clinic_id })),
      roles,
    );
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
      const rows: { id: string }[] = await m.query(
        `INSERT INTO cases.users (username, display_name, email, external_subject, agency_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          input.username,
          input.displayName.trim(),
          input.email ?? null,
          input.externalSubject ?? null,
          input.agencyId,
        ],
      );
      if (!rows.length) throw conflict('A user with that username or identity exists');
      await this.writeRoles(
        scope,
        m,
        { id: rows[0]!.id, agencyId: input.agencyId },
        input.roles,
        'createUser',
      );
      await this.audit.write([writeEvent(scope, 'CREATE', 'User', rows[0]!.id, [], 'createUser')], m);
      return rows[0]!.id;
    });
    return (await this.ds.query(`SELECT ${USER_COLUMNS} FROM cases.users u WHERE u.id = $1`, [id]))[0];
  }

  async updateUser(scope: RequestScope, input: UpdateUserInput): Promise<UserRow> {
    await this.requireManage(scope);
    // Separation of duties: an administrator who could grant itself a case role could read cases.
    if (input.roles && input.id === scope.actor.userId) throw forbidden('Nobody can change their own roles');
    await this.ds.transaction(async (m) => {
      const rows = await updateReturning<{ id: string; agency_id: string }>(
        m,
        `UPDATE cases.users SET display_name = COALESCE($3, display_name), email = COALESCE($4, email), active = COALESCE($5, active),
                version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id, agency_id`,
        [
          input.id,
          input.expectedVersion,
          input.displayName?.trim() ?? null,
          input.email ?? null,
          input.active ?? null,
        ],
      );
      if (!rows.length) await this.missingOrConflict(m, 'users', input.id, 'User');
      if (input.roles) {
        await this.validateRoles(m, rows[0]!.agency_id, input.roles);
        await this.writeRoles(
          scope,
          m,
          { id: input.id, agencyId: rows[0]!.agency_id },
          input.roles,
          'updateUser',
        );
      }
      await this.audit.write([writeEvent(scope, 'UPDATE', 'User', input.id, [], 'updateUser')], m);
      // Announced before the commit: a gateway then stops reusing this user's actor (and does not
      // cache it again for its TTL), and if it cannot be announced the change is refused.
      await this.actorChanges.publish({ userId: input.id });
    });
    return (await this.ds.query(`SELECT ${USER_COLUMNS} FROM cases.users u WHERE u.id = $1`, [input.id]))[0];
  }

  private async missingOrConflict(
    m: EntityManager,
    table: 'users' | 'agencies',
    id: string,
    entity: string,
  ): Promise<never> {
    const exists: unknown[] = await m.query(`SELECT 1 FROM cases.${table} WHERE id = $1`, [id]);
    throw exists.length ? conflict() : notFound(entity);
  }
}
