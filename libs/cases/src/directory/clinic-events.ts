import type { EntityManager } from 'typeorm';
import { EVENT_TYPES, type ClinicEventPayload } from '@scp/contracts';
import type { OutboxLike } from '../shared/tokens.js';

/**
 * `clinic.updated` with the whole current snapshot (deadlines and agreement signatories), so
 * that the meetings and referrals replicas never depend on the order of partial updates.
 */
export async function writeClinicUpdated(
  outbox: OutboxLike,
  m: EntityManager,
  clinicId: string,
  actorId: string | null,
  correlationId: string | null,
): Promise<void> {
  const [clinic]: {
    cadence: string;
    meeting_weekday: number;
    referral_deadline_working_days: number;
    agenda_publication_working_days: number;
  }[] = await m.query(
    `SELECT cadence, meeting_weekday, referral_deadline_working_days, agenda_publication_working_days
       FROM cases.clinics WHERE id = $1`,
    [clinicId],
  );
  if (!clinic) return;
  const signed: { agencyId: string; isaSignedOn: string }[] = await m.query(
    `SELECT agency_id AS "agencyId", to_char(isa_signed_on, 'YYYY-MM-DD') AS "isaSignedOn"
       FROM cases.clinic_members WHERE clinic_id = $1 AND isa_signed_on IS NOT NULL ORDER BY agency_id`,
    [clinicId],
  );
  const payload: ClinicEventPayload = {
    clinicId,
    cadence: clinic.cadence,
    meetingWeekday: clinic.meeting_weekday,
    referralDeadlineWorkingDays: clinic.referral_deadline_working_days,
    agendaPublicationWorkingDays: clinic.agenda_publication_working_days,
    isaAgencyIds: signed.map((r) => r.agencyId),
    isaSignedOn: signed.map((r) => r.isaSignedOn),
  };
  await outbox.write(m, {
    type: EVENT_TYPES.clinicUpdated,
    aggregateType: 'Clinic',
    aggregateId: clinicId,
    actorId,
    correlationId,
    payload,
  });
}
