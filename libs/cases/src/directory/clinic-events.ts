import { IsNull, Not, type EntityManager } from 'typeorm';
import { ClinicEntity, ClinicMemberEntity } from './directory.entities.js';
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
  const clinic = await m.findOneBy(ClinicEntity, { id: clinicId });
  if (!clinic) return;
  const signed = await m.find(ClinicMemberEntity, {
    where: { clinicId, isaSignedOn: Not(IsNull()) },
    order: { agencyId: 'ASC' },
  });
  const payload: ClinicEventPayload = {
    clinicId,
    cadence: clinic.cadence,
    meetingWeekday: clinic.meetingWeekday,
    referralDeadlineWorkingDays: clinic.referralDeadlineWorkingDays,
    agendaPublicationWorkingDays: clinic.agendaPublicationWorkingDays,
    isaAgencyIds: signed.map((r) => r.agencyId),
    isaSignedOn: signed.map((r) => r.isaSignedOn!),
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
