import type { EntityManager } from 'typeorm';
import { EVENT_TYPES, type ClinicEventPayload, type EventEnvelope } from '@scp/contracts';
import {
  CaseParticipationEntity,
  CaseReplicaEntity,
  ClinicIsaEntity,
  ClinicReplicaEntity,
} from './replica.entities.js';

const isId = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v);

/**
 * `meetings.case_replica` and `meetings.case_participation`: the meetings service's local copy of
 * who participates in which case, kept current from the cases service's events
 * (`case-events.meetings`). Every visibility decision here reads it (no call to the cases
 * service on the request path). Changes apply only when newer than what is stored, so
 * redelivered or out-of-order events are harmless; the idempotent consumer adds at-most-once.
 */
export class ParticipationReplica {
  /** Applies one event of the cases service; events of other types are ignored. */
  static async apply(m: EntityManager, event: EventEnvelope): Promise<void> {
    const p = event.payload as Record<string, unknown>;
    const at = new Date(event.occurredAt);
    switch (event.type) {
      case EVENT_TYPES.caseCreated: {
        if (!isId(p.caseId) || !isId(p.clinicId)) throw new Error('case event without ids');
        const lead = isId(p.leadAgencyId) ? p.leadAgencyId : null;
        // A redelivered creation keeps the lead agency it knows when this one names none.
        await m
          .createQueryBuilder()
          .insert()
          .into(CaseReplicaEntity)
          .values({ caseId: p.caseId, clinicId: p.clinicId, leadAgencyId: lead, updatedAt: at })
          .orUpdate(lead ? ['lead_agency_id', 'clinic_id'] : ['clinic_id'], ['case_id'])
          .execute();
        return;
      }
      case EVENT_TYPES.participationAdded:
      case EVENT_TYPES.participationEnded: {
        if (!isId(p.caseId) || !isId(p.clinicId) || !isId(p.agencyId))
          throw new Error('participation event without ids');
        await m
          .createQueryBuilder()
          .insert()
          .into(CaseReplicaEntity)
          .values({ caseId: p.caseId, clinicId: p.clinicId, updatedAt: at })
          .orIgnore()
          .execute();
        // Only a change newer than the one stored applies (redelivery, reordering).
        await m
          .createQueryBuilder()
          .insert()
          .into(CaseParticipationEntity)
          .values({
            caseId: p.caseId,
            agencyId: p.agencyId,
            clinicId: p.clinicId,
            active: event.type === EVENT_TYPES.participationAdded,
            changedAt: at,
          })
          .orUpdate(['active', 'changed_at'], ['case_id', 'agency_id'], {
            overwriteCondition: { where: 'case_participation.changed_at <= EXCLUDED.changed_at' },
          })
          .execute();
        return;
      }
      case EVENT_TYPES.caseClosed:
        if (!isId(p.caseId)) throw new Error('case event without ids');
        await m
          .getRepository(CaseReplicaEntity)
          .update({ caseId: p.caseId }, { closedAt: at, updatedAt: at });
        return;
      case EVENT_TYPES.clinicUpdated: {
        const c = p as Partial<ClinicEventPayload>;
        const agencies = Array.isArray(c.isaAgencyIds) ? c.isaAgencyIds : null;
        const days = Array.isArray(c.isaSignedOn) ? c.isaSignedOn : null;
        if (
          !isId(c.clinicId) ||
          !agencies ||
          !days ||
          agencies.length !== days.length ||
          !agencies.every(isId)
        )
          throw new Error('clinic event without ids');
        const applied = await m
          .createQueryBuilder()
          .insert()
          .into(ClinicReplicaEntity)
          .values({
            clinicId: c.clinicId,
            cadence: String(c.cadence),
            meetingWeekday: Number(c.meetingWeekday),
            referralDeadlineWorkingDays: Number(c.referralDeadlineWorkingDays),
            agendaPublicationWorkingDays: Number(c.agendaPublicationWorkingDays),
            updatedAt: at,
          })
          .orUpdate(
            [
              'cadence',
              'meeting_weekday',
              'referral_deadline_working_days',
              'agenda_publication_working_days',
              'updated_at',
            ],
            ['clinic_id'],
            { overwriteCondition: { where: 'clinic_replica.updated_at <= EXCLUDED.updated_at' } },
          )
          .returning('clinic_id')
          .execute();
        // An older snapshot than the one stored changes nothing (redelivery, reordering).
        if (!(applied.raw as unknown[]).length) return;
        const clinicId = c.clinicId;
        await m.getRepository(ClinicIsaEntity).delete({ clinicId });
        if (agencies.length)
          await m
            .getRepository(ClinicIsaEntity)
            .insert(agencies.map((agencyId, i) => ({ clinicId, agencyId, isaSignedOn: String(days[i]) })));
        return;
      }
      default:
        return;
    }
  }
}
