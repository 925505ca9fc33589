import { subject } from '@casl/ability';
import type { DataSource } from 'typeorm';
import type { Actor, DataCategory } from '@scp/contracts';
import { CaseParticipationEntity, CaseReplicaEntity } from '../replica/replica.entities.js';
import {
  buildAbility,
  caseFieldsFor,
  effectiveRoles,
  rulesToSql,
  type Action,
  type AppAbility,
  type CaseSubject,
  type FieldKey,
  type SqlMapping,
  isClinicOfficer,
  isClinicChairRole,
  isClinicCoordinatorRole,
  mayPerform,
  type Transition,
  type TransitionFacts,
} from '@scp/platform-access';

/** A case as the replica knows it. */
export interface ReplicaCase extends CaseSubject {
  leadAgencyId: string | null;
  closed: boolean;
}

/**
 * SQL for the CASL attributes of `CaseRecord` rules over a table with a case id column, the
 * clinic id and the owning agency (actions: `owner_agency_id`; contributions: `agency_id`).
 * `category` is the record kind's fixed category, so a rule for another category reads FALSE.
 */
export function recordSqlMapping(opts: {
  caseColumn: string;
  clinicColumn: string;
  authorColumn: string;
  category: DataCategory;
  releasedSql?: string;
}): SqlMapping {
  return {
    id: { kind: 'column', column: opts.caseColumn, cast: 'uuid' },
    clinicId: { kind: 'column', column: opts.clinicColumn, cast: 'uuid' },
    category: { kind: 'column', column: `'${opts.category}'::text`, cast: 'text' },
    authorAgencyId: { kind: 'column', column: opts.authorColumn, cast: 'uuid' },
    released: { kind: 'column', column: opts.releasedSql ?? 'false', cast: 'boolean' },
    participantAgencyIds: {
      kind: 'contains',
      sql: (param) =>
        `EXISTS (SELECT 1 FROM meetings.case_participation ap WHERE ap.case_id = ${opts.caseColumn} AND ap.agency_id = ${param}::uuid AND ap.active)`,
    },
    sharedWithAgencyIds: { kind: 'contains', sql: (param) => `(${param}::uuid IS NULL AND FALSE)` },
  };
}

/**
 * The request's access in the meetings subgraph: one CASL ability from the platform's policy
 * table, built from the actor and the clinics whose information sharing agreement the agency has
 * signed. The ISA facts live in the cases service; here they are derived from the participation
 * replica: the cases service only adds an agency that has signed the clinic's agreement as a
 * participant, so "participates in a case of clinic C" implies "signed C's agreement"; chair and
 * coordinator clinics come from the token (clinicIds). Once the clinic's `clinic.updated` snapshot
 * has arrived, its signatory list decides instead, so a withdrawal from an agreement takes effect.
 */
export class MeetingsAccess {
  private abilityPromise?: Promise<AppAbility>;
  private ability_?: AppAbility;
  private readonly cases = new Map<string, ReplicaCase | null>();

  constructor(
    readonly actor: Actor,
    private readonly ds: DataSource,
  ) {}

  get roles() {
    return effectiveRoles(this.actor);
  }

  /** Chair or coordinator of this clinic (the clinic officers count as participants of its cases). */
  isOfficer(clinicId: string): boolean {
    return isClinicOfficer(this.actor, clinicId);
  }

  isChair(clinicId: string): boolean {
    return isClinicChairRole(this.actor, clinicId);
  }

  isCoordinator(clinicId: string): boolean {
    return isClinicCoordinatorRole(this.actor, clinicId);
  }

  /** May the caller perform this transition (TRANSITION_POLICY) on a record with these facts? */
  may(transition: Transition, facts: TransitionFacts): boolean {
    return mayPerform(this.actor, transition, facts);
  }

