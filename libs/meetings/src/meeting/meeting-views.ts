import type { EntityManager } from 'typeorm';
import { EVENT_TYPES, type EventType, type MeetingHeaderPayload } from '@scp/contracts';
import type { InviteSettings, OutboxLike } from '../shared/tokens.js';
import type { MeetingsContext } from '../shared/context.js';
import { findMeeting } from './meeting.repository.js';
import { AttendeeEntity, type MeetingEntity } from './meeting.entities.js';
import { meetingDeadlines, type MeetingStatus } from './meeting-rules.js';
import type { MeetingModel } from './meeting.model.js';

/** A meeting row as the API shows it, with its deadlines worked out at `now`. */
export function meetingModel(m: MeetingEntity, now: Date): MeetingModel {
  const d = meetingDeadlines(m.startsAt, m.referralDeadlineWorkingDays, m.agendaPublicationWorkingDays);
  return {
    id: m.id,
    clinicId: m.clinicId,
    kind: m.kind,
    status: m.status,
    title: m.title,
    chairUserId: m.chairUserId,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    place: m.place,
    virtualLink: m.virtualLink,
    confidentialityStatement: m.confidentialityStatement,
    referralDeadlineOn: d.referralDeadlineOn,
    agendaPublicationDueOn: d.agendaPublicationDueOn,
    agendaPublishedAt: m.agendaPublishedAt,
    agendaPublicationLate: m.agendaPublishedAt
      ? m.agendaPublishedAt > d.agendaPublicationDueAt
      : m.status !== 'CANCELLED' && now > d.agendaPublicationDueAt,
    minutesApprovedAt: m.minutesApprovedAt,
    cancelReason: m.cancelReason,
    version: m.version,
  };
}

export const attendeeModel = (a: AttendeeEntity) => ({
  id: a.id,
  meetingId: a.meetingId,
  userId: a.userId,
  agencyId: a.agencyId,
  status: a.status,
  informationSubmitted: a.informationSubmitted,
  confidentialityAcceptedAt: a.confidentialityAcceptedAt,
});

/** Meeting states whose arrival other services hear of. */
export const STATUS_EVENTS: Partial<Record<MeetingStatus, EventType>> = {
  AGENDA_PUBLISHED: EVENT_TYPES.agendaPublished,
  MINUTES_APPROVED: EVENT_TYPES.minutesApproved,
  CANCELLED: EVENT_TYPES.meetingCancelled,
};

/** The header other services may know of a meeting (no agenda, no case ids). */
export const meetingHeaderOf = (m: MeetingEntity): MeetingHeaderPayload => ({
  meetingId: m.id,
  clinicId: m.clinicId,
  title: inviteSummary(m.kind),
  startsAt: m.startsAt.toISOString(),
  endsAt: m.endsAt.toISOString(),
  place: m.place,
  virtualLink: m.virtualLink,
  status: m.status,
  icsSequence: m.icsSequence,
  chairUserId: m.chairUserId,
});

/** The neutral summary invites and notifications use instead of the chair's free-text title. */
export const inviteSummary = (kind: string): string =>
  kind === 'EXTRAORDINARY' ? 'Extraordinary stalking clinic meeting' : 'Stalking clinic meeting';

export function meetingInviteOf(m: MeetingEntity, settings: InviteSettings) {
  return {
    uid: `${m.id}@${settings.uidDomain}`,
    sequence: m.icsSequence,
    title: inviteSummary(m.kind),
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    place: m.place,
    virtualLink: m.virtualLink,
    cancelled: m.status === 'CANCELLED',
    url: settings.meetingUrl(m.id),
    organizer: settings.organizer,
    stamp: m.updatedAt,
  };
}

/** One outbox event carrying the meeting's header (notifications turn it into per-attendee invites). */
export async function writeHeaderEvent(
  tx: EntityManager,
  deps: { outbox: OutboxLike; invites: InviteSettings },
  ctx: MeetingsContext,
  type: EventType,
  meetingId: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const m = (await findMeeting(tx, meetingId))!;
  const attendees = await tx
    .getRepository(AttendeeEntity)
    .find({ select: { userId: true }, where: { meetingId }, order: { userId: 'ASC' } });
  const payload: MeetingHeaderPayload = {
    ...meetingHeaderOf(m),
    icsUid: meetingInviteOf(m, deps.invites).uid,
    attendeeUserIds: attendees.map((a) => a.userId),
    ...extra,
  };
  await deps.outbox.write(tx, {
    type,
    aggregateType: 'Meeting',
    aggregateId: m.id,
    actorId: ctx.actor.userId,
    correlationId: ctx.actor.requestId,
    payload,
  });
}
