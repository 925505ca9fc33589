import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EVENT_TYPES } from '@scp/contracts';
import { forbidden } from '@scp/platform-graphql';
import { REFERRALS_DATA_SOURCE, REFERRALS_OUTBOX, type OutboxLike } from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import { ReferralEntity } from './referral.entities.js';

/** Overdue screening of urgent referrals, and the chair's outcome figures. */
@Injectable()
export class ReferralMonitorService {
  constructor(
    @Inject(REFERRALS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(REFERRALS_OUTBOX) private readonly outbox: OutboxLike,
  ) {}

  /**
   * Flags urgent referrals not screened within one working day of submission, once each, and
   * writes `referral.screening-overdue` (ids only) for notifications in the same transaction.
   * Safe to run from several replicas: the flag is set with SKIP LOCKED. Returns the flagged ids.
   */
  async flagOverdue(now: Date = new Date()): Promise<string[]> {
    return this.ds.transaction(async (m) => {
      // raw SQL: a queue claim — UPDATE over a FOR UPDATE SKIP LOCKED selection, RETURNING the rows.
      const rows: { id: string; clinic_id: string; referrer_agency_id: string }[] = await m
        .query(
          `WITH due AS (
           SELECT id FROM referrals.referrals
            WHERE urgency = 'URGENT' AND screening_started_at IS NULL AND overdue_flagged_at IS NULL
              AND status IN ('SUBMITTED', 'MORE_INFO_REQUESTED') AND screening_due_at < $1
            ORDER BY screening_due_at LIMIT 500 FOR UPDATE SKIP LOCKED)
         UPDATE referrals.referrals r SET overdue_flagged_at = $1 FROM due WHERE r.id = due.id
         RETURNING r.id, r.clinic_id, r.referrer_agency_id`,
          [now],
        )
        .then((res: unknown) => (Array.isArray(res) && Array.isArray(res[0]) ? res[0] : res) as never);
      for (const r of rows)
        await this.outbox.write(m, {
          type: EVENT_TYPES.referralScreeningOverdue,
          aggregateType: 'Referral',
          aggregateId: r.id,
          actorId: null,
          correlationId: null,
          payload: { referralId: r.id, clinicId: r.clinic_id, referrerAgencyId: r.referrer_agency_id },
        });
      return rows.map((r) => r.id);
    });
  }

  /** Structured outcome figures for one clinic over [from, to): chair of that clinic only. */
  async outcomes(scope: RequestScope, clinicId: string, from: string, to: string) {
    if (!scope.access.isChair(clinicId)) throw forbidden("Only the clinic's chair reads its outcome figures");
    const inWindow = () =>
      this.ds
        .createQueryBuilder(ReferralEntity, 'r')
        .where('r.clinicId = :clinicId AND r.submittedAt >= :from::date AND r.submittedAt < :to::date', {
          clinicId,
          from,
          to,
        });
    const totals = await inWindow()
      .select('count(*)::int', 'received')
      .addSelect("count(*) FILTER (WHERE r.status = 'ACCEPTED')::int", 'accepted')
      .addSelect("count(*) FILTER (WHERE r.status = 'DECLINED')::int", 'declined')
      .addSelect("count(*) FILTER (WHERE r.status = 'WITHDRAWN')::int", 'withdrawn')
      .addSelect(
        'round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.screening_started_at - r.submitted_at) / 3600))::int',
        'median',
      )
      .addSelect('count(*) FILTER (WHERE r.overdue_flagged_at IS NOT NULL)::int', 'overdue')
      .getRawOne<{
        received: number;
        accepted: number;
        declined: number;
        withdrawn: number;
        median: number | null;
        overdue: number;
      }>();
    const tiers = await inWindow()
      .andWhere("r.status = 'ACCEPTED'")
      .select('r.tier', 'tier')
      .addSelect('count(*)::int', 'count')
      .groupBy('r.tier')
      .orderBy('r.tier')
      .getRawMany<{ tier: string; count: number }>();
    const reasons = await inWindow()
      .andWhere("r.status = 'DECLINED'")
      .select('r.decisionReason', 'reason')
      .addSelect('count(*)::int', 'count')
      .groupBy('r.decisionReason')
      .orderBy('count', 'DESC')
      .addOrderBy('reason')
      .limit(50)
      .getRawMany<{ reason: string; count: number }>();
    return {
      received: totals!.received,
      accepted: totals!.accepted,
      acceptedByTier: tiers,
      declined: totals!.declined,
      declinedByReason: reasons,
      withdrawn: totals!.withdrawn,
      medianHoursToScreening: totals!.median,
      urgentOverdue: totals!.overdue,
    };
  }
}
