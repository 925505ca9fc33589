import type { DataSource } from 'typeorm';
import { EVENT_TYPES, type EventEnvelope } from '@scp/contracts';
import { consumeOnce } from '@scp/platform-messaging';

const CONSUMER = 'referrals.case-events';

/**
 * Applies one cases-service event to the local state, exactly once per event id:
 * the participation replica (who may see a referral once it became a case), the link
 * Referral → Case (from `case.created` with the referral id) and whether that case is open
 * (for duplicate detection). Unknown event types are marked processed and ignored.
 */
export async function applyCaseEvent(ds: DataSource, event: EventEnvelope): Promise<boolean> {
  const p = event.payload as Record<string, unknown>;
  return consumeOnce(ds, 'referrals', CONSUMER, event.id, async (m) => {
    switch (event.type) {
      case EVENT_TYPES.caseCreated:
        if (typeof p.referralId === 'string')
          await m.query(
            `UPDATE referrals.referrals SET case_id = $2, case_open = true, updated_at = now()
              WHERE id = $1 AND case_id IS NULL`,
            [p.referralId, p.caseId],
          );
        return;
      case EVENT_TYPES.participationAdded:
        await m.query(
          `INSERT INTO referrals.case_participation (case_id, agency_id, clinic_id, active) VALUES ($1, $2, $3, true)
           ON CONFLICT (case_id, agency_id) DO UPDATE SET active = true, updated_at = now()`,
          [p.caseId, p.agencyId, p.clinicId],
        );
        return;
      case EVENT_TYPES.participationEnded:
        await m.query(
          `UPDATE referrals.case_participation SET active = false, updated_at = now() WHERE case_id = $1 AND agency_id = $2`,
          [p.caseId, p.agencyId],
        );
        return;
      case EVENT_TYPES.caseClosed:
        await m.query(`UPDATE referrals.referrals SET case_open = false WHERE case_id = $1`, [p.caseId]);
        return;
      case EVENT_TYPES.caseReopened:
        await m.query(`UPDATE referrals.referrals SET case_open = true WHERE case_id = $1`, [p.caseId]);
        return;
      default:
        return;
    }
  });
}
