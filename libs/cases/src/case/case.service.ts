import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { subject } from '@casl/ability';
import {
  CASE_TRANSITIONS,
  EVENT_TYPES,
  PURPOSE_REQUIRED,
  type CaseStatus,
  type DataCategory,
} from '@scp/contracts';
import { withAccess, type FieldKey, type WithAccess } from '@scp/platform-access';
import { badInput, conflict, decodeCursor, encodeCursor, forbidden, notFound } from '@scp/platform-graphql';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import { FreeTextGuard, freeTextError } from '../shared/free-text.js';
import { updateReturning, type RequestScope } from '../shared/scope.js';
import { writeEvent } from '../shared/audit.js';
import { checkNextReviewOn } from './case-dates.js';
import { CASE_COLUMNS, findCasesByIds, nextCaseReference, type CaseRow } from './case.repository.js';
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

  private async whereClause(
    scope: RequestScope,
    filter: CaseFilter,
    params: unknown[],
    extraCategories: FieldKey[],
    purpose: string | undefined,
  ): Promise<string> {
    const where = [await scope.access.scope('D1', params)];
    const used = new Set<FieldKey>(extraCategories);
    for (const [key, value] of Object.entries(filter) as [keyof CaseFilter, unknown][])
      if (value !== undefined && value !== null) used.add(FILTER_CATEGORIES[key]);
    for (const category of used) {
      if (category === 'D1') continue;
      if (PURPOSE_REQUIRED.has(category as DataCategory) && !purpose?.trim())
        throw badInput(`Searching on ${category} requires a reason and a purpose`, 'reason');
      const sql = await scope.access.scope(category, params);
      if (sql === 'FALSE') throw forbidden(`Not permitted to filter or sort on ${category}`, { category });
      // Confine the search to cases where the value may be read, so neither the rows nor their
      // order or count says anything about cases where it may not.
      where.push(sql);
    }
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.status?.length) where.push(`c.status = ANY(${p(filter.status)}::text[])`);
    if (filter.clinicId) where.push(`c.clinic_id = ${p(filter.clinicId)}::uuid`);
    if (filter.leadAgencyId) where.push(`c.lead_agency_id = ${p(filter.leadAgencyId)}::uuid`);
    if (filter.cjStatus) where.push(`c.cj_status = ${p(filter.cjStatus)}`);
    if (filter.nextReviewBefore) where.push(`c.next_review_on < ${p(filter.nextReviewBefore)}::date`);
    if (filter.referenceStartsWith)
      where.push(`c.reference LIKE ${p(filter.referenceStartsWith.replace(/[\\%_]/g, '\\$&') + '%')}`);
    if (filter.subjectFamilyNameStartsWith)
      where.push(
        `EXISTS (SELECT 1 FROM cases.persons fs WHERE fs.case_id = c.id AND fs.role = 'SUBJECT' AND lower(fs.family_name) LIKE ${p(
          filter.subjectFamilyNameStartsWith.toLowerCase().replace(/[\\%_]/g, '\\$&') + '%',
        )})`,
      );
    if (filter.victimPostcode)
      where.push(
        `EXISTS (SELECT 1 FROM cases.locations fl JOIN cases.persons fv ON fv.id = fl.person_id
                  WHERE fl.case_id = c.id AND fv.role <> 'SUBJECT' AND fl.current
                    AND upper(replace(fl.postcode, ' ', '')) = ${p(normalisePostcode(filter.victimPostcode))})`,
      );
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
    return where.join(' AND ');
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
    if (!order) throw badInput('Unknown order field', 'orderBy');
    const dir = orderBy?.direction === 'ASC' ? 'ASC' : 'DESC';
    const params: unknown[] = [];
    const where = await this.whereClause(scope, filter, params, [order.category], purpose);
    let keyset = '';
    if (after) {
      const [value, id] = decodeCursor(after, order.kind);
      params.push(value, id);
      const cmp = dir === 'ASC' ? '>' : '<';
      keyset = ` AND (${order.sql}, c.id) ${cmp} ($${params.length - 1}::${order.kind}, $${params.length}::uuid)`;
    }
    params.push(first + 1);
    const rows: (CaseRow & { sortKey: string | null })[] = await this.ds.query(
      `SELECT ${CASE_COLUMNS}, (${order.sql})::text AS "sortKey"
         FROM cases.cases c
        WHERE ${where}${keyset}
        ORDER BY ${order.sql} ${dir}, c.id ${dir}
        LIMIT $${params.length}`,
      params,
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
    const params: unknown[] = [];
    const where = await this.whereClause(scope, filter, params, [], purpose);
    const rows: { n: string }[] = await this.ds.query(
      `SELECT count(*) AS n FROM cases.cases c WHERE ${where}`,
      params,
    );
    return Number(rows[0]?.n ?? 0);
  }

  private async clinicMember(db: EntityManager | DataSource, clinicId: string, agencyId: string) {
    const rows: { isa: boolean; active: boolean }[] = await db.query(
      `SELECT (m.isa_signed_on IS NOT NULL AND m.isa_signed_on <= current_date) AS isa, a.active
         FROM cases.clinic_members m JOIN cases.agencies a ON a.id = m.agency_id
        WHERE m.clinic_id = $1 AND m.agency_id = $2`,
      [clinicId, agencyId],
    );
    return rows[0] ?? null;
  }

  private async requireSharingAgency(
    db: EntityManager | DataSource,
    clinicId: string,
    agencyId: string,
    field: string,
  ) {
    const member = await this.clinicMember(db, clinicId, agencyId);
    if (!member || !member.active) throw badInput('The agency is not a member of this clinic', field);
    if (!member.isa)
      throw badInput('The agency has not signed the clinic information sharing agreement', field);
  }

  async createCase(scope: RequestScope, input: CreateCaseInput): Promise<CaseView> {
    const clinics: { id: string; code: string; active: boolean }[] = await this.ds.query(
      `SELECT id, code, active FROM cases.clinics WHERE id = $1`,
      [input.clinicId],
    );
    const clinic = clinics[0];
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
      if (seen.has(p.agencyId)) throw badInput('An agency is listed twice', at('agencyId'));
      seen.add(p.agencyId);
      if (p.sharingBasis !== 'CONSENT' && !p.basisRationale?.trim())
        throw badInput(
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
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO cases.cases (reference, clinic_id, tier, status, cj_status, lead_agency_id, owner_user_id, created_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          reference,
          clinic.id,
          input.tier,
          input.tier === 'CONSULTATION_ONLY' ? 'CONSULTATION' : 'AWAITING_LISTING',
          input.cjStatus,
          input.leadAgencyId,
          input.ownerUserId ?? null,
          scope.actor.userId,
        ],
      );
      const caseId = inserted[0]!.id;
      for (const p of participants) {
        await m.query(
          `INSERT INTO cases.participants (case_id, agency_id, role_in_case, sharing_basis, basis_rationale, added_by_user_id)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            caseId,
            p.agencyId,
            p.agencyId === input.leadAgencyId ? 'LEAD' : p.roleInCase,
            p.sharingBasis,
            p.basisRationale ?? null,
            scope.actor.userId,
          ],
        );
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

  private async requireOwner(db: EntityManager | DataSource, userId: string, agencyIds: string[]) {
    const rows: { agency_id: string; active: boolean }[] = await db.query(
      `SELECT agency_id, active FROM cases.users WHERE id = $1`,
      [userId],
    );
    const owner = rows[0];
    if (!owner || !owner.active || !agencyIds.includes(owner.agency_id))
      throw badInput('The owner must be an active user of a participating agency', 'ownerUserId');
  }

  /** Loads a case fresh (not from the request cache) and checks the caller may see it. */
  private async loadVisible(
    scope: RequestScope,
    id: string,
    db: EntityManager | DataSource = this.ds,
  ): Promise<CaseRow> {
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
    const sets: string[] = [];
    const params: unknown[] = [input.id, input.expectedVersion];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (input.status !== undefined && input.status !== row.status) {
      if (input.status === 'CLOSED')
        throw badInput('Close a case with closeCase, which records the rationale', 'status');
      if (input.status === 'ESCALATED')
        throw badInput(
          'Escalate a case with escalateCase, which records the MAPPA or MARAC reference',
          'status',
        );
      if (!CASE_TRANSITIONS[row.status as CaseStatus].includes(input.status as CaseStatus))
        throw badInput(`A case cannot move from ${row.status} to ${input.status}`, 'status');
      set('status', input.status);
    }
    if (input.cjStatus !== undefined) set('cj_status', input.cjStatus);
    if (input.nextReviewOn !== undefined) set('next_review_on', checkNextReviewOn(input.nextReviewOn));
    if (input.leadAgencyId !== undefined && input.leadAgencyId !== row.leadAgencyId) {
      if (!row.participantAgencyIds.includes(input.leadAgencyId))
        throw badInput('The lead agency must be a current participant', 'leadAgencyId');
      set('lead_agency_id', input.leadAgencyId);
    }
    if (input.ownerUserId !== undefined) {
      if (input.ownerUserId) await this.requireOwner(this.ds, input.ownerUserId, row.participantAgencyIds);
      set('owner_user_id', input.ownerUserId);
    }
    if (!sets.length) throw badInput('Nothing to change');
    await this.ds.transaction(async (m) => {
      const updated = await updateReturning<{ id: string }>(
        m,
        `UPDATE cases.cases SET ${sets.join(', ')}, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
        params,
      );
      if (!updated.length) throw conflict();
      await this.outbox.write(m, {
        type: EVENT_TYPES.caseUpdated,
        aggregateType: 'Case',
        aggregateId: row.id,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: { caseId: row.id, clinicId: row.clinicId, fields: sets.map((s) => s.split(' = ')[0]!) },
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
      throw badInput('A rationale is required when consent is not the basis for sharing', 'basisRationale');
    await this.freeText.assert(scope, row.id, input.basisRationale, 'basisRationale');
    await this.requireSharingAgency(this.ds, row.clinicId, input.agencyId, 'agencyId');
    await this.ds.transaction(async (m) => {
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO cases.participants (case_id, agency_id, role_in_case, sharing_basis, basis_rationale, added_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (case_id, agency_id) WHERE left_at IS NULL DO NOTHING RETURNING id`,
        [
          row.id,
          input.agencyId,
          input.roleInCase,
          input.sharingBasis,
          input.basisRationale ?? null,
          scope.actor.userId,
        ],
      );
      if (!inserted.length) throw conflict('The agency already takes part in this case');
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
      throw badInput('Hand the lead to another participant before the lead agency leaves', 'agencyId');
    await this.freeText.assert(scope, row.id, input.reason, 'reason');
    await this.ds.transaction(async (m) => {
      const ended = await updateReturning<{ id: string }>(
        m,
        `UPDATE cases.participants SET left_at = now(), ended_by_user_id = $3, end_reason = $4
          WHERE case_id = $1 AND agency_id = $2 AND left_at IS NULL RETURNING id`,
        [row.id, input.agencyId, scope.actor.userId, input.reason.trim()],
      );
      if (!ended.length) throw notFound('Participation');
      await m.query(`UPDATE cases.cases SET version = version + 1, updated_at = now() WHERE id = $1`, [
        row.id,
      ]);
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
