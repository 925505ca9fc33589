import type { DataSource } from 'typeorm';
import { BreakGlassGrantEntity, ParticipantEntity } from '../case/case.entities.js';
import { AgencyEntity, ClinicMemberEntity } from '../directory/directory.entities.js';
import { subject } from '@casl/ability';
import type { Actor, DataCategory } from '@scp/contracts';
import {
  AUTHORING_AGENCY_ONLY,
  buildAbility,
  grantsFor,
  limited,
  effectiveRoles,
  caseFieldsFor,
  rulesToSql,
  type AccessView,
  type Action,
  type AppAbility,
  type CaseRecordSubject,
  type CaseSubject,
  type FieldKey,
  type SqlMapping,
} from '@scp/platform-access';

/** What decides access to one authored entry of a case. */
export interface RecordFacts {
  category: DataCategory;
  authorAgencyId: string;
  released?: boolean;
  sharedWithAgencyIds?: string[];
}

/** SQL for the attributes CASL rules on cases use; `alias` is the cases table alias. */
export function caseSqlMapping(alias: string): SqlMapping {
  return {
    id: { kind: 'column', column: `${alias}.id`, cast: 'uuid' },
    clinicId: { kind: 'column', column: `${alias}.clinic_id`, cast: 'uuid' },
    participantAgencyIds: {
      kind: 'contains',
      sql: (param) =>
        `EXISTS (SELECT 1 FROM cases.participants ap WHERE ap.case_id = ${alias}.id AND ap.agency_id = ${param}::uuid AND ap.left_at IS NULL)`,
    },
  };
}

/**
 * The request's view of case access: one ability (built from the actor and the clinics whose
 * sharing agreement the agency signed: one query), SQL scopes derived from it for lists, and
 * per-row field sets computed once per case.
 */
export class CaseAccess {
  private abilityPromise?: Promise<AppAbility>;
  private ability_?: AppAbility;
  private readonly views = new Map<string, AccessView>();
  private readonly breakGlass = new Map<string, string>();

  constructor(
    readonly actor: Actor,
    private readonly ds: DataSource,
    private readonly prebuilt?: AppAbility,
  ) {
    if (prebuilt) this.ability_ = prebuilt;
  }

  async ability(): Promise<AppAbility> {
    if (this.ability_) return this.ability_;
    this.abilityPromise ??= this.load().then(({ isaClinicIds, grants }) => {
      for (const g of grants) this.breakGlass.set(g.caseId, g.purpose);
      this.ability_ = buildAbility({
        actor: this.actor,
        isaClinicIds,
        breakGlassCaseIds: [...this.breakGlass.keys()],
      });
      return this.ability_;
    });
    return this.abilityPromise;
  }

  private async load(): Promise<{
    isaClinicIds: string[];
    grants: Pick<BreakGlassGrantEntity, 'caseId' | 'purpose'>[];
  }> {
    const isa = await this.ds
      .createQueryBuilder(ClinicMemberEntity, 'm')
      .innerJoin(AgencyEntity, 'a', 'a.id = m.agencyId AND a.active')
      .where('m.agencyId = :agencyId', { agencyId: this.actor.agencyId })
      .andWhere('m.isaSignedOn IS NOT NULL AND m.isaSignedOn <= current_date')
      .getMany();
    // A grant counts only while it was made for the actor's agency and that agency takes or
    // took part in the case (a grant older than that rule, or a user who moved, opens nothing).
    const tookPart = this.ds
      .createQueryBuilder(ParticipantEntity, 'p')
      .select('1')
      .where('p.caseId = g.caseId AND p.agencyId = g.agencyId');
    const grants = effectiveRoles(this.actor).includes('AUDITOR_DPO')
      ? await this.ds
          .createQueryBuilder(BreakGlassGrantEntity, 'g')
          .distinctOn(['g.caseId'])
          .where('g.userId = :userId AND g.agencyId = :agencyId', {
            userId: this.actor.userId,
            agencyId: this.actor.agencyId,
          })
          .andWhere('g.expiresAt > now()')
          .andWhere(`EXISTS (${tookPart.getQuery()})`)
          .orderBy('g.caseId')
          .addOrderBy('g.grantedAt', 'DESC')
          .getMany()
      : [];
    return { isaClinicIds: isa.map((r) => r.clinicId), grants };
  }

