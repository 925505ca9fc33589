import type { DataSource } from 'typeorm';
import { EVENT_TYPES, type ClinicEventPayload, type EventEnvelope } from '@scp/contracts';
import { consumeOnce } from '@scp/platform-messaging';

const CONSUMER = 'referrals.case-events';

/**
 * Applies one cases-service event to the local state, exactly once per event id:
 * the participation replica (who may see a referral once it became a case), the link
 * Referral → Case (from `case.created` with the referral id) and whether that case is open
 * (for duplicate detection), and which agencies signed each clinic's sharing agreement (for
 * acceptance). Unknown event types are marked processed and ignored.
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
      case EVENT_TYPES.clinicUpdated: {
        const c = p as Partial<ClinicEventPayload>;
        const agencies = Array.isArray(c.isaAgencyIds) ? c.isaAgencyIds : null;
        const days = Array.isArray(c.isaSignedOn) ? c.isaSignedOn : null;
        if (typeof c.clinicId !== 'string' || !agencies || !days || agencies.length !== days.length)
          throw new Error('clinic event without its signatories');
        // An older snapshot than the one stored changes nothing (redelivery, reordering).
        await m.query(
          `INSERT INTO referrals.clinic_replica (clinic_id, isa_agency_ids, isa_signed_on, updated_at)
           VALUES ($1, $2::uuid[], $3::date[], $4)
           ON CONFLICT (clinic_id) DO UPDATE SET isa_agency_ids = EXCLUDED.isa_agency_ids,
             isa_signed_on = EXCLUDED.isa_signed_on, updated_at = EXCLUDED.updated_at
            WHERE referrals.clinic_replica.updated_at <= EXCLUDED.updated_at`,
          [c.clinicId, agencies, days, new Date(event.occurredAt)],
        );
        return;
      }
      default:
        return;
    }
  });
}
