import type { DataSource } from 'typeorm';
import type { DataCategory } from '@scp/contracts';
import { withAccess, type AccessView, type FieldKey, type WithAccess } from '@scp/platform-access';
import { badInput, decodeCursor, encodeCursor, forbidden, notFound } from '@scp/platform-graphql';
import type { RequestScope } from '../shared/scope.js';
import { namedParams } from '@scp/platform-database';
import { DuplicateFlagEntity, ReferralEntity } from './referral.entities.js';
import {
  findQuestions,
  findReferralsByIds,
  findVictimLocations,
  referralQuery,
  referralRows,
  type ReferralRow,
} from './referral.repository.js';
import type { ReferralFilter, ReferralOrderBy } from './referral.inputs.js';

export type ReferralView = WithAccess<ReferralRow>;

const FILTER_CATEGORIES: Record<keyof ReferralFilter, FieldKey> = {
  status: 'D1',
  clinicId: 'D1',
  urgency: 'D1',
  overdue: 'D1',
  subjectFamilyNameStartsWith: 'D2',
  victimPostcode: 'D12',
};

const ORDERS: Record<string, { sql: string; category: FieldKey; kind: 'text' | 'timestamptz' }> = {
  CREATED_AT: { sql: 'r.created_at', category: 'D1', kind: 'timestamptz' },
  SUBMITTED_AT: {
    sql: "COALESCE(r.submitted_at, 'epoch'::timestamptz)",
    category: 'D1',
    kind: 'timestamptz',
  },
  SUBJECT_FAMILY_NAME: { sql: "COALESCE(lower(r.subject_family_name), '')", category: 'D2', kind: 'text' },
};

const normalisePostcode = (value: string) => value.replace(/\s+/g, '').toUpperCase();
const like = (value: string) => value.toLowerCase().replace(/[\\%_]/g, '\\$&') + '%';

/** Reading referrals: one by id or case, the scoped list and count, and what hangs off one. */
export class ReferralReads {
  constructor(private readonly ds: DataSource) {}

  /** Attaches the reader's field set; a referral the reader may not see is `null`. */
  present(scope: RequestScope, row: ReferralRow | null | undefined): ReferralView | null {
    if (!row) return null;
    // A draft is the referrer's own workspace: nobody else sees it yet.
    if (row.status === 'DRAFT' && row.referrerAgencyId !== scope.actor.agencyId) return null;
    const view = scope.access.view(row);
    return view ? withAccess({ ...row }, view) : null;
  }

  async getReferral(scope: RequestScope, id: string): Promise<ReferralView> {
    const [row] = await findReferralsByIds(this.ds, [id]);
    const found = this.present(scope, row);
    if (!found) throw notFound('Referral');
    return found;
  }

  async getForReference(scope: RequestScope, id: string): Promise<ReferralView | null> {
    const [row] = await findReferralsByIds(this.ds, [id]);
    return this.present(scope, row);
  }

  async getForCase(scope: RequestScope, caseId: string): Promise<ReferralView | null> {
    const [row] = await referralRows(referralQuery(this.ds).where('r.caseId = :caseId', { caseId }));
    return this.present(scope, row);
  }

  /** The visibility predicate in SQL: the same facts `ReferralAccess.view` decides on. */
  private scopeSql(scope: RequestScope, params: unknown[]): string {
    if (!scope.access.readsAnything()) return 'FALSE';
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const agency = p(scope.actor.agencyId);
    const parts = [
      `r.referrer_agency_id = ${agency}::uuid`,
      `(r.status <> 'DRAFT' AND EXISTS (SELECT 1 FROM referrals.case_participation cp
          WHERE cp.case_id = r.case_id AND cp.agency_id = ${agency}::uuid AND cp.active))`,
    ];
    const officerClinics = scope.actor.clinicIds.filter((c) => scope.access.isClinicOfficer(c));
    if (officerClinics.length)
      parts.push(`(r.status <> 'DRAFT' AND r.clinic_id = ANY(${p(officerClinics)}::uuid[]))`);
    return `(${parts.join(' OR ')})`;
  }