  async ability(): Promise<AppAbility> {
    if (this.ability_) return this.ability_;
    this.abilityPromise ??= (async () => {
      // Signatories from the clinic replica; a clinic not replicated yet falls back to
      // participation (the cases service adds only agencies that signed as participants).
      // raw SQL: a UNION of two reads, which the query builder cannot express, in one statement
      const rows: { clinic_id: string }[] = await this.ds.query(
        `SELECT clinic_id FROM meetings.clinic_isa WHERE agency_id = $1 AND isa_signed_on <= current_date
         UNION
         SELECT DISTINCT p.clinic_id FROM meetings.case_participation p
          WHERE p.agency_id = $1 AND p.active
            AND NOT EXISTS (SELECT 1 FROM meetings.clinic_replica r WHERE r.clinic_id = p.clinic_id)`,
        [this.actor.agencyId],
      );
      const isaClinicIds = [...new Set([...rows.map((r) => r.clinic_id), ...this.actor.clinicIds])];
      this.ability_ = buildAbility({ actor: this.actor, isaClinicIds });
      return this.ability_;
    })();
    return this.abilityPromise;
  }

  /** Loads (and caches for the request) the replica rows of these cases. */
  async loadCases(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.cases.has(id));
    if (!missing.length) return;
    const rows = await this.ds
      .getRepository(CaseReplicaEntity)
      .createQueryBuilder('c')
      .select('c.caseId', 'id')
      .addSelect('c.clinicId', 'clinicId')
      .addSelect('c.leadAgencyId', 'leadAgencyId')
      .addSelect('c.closedAt IS NOT NULL', 'closed')
      .addSelect('array_agg(p.agencyId) FILTER (WHERE p.active)', 'agencies')
      .leftJoin(CaseParticipationEntity, 'p', 'p.caseId = c.caseId')
      .where('c.caseId = ANY(:missing::uuid[])', { missing })
      .groupBy('c.caseId')
      .getRawMany<
        Pick<CaseReplicaEntity, 'clinicId' | 'leadAgencyId'> & {
          id: string;
          closed: boolean;
          agencies: string[] | null;
        }
      >();
    for (const id of missing) this.cases.set(id, null);
    for (const r of rows)
      this.cases.set(r.id, {
        id: r.id,
        clinicId: r.clinicId,
        leadAgencyId: r.leadAgencyId,
        closed: r.closed,
        participantAgencyIds: r.agencies ?? [],
      });
  }

  async caseOf(id: string): Promise<ReplicaCase | null> {
    await this.loadCases([id]);
    return this.cases.get(id) ?? null;
  }

  /** The categories readable on one case (empty for an unknown case). */
  async caseFields(caseId: string): Promise<ReadonlySet<FieldKey>> {
    const c = await this.caseOf(caseId);
    if (!c) return new Set();
    return caseFieldsFor(await this.ability(), 'read', c);
  }

  /** Whether the actor's agency currently participates in the case (officers: every case of their clinic). */
  async participates(caseId: string): Promise<boolean> {
    const c = await this.caseOf(caseId);
    if (!c) return false;
    return this.isOfficer(c.clinicId) || c.participantAgencyIds.includes(this.actor.agencyId);
  }

  /** May the actor act on an entry of the case (category, authoring agency)? */
  async canRecord(
    action: Action,
    caseId: string,
    record: { category: DataCategory; authorAgencyId: string; released?: boolean },
  ): Promise<boolean> {
    const c = await this.caseOf(caseId);
    if (!c) return false;
    const ability = await this.ability();
    return ability.can(
      action,
      subject('CaseRecord', {
        id: c.id,
        clinicId: c.clinicId,
        participantAgencyIds: c.participantAgencyIds,
        category: record.category,
        authorAgencyId: record.authorAgencyId,
        ...(record.released !== undefined ? { released: record.released } : {}),
      }),
    );
  }

  /** SQL predicate of the records of one category the actor may `action`. */
  async recordScope(mapping: SqlMapping, params: unknown[], action: Action = 'read'): Promise<string> {
    return rulesToSql(await this.ability(), action, 'CaseRecord', undefined, mapping, params);
  }
}
