import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EVENT_TYPES } from '@scp/contracts';
import { forbidden } from '@scp/platform-graphql';
import { REFERRALS_DATA_SOURCE, REFERRALS_OUTBOX, type OutboxLike } from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';

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
    const params = [clinicId, from, to];
    const window = `clinic_id = $1 AND submitted_at >= $2::date AND submitted_at < $3::date`;
    const [totals]: {
      received: number;
      accepted: number;
      declined: number;
      withdrawn: number;
      median: number | null;
      overdue: number;
    }[] = await this.ds.query(
      `SELECT count(*)::int AS received,
              count(*) FILTER (WHERE status = 'ACCEPTED')::int AS accepted,
              count(*) FILTER (WHERE status = 'DECLINED')::int AS declined,
              count(*) FILTER (WHERE status = 'WITHDRAWN')::int AS withdrawn,
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM screening_started_at - submitted_at) / 3600))::int AS median,
              count(*) FILTER (WHERE overdue_flagged_at IS NOT NULL)::int AS overdue
         FROM referrals.referrals WHERE ${window}`,
      params,
    );
    const tiers: { tier: string; count: number }[] = await this.ds.query(
      `SELECT tier, count(*)::int AS count FROM referrals.referrals WHERE ${window} AND status = 'ACCEPTED'
        GROUP BY tier ORDER BY tier`,
      params,
    );
    const reasons: { reason: string; count: number }[] = await this.ds.query(
      `SELECT decision_reason AS reason, count(*)::int AS count FROM referrals.referrals
        WHERE ${window} AND status = 'DECLINED' GROUP BY decision_reason ORDER BY count DESC, reason LIMIT 50`,
      params,
    );
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
