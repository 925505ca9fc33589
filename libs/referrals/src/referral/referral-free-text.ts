import { Inject, Injectable } from '@nestjs/common';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { EVENT_TYPES } from '@scp/contracts';
import {
  FREE_TEXT_MESSAGES,
  FREE_TEXT_REFUSALS_PER_DAY,
  holdsValue,
  looksLikeLocation,
  type LocationValues,
} from '@scp/platform-access';
import { withTransaction } from '@scp/platform-database';
import { badInput, forbidden } from '@scp/platform-graphql';
import type { RequestScope } from '../shared/scope.js';
import {
  REFERRALS_AUDIT,
  REFERRALS_DATA_SOURCE,
  REFERRALS_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import type { ReferralRow } from './referral.repository.js';
import { ReferralFreeTextRefusalEntity, VictimLocationEntity } from './referral.entities.js';

/** One text a write would store, named as the writer named the field. */
export interface ReferralText {
  field: string;
  text: string | null | undefined;
}

/**
 * Where the text goes: an existing referral, or a new one of a clinic with the locations its
 * input records (the writer's own, since only a D12 author may record them).
 */
export type ReferralTextTarget =
  { referral: ReferralRow } | { clinicId: string; locations: readonly Partial<LocationValues>[] };

type Verdict = { ok: true } | { ok: false; paused: boolean; field: string; message: string };

/**
 * The free-text rule (docs/free-text.md) on the referrals service's own prose: the reason, the
 * basis rationale, a decision's reason, the clinic's questions and the referrer's answers. Those
 * are read by the clinic's chair and coordinator, and later by every agency taking part in the
 * case, none of whom holds the victim location (D12) but police and advocates.
 *
 * The referral holds its victim's locations itself, so the rule runs here, against them:
 * - a writer who reads the referral's victim location (its D12 author, police of a participating
 *   agency) is refused when the text holds one of its recorded values, with the reason;
 * - any other writer is answered from the text alone: any location-like token is refused with the
 *   fixed sentence of every service, matching or not; a recorded value the shape test does not see
 *   is refused with that same sentence;
 * - every match is audited as an attempt to record D12 (user, referral, field; never the value);
 *   every refusal is counted per user, referral and day; at `FREE_TEXT_REFUSALS_PER_DAY` the
 *   user's free text on the referral is refused until the next day, and when any of those
 *   refusals matched, the referring agency and its DPO are told (`free-text.writer-paused`).
 *
 * The audit, the count and the event are committed although the write itself is refused.
 */
@Injectable()
export class ReferralFreeTextGuard {
  constructor(
    @Inject(REFERRALS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(REFERRALS_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(REFERRALS_OUTBOX) private readonly outbox: OutboxLike,
  ) {}

  /**
   * Checks every text of one write, before anything of it is stored. Throws BAD_USER_INPUT naming
   * the first refused field (FORBIDDEN while the writer is paused on the referral).
   */
  async assert(
    scope: RequestScope,
    target: ReferralTextTarget,
    texts: readonly ReferralText[],
  ): Promise<void> {
    const written = texts.filter((t) => !!t.text?.trim());
    if (!written.length) return;
    // One check at a time per writer: parallel requests cannot slip past the day's count.
    const verdict = await withTransaction(this.ds, async (m) => {
      // raw SQL: a transaction-scoped advisory lock, on no table.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('referral-free-text:' || $1))`, [
        scope.actor.userId,
      ]);
      return this.checkLocked(m, scope, target, written);
    });
    if (verdict.ok) return;
    throw verdict.paused ? forbidden(verdict.message) : badInput(verdict.message, verdict.field);
  }

  private async checkLocked(
    m: EntityManager,
    scope: RequestScope,
    target: ReferralTextTarget,
    texts: readonly ReferralText[],
  ): Promise<Verdict> {
    const referral = 'referral' in target ? target.referral : null;
    const clinicId = referral?.clinicId ?? (target as { clinicId: string }).clinicId;
    const refusals = await m
      .createQueryBuilder(ReferralFreeTextRefusalEntity, 'f')
      .where("f.userId = :userId AND f.refusedOn = (now() AT TIME ZONE 'Europe/London')::date", {
        userId: scope.actor.userId,
      })
      .andWhere(referral ? { referralId: referral.id } : { referralId: IsNull(), clinicId })
      .getCount();
    if (refusals >= FREE_TEXT_REFUSALS_PER_DAY)
      return { ok: false, paused: true, field: texts[0]!.field, message: FREE_TEXT_MESSAGES.paused() };

    const values: Partial<LocationValues>[] = referral
      ? await m.getRepository(VictimLocationEntity).find({
          select: { addressLine1: true, postcode: true, phone: true, email: true },
          where: { referralId: referral.id },
        })
      : [...(target as { locations: readonly Partial<LocationValues>[] }).locations];
    const recorded = values.map((v) => ({
      addressLine1: v.addressLine1 ?? null,
      postcode: v.postcode ?? null,
      phone: v.phone ?? null,
      email: v.email ?? null,
    }));
    // Sighted: reads this referral's victim location (a new referral's: may author it).
    const sighted = referral
      ? !!scope.access.view(referral)?.fields.has('D12')
      : scope.access.canAuthor(clinicId, 'D12');

    for (const { field, text } of texts) {
      const matched = recorded.some((v) => holdsValue(text!, v));
      const refused = matched || (!sighted && looksLikeLocation(text!));
      if (!refused) continue;
      await this.refuse(m, scope, referral, clinicId, field, matched);
      return {
        ok: false,
        paused: false,
        field,
        message: sighted ? FREE_TEXT_MESSAGES.sighted(field) : FREE_TEXT_MESSAGES.blind(field),
      };
    }
    return { ok: true };
  }

  /** Counts the refusal, audits a match, and tells the referring agency when the writer is paused. */
  private async refuse(
    m: EntityManager,
    scope: RequestScope,
    referral: ReferralRow | null,
    clinicId: string,
    field: string,
    matched: boolean,
  ): Promise<void> {
    // raw SQL: the refusal and the day's counts in one statement (a data-modifying CTE).
    const [counts]: { refusals: number; matches: number }[] = await m.query(
      `WITH ins AS (
           INSERT INTO referrals.free_text_refusals (user_id, referral_id, clinic_id, field, matched, request_id)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING refused_on)
         SELECT 1 + count(*)::int AS refusals, ($5::boolean)::int + count(*) FILTER (WHERE f.matched)::int AS matches
           FROM referrals.free_text_refusals f
          WHERE f.user_id = $1 AND f.refused_on = (SELECT refused_on FROM ins)
            AND f.referral_id IS NOT DISTINCT FROM $2::uuid AND f.clinic_id = $3`,
      [
        scope.actor.userId,
        referral?.id ?? null,
        clinicId,
        field.slice(0, 200),
        matched,
        scope.actor.requestId,
      ],
    );
    // A match is only possible on a stored referral or on the writer's own new locations; the
    // latter is the writer's own record, not an attempt on someone else's.
    if (matched && referral)
      await this.audit.write(
        [
          {
            actorId: scope.actor.userId,
            actorAgencyId: scope.actor.agencyId,
            action: 'ACCESS_DENIED',
            entityType: 'FreeText',
            entityId: referral.id,
            caseId: referral.caseId ?? undefined,
            ownerAgencyId: referral.referrerAgencyId,
            categories: ['D12'],
            purpose: `free-text:${field.slice(0, 200)}: attempt to record D12 in a referral's shared text (refused)`,
            requestId: scope.actor.requestId,
          },
        ],
        m,
      );
    if (referral && counts!.refusals === FREE_TEXT_REFUSALS_PER_DAY && counts!.matches > 0)
      await this.outbox.write(m, {
        type: EVENT_TYPES.freeTextWriterPaused,
        aggregateType: 'Referral',
        aggregateId: referral.id,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: {
          referralId: referral.id,
          caseId: referral.caseId ?? null,
          clinicId: referral.clinicId,
          leadAgencyId: referral.referrerAgencyId,
          userId: scope.actor.userId,
          writerAgencyId: scope.actor.agencyId,
        },
      });
  }
}
