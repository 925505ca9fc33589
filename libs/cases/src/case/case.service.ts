import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { IsNull, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { subject } from '@casl/ability';
import {
  CASE_TRANSITIONS,
  EVENT_TYPES,
  PURPOSE_REQUIRED,
  type CaseStatus,
  type DataCategory,
  conflict,
  forbidden,
  invalid,
  notFound,
} from '@scp/contracts';
import { withAccess, type FieldKey, type WithAccess } from '@scp/platform-access';
import { decodeCursor, encodeCursor } from '@scp/platform-graphql';
import { namedParams } from '@scp/platform-database';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import { FreeTextGuard, freeTextError } from '../shared/free-text.js';
import { managerOf, type Queryable, type RequestScope } from '../shared/scope.js';
import { writeEvent } from '../shared/audit.js';
import { checkNextReviewOn } from './case-dates.js';
import {
  AgencyEntity,
  ClinicEntity,
  ClinicMemberEntity,
  UserEntity,
} from '../directory/directory.entities.js';
import { LocationEntity, PersonEntity } from '../people/people.entities.js';
import { CaseEntity, ParticipantEntity } from './case.entities.js';
import { caseQuery, findCasesByIds, nextCaseReference, readCases, type CaseRow } from './case.repository.js';
import type {
  AddParticipantInput,
  CaseFilter,
  CaseOrderBy,
  CreateCaseInput,
  EndParticipationInput,
  UpdateCaseHeaderInput,
} from './case.inputs.js';

export type CaseView = WithAccess<CaseRow>;

/** Which category each filter key reads. Filtering on a category is reading it. */
const FILTER_CATEGORIES: Record<keyof CaseFilter, FieldKey> = {
  status: 'D1',
  clinicId: 'D1',
  leadAgencyId: 'D1',
  cjStatus: 'D1',
  nextReviewBefore: 'D1',
  referenceStartsWith: 'D1',
  subjectFamilyNameStartsWith: 'D2',
  victimPostcode: 'D12',
};

const ORDERS: Record<string, { sql: string; category: FieldKey; kind: 'text' | 'timestamptz' | 'date' }> = {
  UPDATED_AT: { sql: 'c.updated_at', category: 'D1', kind: 'timestamptz' },
  REFERENCE: { sql: 'c.reference', category: 'D1', kind: 'text' },
  NEXT_REVIEW_ON: { sql: "COALESCE(c.next_review_on, DATE '9999-12-31')", category: 'D1', kind: 'date' },
  SUBJECT_FAMILY_NAME: {
    sql: "COALESCE((SELECT lower(s.family_name) FROM cases.persons s WHERE s.case_id = c.id AND s.role = 'SUBJECT'), '')",
    category: 'D2',
    kind: 'text',
  },
};

const normalisePostcode = (value: string) => value.replace(/\s+/g, '').toUpperCase();

@Injectable()
export class CaseService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
    private readonly freeText: FreeTextGuard,
  ) {}

  /** Attaches the reader's field set; a case the reader may not see at all is `null`. */
  async present(scope: RequestScope, row: CaseRow | null): Promise<CaseView | null> {
    if (!row) return null;
    await scope.access.ability();
    const view = scope.access.view(row);
    return view.fields.has('D1') ? withAccess({ ...row }, view) : null;
  }

  async getCase(scope: RequestScope, id: string): Promise<CaseView> {
    const found = await this.present(scope, await scope.loaders.cases.load(id));
    if (!found) throw notFound('Case');
    return found;
  }

  /** For `_entities`: visible cases, null for the rest (no existence oracle). */
  async getForReference(scope: RequestScope, id: string): Promise<CaseView | null> {
    return this.present(scope, await scope.loaders.cases.load(id));
  }

  /** Confines `qb` (alias `c`) to the cases the reader may see and applies the filter. */
  private async scoped(
    scope: RequestScope,
    qb: SelectQueryBuilder<CaseEntity>,
    filter: CaseFilter,
    extraCategories: FieldKey[],
    purpose: string | undefined,
  ): Promise<SelectQueryBuilder<CaseEntity>> {
    const params: unknown[] = [];
    const where = [await scope.access.scope('D1', params)];
    const used = new Set<FieldKey>(extraCategories);
    for (const [key, value] of Object.entries(filter) as [keyof CaseFilter, unknown][])
      if (value !== undefined && value !== null) used.add(FILTER_CATEGORIES[key]);
    for (const category of used) {
      if (category === 'D1') continue;
      if (PURPOSE_REQUIRED.has(category as DataCategory) && !purpose?.trim())
        throw invalid(`Searching on ${category} requires a reason and a purpose`, 'reason');
      const sql = await scope.access.scope(category, params);
      if (sql === 'FALSE') throw forbidden(`Not permitted to filter or sort on ${category}`, { category });
      // Confine the search to cases where the value may be read, so neither the rows nor their
      // order or count says anything about cases where it may not.
      where.push(sql);
    }
    const access = namedParams(where.join(' AND '), params, 'acc');
    qb.where(access.sql, access.parameters);
    const m = qb.connection.manager;
    const like = (v: string) => v.replace(/[\\%_]/g, '\\$&') + '%';
    if (filter.status?.length) qb.andWhere('c.status = ANY(:status)', { status: filter.status });
    if (filter.clinicId) qb.andWhere('c.clinicId = :clinicId', { clinicId: filter.clinicId });
    if (filter.leadAgencyId)
      qb.andWhere('c.leadAgencyId = :leadAgencyId', { leadAgencyId: filter.leadAgencyId });
    if (filter.cjStatus) qb.andWhere('c.cjStatus = :cjStatus', { cjStatus: filter.cjStatus });
    if (filter.nextReviewBefore)
      qb.andWhere('c.nextReviewOn < :nextReviewBefore::date', { nextReviewBefore: filter.nextReviewBefore });
    if (filter.referenceStartsWith)
      qb.andWhere('c.reference LIKE :referencePrefix', { referencePrefix: like(filter.referenceStartsWith) });
    if (filter.subjectFamilyNameStartsWith) {
      const subject = m
        .createQueryBuilder(PersonEntity, 'fs')
        .select('1')
        .where('fs.caseId = c.id')
        .andWhere("fs.role = 'SUBJECT'")
        .andWhere('lower(fs.familyName) LIKE :familyPrefix');
      qb.andWhere(`EXISTS (${subject.getQuery()})`, {
        familyPrefix: like(filter.subjectFamilyNameStartsWith.toLowerCase()),
      });
    }
    if (filter.victimPostcode) {
      const victimAt = m
        .createQueryBuilder(LocationEntity, 'fl')
        .select('1')
        .innerJoin(PersonEntity, 'fv', 'fv.id = fl.personId')
        .where('fl.caseId = c.id')
        .andWhere("fv.role <> 'SUBJECT'")
        .andWhere('fl.current')
        .andWhere("upper(replace(fl.postcode, ' ', '')) = :victimPostcode");
      qb.andWhere(`EXISTS (${victimAt.getQuery()})`, {
        victimPostcode: normalisePostcode(filter.victimPostcode),
      });
    }
    if (used.size > 1 || purpose) {
      scope.audit.record({
        actorId: scope.actor.userId,
        actorAgencyId: scope.actor.agencyId,
        action: 'SEARCH',
        entityType: 'Case',
        entityId: null,
        categories: [...used].map((k) => k.replace(':limited', '') as DataCategory).sort(),
        purpose: purpose?.trim() || 'case search',
        requestId: scope.actor.requestId,
      });
    }
    return qb;
  }

  async listCases(
    scope: RequestScope,
    filter: CaseFilter = {},
    orderBy: CaseOrderBy | undefined,
    first: number,
    after: string | undefined,
    purpose?: string,
  ): Promise<{
    edges: { cursor: string; node: CaseView }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }> {
    const order = ORDERS[orderBy?.field ?? 'UPDATED_AT'];
    if (!order) throw invalid('Unknown order field', 'orderBy');
    const dir = orderBy?.direction === 'ASC' ? 'ASC' : 'DESC';
    const qb = await this.scoped(scope, caseQuery(this.ds), filter, [order.category], purpose);
    if (after) {
      const [afterValue, afterId] = decodeCursor(after, order.kind);
      const cmp = dir === 'ASC' ? '>' : '<';
      qb.andWhere(`(${order.sql}, c.id) ${cmp} (:afterValue::${order.kind}, :afterId::uuid)`, {
        afterValue,
        afterId,
      });
    }
    const rows = await readCases<{ sortKey: string | null }>(
      qb
        .addSelect(`(${order.sql})::text`, 'sortKey')
        .orderBy(order.sql, dir)
        .addOrderBy('c.id', dir)
        .limit(first + 1),
      ['sortKey'],
    );
    const page = rows.slice(0, first);
    const edges: { cursor: string; node: CaseView }[] = [];
    for (const row of page) {
      const node = await this.present(scope, row);
      // The SQL scope and the row check come from the same rules; a disagreement is a bug, and
      // failing closed (dropping the row) is the safe side of it.
      if (!node) continue;
      scope.loaders.cases.prime(row.id, row);
      // The sort key travels as PostgreSQL text so timestamps keep their microseconds.
      edges.push({ cursor: encodeCursor(row.sortKey, row.id), node });
    }
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  async countCases(scope: RequestScope, filter: CaseFilter = {}, purpose?: string): Promise<number> {
    const qb = this.ds.createQueryBuilder(CaseEntity, 'c');
    return (await this.scoped(scope, qb, filter, [], purpose)).getCount();
  }

  private async clinicMember(db: Queryable, clinicId: string, agencyId: string) {
    const member = await managerOf(db)
      .createQueryBuilder(ClinicMemberEntity, 'm')
      .innerJoin(AgencyEntity, 'a', 'a.id = m.agencyId')
      .select('(m.isaSignedOn IS NOT NULL AND m.isaSignedOn <= current_date)', 'isa')
      .addSelect('a.active', 'active')
      .where('m.clinicId = :clinicId', { clinicId })
      .andWhere('m.agencyId = :agencyId', { agencyId })
      .getRawOne<{ isa: boolean; active: AgencyEntity['active'] }>();
    return member ?? null;
  }

  private async requireSharingAgency(db: Queryable, clinicId: string, agencyId: string, field: string) {
    const member = await this.clinicMember(db, clinicId, agencyId);
    if (!member || !member.active) throw invalid('The agency is not a member of this clinic', field);
    if (!member.isa)
      throw invalid('The agency has not signed the clinic information sharing agreement', field);
  }

  async createCase(scope: RequestScope, input: CreateCaseInput): Promise<CaseView> {
    const clinic = await this.ds.getRepository(ClinicEntity).findOneBy({ id: input.clinicId });
    const ability = await scope.access.ability();
    if (!clinic || !clinic.active || !ability.can('create', subject('Case', { clinicId: input.clinicId })))
      throw forbidden('Only the clinic chair or coordinator can open a case for this clinic');
    const participants = [...input.participants];
    const leadAdded = !participants.some((p) => p.agencyId === input.leadAgencyId);
    if (leadAdded)
      participants.unshift({
        agencyId: input.leadAgencyId,
        roleInCase: 'LEAD',
        sharingBasis: 'STATUTORY_GATEWAY',
        basisRationale: 'Lead agency',
      });
    const seen = new Set<string>();
    for (const [n, p] of participants.entries()) {
      // Fields name the participant as the client listed it; the lead agency added here is the
      // client's `leadAgencyId`.
      const at = (name: string) =>
        leadAdded && n === 0 ? 'leadAgencyId' : `participants.${leadAdded ? n - 1 : n}.${name}`;
      if (seen.has(p.agencyId)) throw invalid('An agency is listed twice', at('agencyId'));
      seen.add(p.agencyId);
      if (p.sharingBasis !== 'CONSENT' && !p.basisRationale?.trim())
        throw invalid(
          'A rationale is required when consent is not the basis for sharing',
          at('basisRationale'),
        );
      await this.requireSharingAgency(this.ds, input.clinicId, p.agencyId, at('agencyId'));
      // The new case holds no location yet: the rationale, which every participant reads, is
      // checked like a meeting's title, against every open case of the clinic.
      const verdict = await this.freeText.check({
        userId: scope.actor.userId,
        requestId: scope.actor.requestId,
        caseIds: [],
        clinicId: input.clinicId,
        field: at('basisRationale'),
        text: p.basisRationale,
      });
      if (!verdict.ok) throw freeTextError(verdict, at('basisRationale'));
    }
    if (input.ownerUserId) await this.requireOwner(this.ds, input.ownerUserId, [...seen]);

    const id = await this.ds.transaction(async (m) => {
      const reference = await nextCaseReference(m, clinic.id, clinic.code, new Date().getUTCFullYear());
      const caseId = randomUUID();
      await m.insert(CaseEntity, {
        id: caseId,
        reference,
        clinicId: clinic.id,
        tier: input.tier,
        status: input.tier === 'CONSULTATION_ONLY' ? 'CONSULTATION' : 'AWAITING_LISTING',
        cjStatus: input.cjStatus,
        leadAgencyId: input.leadAgencyId,
        ownerUserId: input.ownerUserId ?? null,
        createdByUserId: scope.actor.userId,
      });
      for (const p of participants) {
        await m.insert(ParticipantEntity, {
          caseId,
          agencyId: p.agencyId,
          roleInCase: p.agencyId === input.leadAgencyId ? 'LEAD' : p.roleInCase,
          sharingBasis: p.sharingBasis,
          basisRationale: p.basisRationale ?? null,
          addedByUserId: scope.actor.userId,
        });
        await this.outbox.write(m, {
          type: EVENT_TYPES.participationAdded,
          aggregateType: 'Case',
          aggregateId: caseId,
          actorId: scope.actor.userId,
          correlationId: scope.actor.requestId,
          payload: { caseId, clinicId: clinic.id, agencyId: p.agencyId },
        });
      }
      await this.outbox.write(m, {
        type: EVENT_TYPES.caseCreated,
        aggregateType: 'Case',
        aggregateId: caseId,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: { caseId, clinicId: clinic.id, leadAgencyId: input.leadAgencyId },
      });
      await this.audit.write(
        [
          writeEvent(scope, 'CREATE', 'Case', caseId, ['D1'], 'createCase', {
            ownerAgencyId: input.leadAgencyId,
          }),
        ],
        m,
      );
      return caseId;
    });
    scope.loaders.cases.clear(id);
    return this.getCase(scope, id);
  }

  private async requireOwner(db: Queryable, userId: string, agencyIds: string[]) {
    const owner = await managerOf(db).findOneBy(UserEntity, { id: userId });
    if (!owner || !owner.active || !agencyIds.includes(owner.agencyId))
      throw invalid('The owner must be an active user of a participating agency', 'ownerUserId');
  }

  /** Loads a case fresh (not from the request cache) and checks the caller may see it. */
  private async loadVisible(scope: RequestScope, id: string, db: Queryable = this.ds): Promise<CaseRow> {
    const [row] = await findCasesByIds(db, [id]);
    await scope.access.ability();
    if (!row) throw notFound('Case');
    scope.access.invalidate(id);
    if (!scope.access.view(row).fields.has('D1')) throw notFound('Case');
    return row;
  }

  async updateHeader(scope: RequestScope, input: UpdateCaseHeaderInput): Promise<CaseView> {
    const row = await this.loadVisible(scope, input.id);
    if (!(await scope.access.canWrite(row, 'D1'))) throw forbidden('Not permitted to change the case header');
    const changes: Partial<CaseEntity> = {};
    const set = <K extends keyof CaseEntity>(property: K, value: CaseEntity[K]) => {
      changes[property] = value;
    };
    if (input.status !== undefined && input.status !== row.status) {
      if (input.status === 'CLOSED')
        throw invalid('Close a case with closeCase, which records the rationale', 'status');
      if (input.status === 'ESCALATED')
        throw invalid(
          'Escalate a case with escalateCase, which records the MAPPA or MARAC reference',
          'status',
        );
      if (!CASE_TRANSITIONS[row.status as CaseStatus].includes(input.status as CaseStatus))
        throw invalid(`A case cannot move from ${row.status} to ${input.status}`, 'status');
      set('status', input.status);
    }
    if (input.cjStatus !== undefined) set('cjStatus', input.cjStatus);
    if (input.nextReviewOn !== undefined) set('nextReviewOn', checkNextReviewOn(input.nextReviewOn));
    if (input.leadAgencyId !== undefined && input.leadAgencyId !== row.leadAgencyId) {
      if (!row.participantAgencyIds.includes(input.leadAgencyId))
        throw invalid('The lead agency must be a current participant', 'leadAgencyId');
      set('leadAgencyId', input.leadAgencyId);
    }
    if (input.ownerUserId !== undefined) {
      if (input.ownerUserId) await this.requireOwner(this.ds, input.ownerUserId, row.participantAgencyIds);
      set('ownerUserId', input.ownerUserId);
    }
    // The outbox names the changed columns as the table does.
    const metadata = this.ds.getMetadata(CaseEntity);
    const fields = Object.keys(changes).map((p) => metadata.findColumnWithPropertyName(p)!.databaseName);
    if (!fields.length) throw invalid('Nothing to change');
    await this.ds.transaction(async (m) => {
      const updated = await m.update(
        CaseEntity,
        { id: input.id, version: input.expectedVersion },
        { ...changes, version: () => 'version + 1', updatedAt: () => 'now()' },
      );
      if (!updated.affected) throw conflict();
      await this.outbox.write(m, {
        type: EVENT_TYPES.caseUpdated,
        aggregateType: 'Case',
        aggregateId: row.id,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: { caseId: row.id, clinicId: row.clinicId, fields },
      });
      await this.audit.write([writeEvent(scope, 'UPDATE', 'Case', row.id, ['D1'], 'updateCaseHeader')], m);
    });
    scope.loaders.cases.clear(row.id);
    scope.access.invalidate(row.id);
    return this.getCase(scope, row.id);
  }

  async addParticipant(scope: RequestScope, input: AddParticipantInput): Promise<CaseView> {
    const row = await this.loadVisible(scope, input.caseId);
    if (!(await scope.access.ability()).can('share', subject('Case', { ...row })))
      throw forbidden('Only the clinic chair or coordinator can change who takes part');
    if (input.sharingBasis !== 'CONSENT' && !input.basisRationale?.trim())
      throw invalid('A rationale is required when consent is not the basis for sharing', 'basisRationale');
    await this.freeText.assert(scope, row.id, input.basisRationale, 'basisRationale');
    await this.requireSharingAgency(this.ds, row.clinicId, input.agencyId, 'agencyId');
    await this.ds.transaction(async (m) => {
      // ON CONFLICT DO NOTHING: the only unique index besides the key is one current participation
      // per agency and case.
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(ParticipantEntity)
        .values({
          caseId: row.id,
          agencyId: input.agencyId,
          roleInCase: input.roleInCase,
          sharingBasis: input.sharingBasis,
          basisRationale: input.basisRationale ?? null,
          addedByUserId: scope.actor.userId,
        })
        .orIgnore()
        .returning('id')
        .execute();
      if (!(inserted.raw as unknown[]).length) throw conflict('The agency already takes part in this case');
      await this.outbox.write(m, {
        type: EVENT_TYPES.participationAdded,
        aggregateType: 'Case',
        aggregateId: row.id,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: { caseId: row.id, clinicId: row.clinicId, agencyId: input.agencyId },
      });
      await this.audit.write(
        [
          writeEvent(scope, 'UPDATE', 'Case', row.id, ['D1'], 'addParticipant', {
            recipients: [input.agencyId],
          }),
        ],
        m,
      );
    });
    scope.loaders.cases.clear(row.id);
    scope.loaders.participants.clear(row.id);
    scope.access.invalidate(row.id);
    return this.getCase(scope, row.id);
  }

  async endParticipation(scope: RequestScope, input: EndParticipationInput): Promise<CaseView | null> {
    const row = await this.loadVisible(scope, input.caseId);
    if (!(await scope.access.ability()).can('share', subject('Case', { ...row })))
      throw forbidden('Only the clinic chair or coordinator can change who takes part');
    if (input.agencyId === row.leadAgencyId)
      throw invalid('Hand the lead to another participant before the lead agency leaves', 'agencyId');
    await this.freeText.assert(scope, row.id, input.reason, 'reason');
    await this.ds.transaction(async (m) => {
      const ended = await m.update(
        ParticipantEntity,
        { caseId: row.id, agencyId: input.agencyId, leftAt: IsNull() },
        { leftAt: () => 'now()', endedByUserId: scope.actor.userId, endReason: input.reason.trim() },
      );
      if (!ended.affected) throw notFound('Participation');
      await m.update(CaseEntity, { id: row.id }, { version: () => 'version + 1', updatedAt: () => 'now()' });
      await this.outbox.write(m, {
        type: EVENT_TYPES.participationEnded,
        aggregateType: 'Case',
        aggregateId: row.id,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: { caseId: row.id, clinicId: row.clinicId, agencyId: input.agencyId },
      });
      await this.audit.write([writeEvent(scope, 'UPDATE', 'Case', row.id, ['D1'], 'endParticipation')], m);
    });
    scope.loaders.cases.clear(row.id);
    scope.loaders.participants.clear(row.id);
    scope.access.invalidate(row.id);
    // The caller may have just removed its own agency: then the case is no longer visible.
    return this.present(scope, await scope.loaders.cases.load(row.id));
  }
}