  /** The SQL predicate of rows whose `field` the actor may `action` (FALSE when none). */
  async scope(field: FieldKey, params: unknown[], alias = 'c', action: Action = 'read'): Promise<string> {
    return rulesToSql(await this.ability(), action, 'Case', field, caseSqlMapping(alias), params);
  }

  /** Field set of one loaded case for reading (cached per case for the request). */
  view(row: CaseSubject & { leadAgencyId?: string }): AccessView {
    const cached = this.views.get(row.id);
    if (cached) return cached;
    if (!this.ability_) throw new Error('CaseAccess.view called before ability()');
    const view: AccessView = {
      fields: caseFieldsFor(this.ability_, 'read', row),
      entityType: 'Case',
      entityId: row.id,
      caseId: row.id,
      ownerAgencyId: row.leadAgencyId,
      purpose: this.breakGlass.has(row.id) ? `break-glass: ${this.breakGlass.get(row.id)}` : undefined,
    };
    this.views.set(row.id, view);
    return view;
  }

  /**
   * The view of one authored entry (assessment, agency record, order, document, …) of a loaded
   * case: the case's field set, plus the entry's category in full when a CaseRecord rule grants
   * it (own-agency entries, released contributions, documents shared with the agency). `null`
   * when the reader may see none of it: the entry is then absent, not an empty box.
   */
  recordView(
    row: CaseSubject & { leadAgencyId?: string },
    record: RecordFacts & { entityType: string; entityId: string },
  ): AccessView | null {
    if (!this.ability_) throw new Error('CaseAccess.recordView called before ability()');
    const caseView = this.view(row);
    const fields = new Set(caseView.fields);
    // Under break-glass, D6, D9 and D14 open only for the DPO's own agency's entries.
    if (this.openedByBreakGlassOnly(row.id, record.category)) {
      fields.delete(record.category);
      fields.delete(limited(record.category));
    }
    if (this.ability_.can('read', subject('CaseRecord', this.recordSubject(row, record)))) {
      fields.add(record.category);
      fields.add(limited(record.category));
    }
    if (!fields.has(record.category) && !fields.has(limited(record.category))) return null;
    return { ...caseView, fields, entityType: caseView.entityType, entityId: caseView.entityId };
  }

  private openedByBreakGlassOnly(caseId: string, category: DataCategory): boolean {
    return (
      AUTHORING_AGENCY_ONLY.has(category) &&
      this.breakGlass.has(caseId) &&
      !grantsFor(effectiveRoles(this.actor), category).length
    );
  }

  /** May the actor create or change an entry of this category (own-agency rules included)? */
  async canWriteRecord(
    row: CaseSubject,
    record: RecordFacts,
    action: 'create' | 'update' = 'create',
  ): Promise<boolean> {
    const ability = await this.ability();
    return ability.can(action, subject('CaseRecord', this.recordSubject(row, record)));
  }

  private recordSubject(row: CaseSubject, record: RecordFacts): CaseRecordSubject {
    return {
      id: row.id,
      clinicId: row.clinicId,
      participantAgencyIds: row.participantAgencyIds,
      category: record.category,
      authorAgencyId: record.authorAgencyId,
      ...(record.released !== undefined ? { released: record.released } : {}),
      ...(record.sharedWithAgencyIds ? { sharedWithAgencyIds: record.sharedWithAgencyIds } : {}),
    };
  }

  async canWrite(row: CaseSubject, field: FieldKey): Promise<boolean> {
    return caseFieldsFor(await this.ability(), 'update', row).has(field);
  }

  /** Rebuild the ability on next use (after this request changed grants). */
  reset(): void {
    this.abilityPromise = undefined;
    this.ability_ = this.prebuilt;
    this.views.clear();
    this.breakGlass.clear();
  }

  /** Forget cached views, e.g. after this request changed participation. */
  invalidate(caseId?: string): void {
    if (caseId) this.views.delete(caseId);
    else this.views.clear();
  }
}
