import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_TYPES, type DataCategory, type EventType } from '@scp/contracts';
import { withAccess, type AccessView, type FieldKey, type WithAccess } from '@scp/platform-access';
import { addWorkingDays } from '@scp/platform-calendar';
import { badInput, conflict, decodeCursor, encodeCursor, forbidden, notFound } from '@scp/platform-graphql';
import {
  REFERRALS_AUDIT,
  REFERRALS_DATA_SOURCE,
  REFERRALS_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import { updateReturning, writeEvent, type Queryable, type RequestScope } from '../shared/scope.js';
import {
  findQuestions,
  findReferralsByIds,
  findVictimLocations,
  nextReferralReference,
  REFERRAL_COLUMNS,
  type ReferralRow,
} from './referral.repository.js';
import { ReferralFreeTextGuard } from './referral-free-text.js';
import { sdashScore, TRANSITION_ACTOR, TRANSITION_FROM, type ReferralTransition } from './referral-rules.js';
import type {
  AcceptReferralInput,
  AnswerQuestionInput,
  CreateReferralInput,
  ReferralFilter,
  ReferralOrderBy,
  ReferralTransitionInput,
  RequestMoreInformationInput,
  UpdateReferralInput,
} from './referral.inputs.js';

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

const OPEN_STATUSES = ['SUBMITTED', 'SCREENING', 'MORE_INFO_REQUESTED'];
const normalisePostcode = (value: string) => value.replace(/\s+/g, '').toUpperCase();
const like = (value: string) => value.toLowerCase().replace(/[\\%_]/g, '\\$&') + '%';

@Injectable()
export class ReferralService {
  constructor(
    @Inject(REFERRALS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(REFERRALS_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(REFERRALS_OUTBOX) private readonly outbox: OutboxLike,
    private readonly freeText: ReferralFreeTextGuard,
  ) {}

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
    const rows: ReferralRow[] = await this.ds.query(
      `SELECT ${REFERRAL_COLUMNS} FROM referrals.referrals r WHERE r.case_id = $1::uuid`,
      [caseId],
    );
    return this.present(scope, rows[0]);
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
    const where = this.whereClause(scope, filter, params, [order.category], purpose);
    let keyset = '';
    if (after) {
      const [value, id] = decodeCursor(after, order.kind);
      params.push(value, id);
      keyset = ` AND (${order.sql}, r.id) ${dir === 'ASC' ? '>' : '<'} ($${params.length - 1}::${order.kind}, $${params.length}::uuid)`;
    }
    params.push(first + 1);
    const rows: (ReferralRow & { sortKey: string | null })[] = await this.ds.query(
      `SELECT ${REFERRAL_COLUMNS}, (${order.sql})::text AS "sortKey"
         FROM referrals.referrals r
        WHERE ${where}${keyset}
        ORDER BY ${order.sql} ${dir}, r.id ${dir}
        LIMIT $${params.length}`,
      params,
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
    const rows: { n: string }[] = await this.ds.query(
      `SELECT count(*) AS n FROM referrals.referrals r WHERE ${where}`,
      params,
    );
    return Number(rows[0]?.n ?? 0);
  }

  // ---- writes -------------------------------------------------------------------------------

  /** Categories the input writes beyond the referral itself, each checked against the matrix. */
  private assertAuthorable(
    scope: RequestScope,
    clinicId: string,
    input: { victimLocations?: unknown[]; sdash?: unknown },
  ) {
    // Reject the whole mutation, never drop a field silently.
    if (input.victimLocations?.length && !scope.access.canAuthor(clinicId, 'D12'))
      throw forbidden('Not permitted to record the victim location (D12)', { category: 'D12' });
    if (input.sdash && !scope.access.canAuthor(clinicId, 'D8'))
      throw forbidden('Not permitted to record an S-DASH assessment (D8)', { category: 'D8' });
  }

  private assertRationale(basis: string, rationale: string | null | undefined) {
    if (basis !== 'CONSENT' && !rationale?.trim())
      throw badInput('A rationale is required when consent is not the basis for sharing', 'basisRationale');
  }

  async createReferral(scope: RequestScope, input: CreateReferralInput): Promise<ReferralView> {
    if (!scope.access.canRefer()) throw forbidden('Only a partner agency practitioner can refer');
    this.assertAuthorable(scope, input.clinicId, input);
    this.assertRationale(input.sharingBasis, input.basisRationale);
    await this.freeText.assert(scope, { clinicId: input.clinicId, locations: input.victimLocations ?? [] }, [
      { field: 'reason', text: input.reason },
      { field: 'basisRationale', text: input.basisRationale },
    ]);
    const id = await this.ds.transaction(async (m) => {
      const reference = await nextReferralReference(m, new Date().getUTCFullYear());
      const s = input.subject ?? {};
      const v = input.victim ?? {};
      const answers = input.sdash?.answers ?? null;
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO referrals.referrals (reference, clinic_id, referrer_user_id, referrer_agency_id, urgency, reason, behaviours,
           crime_references, cj_status, sharing_basis, basis_rationale, subject_given_name, subject_family_name, subject_other_names,
           subject_date_of_birth, victim_given_name, victim_family_name, victim_date_of_birth, victim_relationship, sdash_answers, sdash_score)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`,
        [
          reference,
          input.clinicId,
          scope.actor.userId,
          scope.actor.agencyId,
          input.urgency,
          input.reason.trim(),
          [...new Set(input.behaviours)],
          input.crimeReferences.map((c) => c.trim()),
          input.cjStatus,
          input.sharingBasis,
          input.basisRationale?.trim() || null,
          s.givenName ?? null,
          s.familyName ?? null,
          s.otherNames ?? [],
          s.dateOfBirth ?? null,
          v.givenName ?? null,
          v.familyName ?? null,
          v.dateOfBirth ?? null,
          v.relationshipToSubject ?? null,
          answers,
          answers ? sdashScore(answers) : null,
        ],
      );
      for (const l of input.victimLocations ?? [])
        await m.query(
          `INSERT INTO referrals.victim_locations (referral_id, kind, address_line1, town, postcode, phone, email, details)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            row!.id,
            l.kind,
            l.addressLine1 ?? null,
            l.town ?? null,
            l.postcode ?? null,
            l.phone ?? null,
            l.email ?? null,
            l.details ?? null,
          ],
        );
      const categories: DataCategory[] = ['D1', 'D2', 'D11'];
      if (answers) categories.push('D8');
      if (input.victimLocations?.length) categories.push('D12');
      await this.audit.write([writeEvent(scope, 'CREATE', row!.id, categories, 'createReferral')], m);
      return row!.id;
    });
    return this.getReferral(scope, id);
  }

  /** Loads a referral fresh, checks visibility (NOT_FOUND), then the role and state of the move. */
  private async loadFor(
    scope: RequestScope,
    id: string,
    move: ReferralTransition,
    db: Queryable = this.ds,
  ): Promise<ReferralRow> {
    const [row] = await findReferralsByIds(db, [id]);
    scope.access.invalidate(id);
    if (!row || !this.present(scope, row)) throw notFound('Referral');
    const who = TRANSITION_ACTOR[move];
    if (who === 'referrer' && !scope.access.isReferrerAgency(row))
      throw forbidden(`Only the referring agency can ${move} this referral`);
    if (who === 'clinic' && !scope.access.isClinicOfficer(row.clinicId))
      throw forbidden(`Only the clinic's chair or coordinator can ${move} this referral`);
    if (!TRANSITION_FROM[move].includes(row.status as never))
      throw badInput(`A referral in status ${row.status} does not allow ${move}`, 'status');
    return row;
  }

  /** Moves status with the optimistic lock; CONFLICT when someone else changed it meanwhile. */
  private async move(
    m: EntityManager,
    row: ReferralRow,
    expectedVersion: number,
    set: Record<string, unknown>,
  ): Promise<void> {
    const params: unknown[] = [row.id, expectedVersion];
    const sets = Object.entries(set).map(([column, value]) => {
      if (value === 'now()') return `${column} = now()`;
      params.push(value);
      return `${column} = $${params.length}`;
    });
    const updated = await updateReturning<{ id: string }>(
      m,
      `UPDATE referrals.referrals SET ${sets.join(', ')}, version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2 RETURNING id`,
      params,
    );
    if (!updated.length) throw conflict();
  }

  async updateReferral(scope: RequestScope, input: UpdateReferralInput): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'update');
    this.assertAuthorable(scope, row.clinicId, input);
    const basis = input.sharingBasis ?? row.sharingBasis;
    const rationale = input.basisRationale !== undefined ? input.basisRationale : row.basisRationale;
    this.assertRationale(basis, rationale);
    await this.freeText.assert(scope, { referral: row }, [
      { field: 'reason', text: input.reason },
      { field: 'basisRationale', text: input.basisRationale },
    ]);
    const set: Record<string, unknown> = {};
    if (input.urgency !== undefined) set.urgency = input.urgency;
    if (input.reason !== undefined) set.reason = input.reason.trim();
    if (input.behaviours !== undefined) set.behaviours = [...new Set(input.behaviours)];
    if (input.crimeReferences !== undefined)
      set.crime_references = input.crimeReferences.map((c) => c.trim());
    if (input.cjStatus !== undefined) set.cj_status = input.cjStatus;
    if (input.sharingBasis !== undefined) set.sharing_basis = input.sharingBasis;
    if (input.basisRationale !== undefined) set.basis_rationale = input.basisRationale?.trim() || null;
    const s = input.subject;
    if (s?.givenName !== undefined) set.subject_given_name = s.givenName;
    if (s?.familyName !== undefined) set.subject_family_name = s.familyName;
    if (s?.otherNames !== undefined) set.subject_other_names = s.otherNames;
    if (s?.dateOfBirth !== undefined) set.subject_date_of_birth = s.dateOfBirth;
    const v = input.victim;
    if (v?.givenName !== undefined) set.victim_given_name = v.givenName;
    if (v?.familyName !== undefined) set.victim_family_name = v.familyName;
    if (v?.dateOfBirth !== undefined) set.victim_date_of_birth = v.dateOfBirth;
    if (v?.relationshipToSubject !== undefined) set.victim_relationship = v.relationshipToSubject;
    if (input.sdash) {
      set.sdash_answers = input.sdash.answers;
      set.sdash_score = sdashScore(input.sdash.answers);
    }
    if (!Object.keys(set).length) throw badInput('Nothing to change');
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, set);
      const categories: DataCategory[] = ['D1'];
      if (s) categories.push('D2');
      if (v) categories.push('D11');
      if (input.sdash) categories.push('D8');
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, categories, 'updateReferral')], m);
    });
    return this.getReferral(scope, row.id);
  }

  /**
   * Possible duplicates: other open referrals of the clinic, or referrals whose case is still
   * open, about the same subject (family name and date of birth, or family and given name).
   * Flags are for the clinic's officers only; the referrer is told nothing.
   */
  private async flagDuplicates(m: EntityManager, row: ReferralRow): Promise<void> {
    await m.query(
      `INSERT INTO referrals.duplicate_flags (referral_id, other_kind, other_referral_id, other_case_id, other_reference)
       SELECT $1, CASE WHEN o.status = 'ACCEPTED' THEN 'CASE' ELSE 'REFERRAL' END, o.id, o.case_id, o.reference
         FROM referrals.referrals me
         JOIN referrals.referrals o ON o.clinic_id = me.clinic_id AND o.id <> me.id
          AND lower(o.subject_family_name) = lower(me.subject_family_name)
          AND (o.subject_date_of_birth = me.subject_date_of_birth
               OR lower(o.subject_given_name) = lower(me.subject_given_name))
        WHERE me.id = $1
          AND (o.status = ANY($2::text[]) OR (o.status = 'ACCEPTED' AND (o.case_open OR o.case_id IS NULL)))
       ON CONFLICT (referral_id, other_referral_id) DO NOTHING`,
      [row.id, OPEN_STATUSES],
    );
  }

  /** A referral event for notifications: ids and codes only (the referrer and the clinic). */
  private async referralEvent(
    m: EntityManager,
    scope: RequestScope,
    row: { id: string; clinicId: string; referrerUserId: string; referrerAgencyId: string; urgency?: string },
    type: EventType,
  ): Promise<void> {
    await this.outbox.write(m, {
      type,
      aggregateType: 'Referral',
      aggregateId: row.id,
      actorId: scope.actor.userId,
      correlationId: scope.actor.requestId,
      payload: {
        referralId: row.id,
        clinicId: row.clinicId,
        referrerUserId: row.referrerUserId,
        referrerAgencyId: row.referrerAgencyId,
        urgency: row.urgency ?? null,
      },
    });
  }

  async submitReferral(scope: RequestScope, input: ReferralTransitionInput): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'submit');
    if (!row.subjectFamilyName && !row.subjectGivenName)
      throw badInput('The subject must be named before the referral is submitted', 'subject');
    const due = row.urgency === 'URGENT' ? addWorkingDays(new Date(), 1) : null;
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, {
        status: 'SUBMITTED',
        submitted_at: 'now()',
        screening_due_at: due,
      });
      await this.flagDuplicates(m, row);
      await this.referralEvent(m, scope, row, EVENT_TYPES.referralSubmitted);
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'submitReferral')], m);
    });
    return this.getReferral(scope, row.id);
  }

  async startScreening(scope: RequestScope, input: ReferralTransitionInput): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'startScreening');
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, {
        status: 'SCREENING',
        ...(row.screeningStartedAt ? {} : { screening_started_at: 'now()' }),
      });
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'startScreening')], m);
    });
    return this.getReferral(scope, row.id);
  }

  async requestMoreInformation(
    scope: RequestScope,
    input: RequestMoreInformationInput,
  ): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'requestMoreInformation');
    await this.freeText.assert(scope, { referral: row }, [{ field: 'question', text: input.question }]);
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, { status: 'MORE_INFO_REQUESTED' });
      await m.query(
        `INSERT INTO referrals.questions (referral_id, question, asked_by_user_id, asked_by_agency_id) VALUES ($1, $2, $3, $4)`,
        [row.id, input.question.trim(), scope.actor.userId, scope.actor.agencyId],
      );
      await this.referralEvent(m, scope, row, EVENT_TYPES.referralMoreInfoRequested);
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'requestMoreInformation')], m);
    });
    return this.getReferral(scope, row.id);
  }

  /** Answers one question; when none is left open, the referral goes back to SUBMITTED. */
  async answerQuestion(scope: RequestScope, input: AnswerQuestionInput): Promise<ReferralView> {
    const q: { referral_id: string; answered: boolean }[] = await this.ds.query(
      `SELECT referral_id, answer IS NOT NULL AS answered FROM referrals.questions WHERE id = $1`,
      [input.questionId],
    );
    if (!q[0]) throw notFound('Question');
    const row = await this.loadFor(scope, q[0].referral_id, 'answer');
    if (q[0].answered) throw badInput('The question has already been answered', 'questionId');
    await this.freeText.assert(scope, { referral: row }, [{ field: 'answer', text: input.answer }]);
    await this.ds.transaction(async (m) => {
      const answered = await updateReturning<{ id: string }>(
        m,
        `UPDATE referrals.questions SET answer = $2, answered_by_user_id = $3, answered_at = now()
          WHERE id = $1 AND answer IS NULL RETURNING id`,
        [input.questionId, input.answer.trim(), scope.actor.userId],
      );
      if (!answered.length) throw conflict();
      const open: { n: number }[] = await m.query(
        `SELECT count(*)::int AS n FROM referrals.questions WHERE referral_id = $1 AND answer IS NULL`,
        [row.id],
      );
      await this.move(m, row, input.expectedVersion, open[0]!.n === 0 ? { status: 'SUBMITTED' } : {});
      if (open[0]!.n === 0) await this.flagDuplicates(m, row);
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'answerQuestion')], m);
    });
    return this.getReferral(scope, row.id);
  }

  async withdrawReferral(scope: RequestScope, input: ReferralTransitionInput): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'withdraw');
    if (!input.reason?.trim()) throw badInput('A reason is required to withdraw', 'reason');
    await this.freeText.assert(scope, { referral: row }, [{ field: 'reason', text: input.reason }]);
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, {
        status: 'WITHDRAWN',
        decision_reason: input.reason!.trim(),
        decided_at: 'now()',
      });
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'withdrawReferral')], m);
    });
    return this.getReferral(scope, row.id);
  }

  async declineReferral(scope: RequestScope, input: ReferralTransitionInput): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'decline');
    if (!input.reason?.trim()) throw badInput('A reason is required to decline', 'reason');
    await this.freeText.assert(scope, { referral: row }, [{ field: 'reason', text: input.reason }]);
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, {
        status: 'DECLINED',
        decision_reason: input.reason!.trim(),
        decided_at: 'now()',
      });
      await this.referralEvent(m, scope, row, EVENT_TYPES.referralDeclined);
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'declineReferral')], m);
    });
    return this.getReferral(scope, row.id);
  }

  /**
   * Accepts the referral and, in the same transaction, writes `referral.accepted` to the outbox:
   * the cases service creates the case from it exactly once (its `referral_id` is unique). The
   * event carries ids and codes only; the people's details are fetched by the cases service over
   * the internal hand-off endpoint, never put in Redis.
   */
  async acceptReferral(scope: RequestScope, input: AcceptReferralInput): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'accept');
    const lead = input.leadAgencyId ?? row.referrerAgencyId;
    const participants = [...new Set([lead, ...input.participantAgencyIds])];
    await this.requireSignatories(row.clinicId, participants, input.participantAgencyIds);
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, {
        status: 'ACCEPTED',
        tier: input.tier,
        lead_agency_id: lead,
        participant_agency_ids: participants,
        decided_at: 'now()',
      });
      await this.outbox.write(m, {
        type: EVENT_TYPES.referralAccepted,
        aggregateType: 'Referral',
        aggregateId: row.id,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: {
          referralId: row.id,
          clinicId: row.clinicId,
          tier: input.tier,
          leadAgencyId: lead,
          cjStatus: row.cjStatus,
          sharingBasis: row.sharingBasis,
          participantAgencyIds: participants,
          acceptedByUserId: scope.actor.userId,
          referrerUserId: row.referrerUserId,
        },
      });
      await this.audit.write(
        [writeEvent(scope, 'UPDATE', row.id, ['D1'], 'acceptReferral', { recipients: participants })],
        m,
      );
    });
    return this.getReferral(scope, row.id);
  }

  /**
   * Only agencies that signed the clinic's information sharing agreement take part in its cases
   * (the cases service opens the case with signatories only): one that has not is refused here,
   * naming the field it came from, rather than quietly left out of the case. Judged on the
   * `clinic.updated` replica, so an agreement signed a moment ago may need the event to arrive.
   */
  private async requireSignatories(clinicId: string, agencies: string[], participantAgencyIds: string[]) {
    const unsigned: { agency_id: string }[] = await this.ds.query(
      `SELECT a.agency_id FROM unnest($2::uuid[]) AS a(agency_id)
        WHERE NOT EXISTS (
          SELECT 1 FROM referrals.clinic_replica c, unnest(c.isa_agency_ids, c.isa_signed_on) AS s(agency_id, signed_on)
           WHERE c.clinic_id = $1 AND s.agency_id = a.agency_id AND s.signed_on <= current_date)`,
      [clinicId, agencies],
    );
    if (!unsigned.length) return;
    const field = participantAgencyIds.includes(unsigned[0]!.agency_id)
      ? 'participantAgencyIds'
      : 'leadAgencyId';
    throw badInput(
      "An agency that has not signed the clinic's information sharing agreement cannot take part in its cases",
      field,
    );
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
    const rows: { kind: string; reference: string; referralId: string }[] = await this.ds.query(
      `SELECT other_kind AS kind, other_reference AS reference, other_referral_id AS "referralId"
         FROM referrals.duplicate_flags WHERE referral_id = $1 ORDER BY created_at, id`,
      [parent.id],
    );
    return rows.map((r) => withAccess({ ...r }, view));
  }
}
