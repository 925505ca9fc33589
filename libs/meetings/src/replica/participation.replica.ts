import type { EntityManager } from 'typeorm';
import { EVENT_TYPES, type ClinicEventPayload, type EventEnvelope } from '@scp/contracts';

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
      case EVENT_TYPES.caseCreated:
        if (!isId(p.caseId) || !isId(p.clinicId)) throw new Error('case event without ids');
        await m.query(
          `INSERT INTO meetings.case_replica (case_id, clinic_id, lead_agency_id, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (case_id) DO UPDATE SET lead_agency_id = coalesce(EXCLUDED.lead_agency_id, meetings.case_replica.lead_agency_id),
             clinic_id = EXCLUDED.clinic_id`,
          [p.caseId, p.clinicId, isId(p.leadAgencyId) ? p.leadAgencyId : null, at],
        );
        return;
      case EVENT_TYPES.participationAdded:
      case EVENT_TYPES.participationEnded: {
        if (!isId(p.caseId) || !isId(p.clinicId) || !isId(p.agencyId))
          throw new Error('participation event without ids');
        await m.query(
          `INSERT INTO meetings.case_replica (case_id, clinic_id, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (case_id) DO NOTHING`,
          [p.caseId, p.clinicId, at],
        );
        await m.query(
          `INSERT INTO meetings.case_participation (case_id, agency_id, clinic_id, active, changed_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (case_id, agency_id) DO UPDATE SET active = EXCLUDED.active, changed_at = EXCLUDED.changed_at
            WHERE meetings.case_participation.changed_at <= EXCLUDED.changed_at`,
          [p.caseId, p.agencyId, p.clinicId, event.type === EVENT_TYPES.participationAdded, at],
        );
        return;
      }
      case EVENT_TYPES.caseClosed:
        if (!isId(p.caseId)) throw new Error('case event without ids');
        await m.query(`UPDATE meetings.case_replica SET closed_at = $2, updated_at = $2 WHERE case_id = $1`, [
          p.caseId,
          at,
        ]);
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
        const applied: unknown[] = await m.query(
          `INSERT INTO meetings.clinic_replica (clinic_id, cadence, meeting_weekday, referral_deadline_working_days,
             agenda_publication_working_days, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (clinic_id) DO UPDATE SET cadence = EXCLUDED.cadence, meeting_weekday = EXCLUDED.meeting_weekday,
             referral_deadline_working_days = EXCLUDED.referral_deadline_working_days,
             agenda_publication_working_days = EXCLUDED.agenda_publication_working_days, updated_at = EXCLUDED.updated_at
            WHERE meetings.clinic_replica.updated_at <= EXCLUDED.updated_at
           RETURNING clinic_id`,
          [
            c.clinicId,
            String(c.cadence),
            Number(c.meetingWeekday),
            Number(c.referralDeadlineWorkingDays),
            Number(c.agendaPublicationWorkingDays),
            at,
          ],
        );
        // An older snapshot than the one stored changes nothing (redelivery, reordering).
        if (!applied.length) return;
        await m.query(`DELETE FROM meetings.clinic_isa WHERE clinic_id = $1`, [c.clinicId]);
        if (agencies.length)
          await m.query(
            `INSERT INTO meetings.clinic_isa (clinic_id, agency_id, isa_signed_on)
             SELECT $1, a, d::date FROM unnest($2::uuid[], $3::text[]) AS t(a, d)`,
            [c.clinicId, agencies, days],
          );
        return;
      }
      default:
        return;
    }
  }
}
