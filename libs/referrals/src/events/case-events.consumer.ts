import type { DataSource } from 'typeorm';
import { EVENT_TYPES, type ClinicEventPayload, type EventEnvelope } from '@scp/contracts';
import { consumeOnce } from '@scp/platform-messaging';
import { IsNull } from 'typeorm';
import {
  CaseParticipationEntity,
  ClinicReplicaEntity,
  ReferralEntity,
} from '../referral/referral.entities.js';
import { now } from '../referral/referral.repository.js';

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
          await m
            .getRepository(ReferralEntity)
            .update(
              { id: p.referralId, caseId: IsNull() },
              { caseId: p.caseId as string, caseOpen: true, updatedAt: now },
            );
        return;
      case EVENT_TYPES.participationAdded:
        await m
          .createQueryBuilder()
          .insert()
          .into(CaseParticipationEntity)
          .values({
            caseId: p.caseId as string,
            agencyId: p.agencyId as string,
            clinicId: p.clinicId as string,
            active: true,
            updatedAt: now,
          })
          .orUpdate(['active', 'updated_at'], ['case_id', 'agency_id'])
          .updateEntity(false)
          .execute();
        return;
      case EVENT_TYPES.participationEnded:
        await m
          .getRepository(CaseParticipationEntity)
          .update(
            { caseId: p.caseId as string, agencyId: p.agencyId as string },
            { active: false, updatedAt: now },
          );
        return;
      case EVENT_TYPES.caseClosed:
        await m.getRepository(ReferralEntity).update({ caseId: p.caseId as string }, { caseOpen: false });
        return;
      case EVENT_TYPES.caseReopened:
        await m.getRepository(ReferralEntity).update({ caseId: p.caseId as string }, { caseOpen: true });
        return;
      case EVENT_TYPES.clinicUpdated: {
        const c = p as Partial<ClinicEventPayload>;
        const agencies = Array.isArray(c.isaAgencyIds) ? c.isaAgencyIds : null;
        const days = Array.isArray(c.isaSignedOn) ? c.isaSignedOn : null;
        if (typeof c.clinicId !== 'string' || !agencies || !days || agencies.length !== days.length)
          throw new Error('clinic event without its signatories');
        // An older snapshot than the one stored changes nothing (redelivery, reordering).
        await m
          .createQueryBuilder()
          .insert()
          .into(ClinicReplicaEntity)
          .values({
            clinicId: c.clinicId,
            isaAgencyIds: agencies,
            isaSignedOn: days,
            updatedAt: new Date(event.occurredAt),
          })
          .orUpdate(['isa_agency_ids', 'isa_signed_on', 'updated_at'], ['clinic_id'], {
            overwriteCondition: { where: 'clinic_replica.updated_at <= EXCLUDED.updated_at' },
          })
          .updateEntity(false)
          .execute();
        return;
      }
      default:
        return;
    }
  });
}