  private whereClause(
    scope: RequestScope,
    filter: ReferralFilter,
    params: unknown[],
    extra: FieldKey[],
    purpose: string | undefined,
  ): string {
    const where = [this.scopeSql(scope, params)];
    const used = new Set<FieldKey>(extra);
    for (const [key, value] of Object.entries(filter) as [keyof ReferralFilter, unknown][])
      if (value !== undefined && value !== null) used.add(FILTER_CATEGORIES[key]);
    for (const category of used) {
      if (category === 'D1') continue;
      // Filtering or sorting on a category is reading it: refused where it may not be read, so
      // neither results, order nor counts say anything about the value.
      if (!scope.access.readsCategory(category))
        throw forbidden(`Not permitted to filter or sort on ${category}`, { category });
      if (category === 'D12' && !purpose?.trim())
        throw badInput('Searching on D12 requires a reason and a purpose', 'reason');
    }
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.status?.length) where.push(`r.status = ANY(${p(filter.status)}::text[])`);
    if (filter.clinicId) where.push(`r.clinic_id = ${p(filter.clinicId)}::uuid`);
    if (filter.urgency) where.push(`r.urgency = ${p(filter.urgency)}`);
    if (filter.overdue !== undefined && filter.overdue !== null)
      where.push(
        `${filter.overdue ? '' : 'NOT '}(r.urgency = 'URGENT' AND r.screening_started_at IS NULL
           AND r.status IN ('SUBMITTED', 'MORE_INFO_REQUESTED') AND r.screening_due_at < now())`,
      );
    if (filter.subjectFamilyNameStartsWith)
      where.push(`lower(r.subject_family_name) LIKE ${p(like(filter.subjectFamilyNameStartsWith))}`);
    if (filter.victimPostcode)
      where.push(
        `EXISTS (SELECT 1 FROM referrals.victim_locations fl WHERE fl.referral_id = r.id
                  AND upper(replace(fl.postcode, ' ', '')) = ${p(normalisePostcode(filter.victimPostcode))})`,
      );
    if (used.size > 1 || purpose)
      scope.audit.record({
        actorId: scope.actor.userId,
        actorAgencyId: scope.actor.agencyId,
        action: 'SEARCH',
        entityType: 'Referral',
        entityId: null,
        categories: [...used].map((k) => k.replace(':limited', '') as DataCategory).sort(),
        purpose: purpose?.trim() || 'referral search',
        requestId: scope.actor.requestId,
      });
    return where.join(' AND ');
  }

  async listReferrals(
    scope: RequestScope,
    filter: ReferralFilter,
    orderBy: ReferralOrderBy | undefined,
    first: number,
    after: string | undefined,
    purpose?: string,
  ) {
    const order = ORDERS[orderBy?.field ?? 'CREATED_AT'];
    if (!order) throw badInput('Unknown order field', 'orderBy');
    const dir = orderBy?.direction === 'ASC' ? 'ASC' : 'DESC';
    const params: unknown[] = [];
    const where = namedParams(
      this.whereClause(scope, filter, params, [order.category], purpose),
      params,
      'w',
    );
    const qb = referralQuery(this.ds)
      .addSelect(`(${order.sql})::text`, 'sortKey')
      .where(where.sql, where.parameters);
    if (after) {
      const [value, id] = decodeCursor(after, order.kind);
      qb.andWhere(
        `(${order.sql}, r.id) ${dir === 'ASC' ? '>' : '<'} (:afterValue::${order.kind}, :afterId::uuid)`,
        {
          afterValue: value,
          afterId: id,
        },
      );
    }
    const rows = await referralRows<{ sortKey: string | null }>(
      qb
        .orderBy(order.sql, dir)
        .addOrderBy('r.id', dir)
        .limit(first + 1),
    );
    const edges: { cursor: string; node: ReferralView }[] = [];
    for (const row of rows.slice(0, first)) {
      const node = this.present(scope, row);
      // SQL scope and row check come from the same facts; a disagreement fails closed.
      if (node) edges.push({ cursor: encodeCursor(row.sortKey, row.id), node });
    }
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  async countReferrals(scope: RequestScope, filter: ReferralFilter, purpose?: string): Promise<number> {
    const params: unknown[] = [];
    const where = this.whereClause(scope, filter, params, [], purpose);
    const { sql, parameters } = namedParams(where, params, 'w');
    return this.ds.createQueryBuilder(ReferralEntity, 'r').where(sql, parameters).getCount();
  }

  // ---- nested reads -------------------------------------------------------------------------

  async victimLocations(parent: ReferralView, view: AccessView, purpose: string) {
    const rows = await findVictimLocations(this.ds, parent.id);
    return rows.map((l) =>
      withAccess({ ...l }, { ...view, entityType: 'ReferralVictimLocation', entityId: l.id, purpose }),
    );
  }

  async questions(parent: ReferralView, view: AccessView) {
    return (await findQuestions(this.ds, parent.id)).map((q) => withAccess({ ...q }, view));
  }

  async duplicates(scope: RequestScope, parent: ReferralView, view: AccessView) {
    // Only the clinic's officers learn of a possible duplicate: a referrer whose agency does not
    // take part in the other case must not learn that it exists.
    if (!scope.access.isClinicOfficer(parent.clinicId)) return [];
    const flags = await this.ds.getRepository(DuplicateFlagEntity).find({
      where: { referralId: parent.id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const rows = flags.map((f) => ({
      kind: f.otherKind,
      reference: f.otherReference,
      referralId: f.otherReferralId,
    }));
    return rows.map((r) => withAccess({ ...r }, view));
  }
}
