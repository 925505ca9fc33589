import type { DataSource, EntityManager, QueryDeepPartialEntity } from 'typeorm';
import type { EventType } from '@scp/contracts';
import { badInput, conflict, forbidden, notFound } from '@scp/platform-graphql';
import type { AuditWriterLike, OutboxLike } from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import { ReferralEntity } from './referral.entities.js';
import { findReferralsByIds, now, type Db, type ReferralRow } from './referral.repository.js';

export { now } from './referral.repository.js';
import type { ReferralFreeTextGuard } from './referral-free-text.js';
import type { ReferralReads } from './referral-reads.js';
import { TRANSITION_ACTOR, TRANSITION_FROM, type ReferralTransition } from './referral-rules.js';

/** What a move sets on the referral, by property (`now` for the database's clock). */
export type ReferralChanges = QueryDeepPartialEntity<ReferralEntity>;

const OPEN_STATUSES = ['SUBMITTED', 'SCREENING', 'MORE_INFO_REQUESTED'];

/** What every step of a referral's life shares: loading it for a move, the locked move, events. */
export abstract class ReferralSteps {
  constructor(
    protected readonly ds: DataSource,
    protected readonly audit: AuditWriterLike,
    protected readonly outbox: OutboxLike,
    protected readonly freeText: ReferralFreeTextGuard,
    protected readonly reads: ReferralReads,
  ) {}

  /** Loads a referral fresh, checks visibility (NOT_FOUND), then the role and state of the move. */
  protected async loadFor(
    scope: RequestScope,
    id: string,
    move: ReferralTransition,
    db: Db = this.ds,
  ): Promise<ReferralRow> {
    const [row] = await findReferralsByIds(db, [id]);
    scope.access.invalidate(id);
    if (!row || !this.reads.present(scope, row)) throw notFound('Referral');
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
  protected async move(
    m: EntityManager,
    row: ReferralRow,
    expectedVersion: number,
    set: ReferralChanges,
  ): Promise<void> {
    const updated = await m
      .getRepository(ReferralEntity)
      .update(
        { id: row.id, version: expectedVersion },
        { ...set, version: () => 'version + 1', updatedAt: now },
      );
    if (!updated.affected) throw conflict();
  }

  /**
   * Possible duplicates: other open referrals of the clinic, or referrals whose case is still
   * open, about the same subject (family name and date of birth, or family and given name).
   * Flags are for the clinic's officers only; the referrer is told nothing.
   */
  protected async flagDuplicates(m: EntityManager, row: ReferralRow): Promise<void> {
    // raw SQL: INSERT … SELECT … ON CONFLICT DO NOTHING — the flags in one statement, no read-then-write race.
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
  protected async referralEvent(
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
}
