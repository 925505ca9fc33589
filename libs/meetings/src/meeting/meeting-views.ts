import type { EntityManager } from 'typeorm';
import { EVENT_TYPES, type EventType, type MeetingHeaderPayload } from '@scp/contracts';
import type { InviteSettings, OutboxLike } from '../shared/tokens.js';
import type { MeetingsContext } from '../shared/context.js';
import { findMeeting, type AttendeeRow, type MeetingRow } from './meeting.repository.js';
import { meetingDeadlines, type MeetingStatus } from './meeting-rules.js';
import type { MeetingModel } from './meeting.model.js';

/** A meeting row as the API shows it, with its deadlines worked out at `now`. */
export function meetingModel(m: MeetingRow, now: Date): MeetingModel {
  const d = meetingDeadlines(
    m.starts_at,
    m.referral_deadline_working_days,
    m.agenda_publication_working_days,
  );
  return {
    id: m.id,
    clinicId: m.clinic_id,
    kind: m.kind,
    status: m.status,
    title: m.title,
    chairUserId: m.chair_user_id,
    startsAt: m.starts_at,
    endsAt: m.ends_at,
    place: m.place,
    virtualLink: m.virtual_link,
    confidentialityStatement: m.confidentiality_statement,
    referralDeadlineOn: d.referralDeadlineOn,
    agendaPublicationDueOn: d.agendaPublicationDueOn,
    agendaPublishedAt: m.agenda_published_at,
    agendaPublicationLate: m.agenda_published_at
      ? m.agenda_published_at > d.agendaPublicationDueAt
      : m.status !== 'CANCELLED' && now > d.agendaPublicationDueAt,
    minutesApprovedAt: m.minutes_approved_at,
    cancelReason: m.cancel_reason,
    version: m.version,
  };
}

export const attendeeModel = (a: AttendeeRow) => ({
  id: a.id,
  meetingId: a.meeting_id,
  userId: a.user_id,
  agencyId: a.agency_id,
  status: a.status,
  informationSubmitted: a.information_submitted,
  confidentialityAcceptedAt: a.confidentiality_accepted_at,
});

/** Meeting states whose arrival other services hear of. */
export const STATUS_EVENTS: Partial<Record<MeetingStatus, EventType>> = {
  AGENDA_PUBLISHED: EVENT_TYPES.agendaPublished,
  MINUTES_APPROVED: EVENT_TYPES.minutesApproved,
  CANCELLED: EVENT_TYPES.meetingCancelled,
};

/** The header other services may know of a meeting (no agenda, no case ids). */
export const meetingHeaderOf = (m: MeetingRow): MeetingHeaderPayload => ({
  meetingId: m.id,
  clinicId: m.clinic_id,
  title: inviteSummary(m.kind),
  startsAt: m.starts_at.toISOString(),
  endsAt: m.ends_at.toISOString(),
  place: m.place,
  virtualLink: m.virtual_link,
  status: m.status,
  icsSequence: m.ics_sequence,
  chairUserId: m.chair_user_id,
});

/** The neutral summary invites and notifications use instead of the chair's free-text title. */
export const inviteSummary = (kind: string): string =>
  kind === 'EXTRAORDINARY' ? 'Extraordinary stalking clinic meeting' : 'Stalking clinic meeting';

export function meetingInviteOf(m: MeetingRow, settings: InviteSettings) {
  return {
    uid: `${m.id}@${settings.uidDomain}`,
    sequence: m.ics_sequence,
    title: inviteSummary(m.kind),
    startsAt: m.starts_at,
    endsAt: m.ends_at,
    place: m.place,
    virtualLink: m.virtual_link,
    cancelled: m.status === 'CANCELLED',
    url: settings.meetingUrl(m.id),
    organizer: settings.organizer,
    stamp: m.updated_at,
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
  const attendees: { user_id: string }[] = await tx.query(
    `SELECT user_id FROM meetings.attendees WHERE meeting_id = $1 ORDER BY user_id`,
    [meetingId],
  );
  const payload: MeetingHeaderPayload = {
    ...meetingHeaderOf(m),
    icsUid: meetingInviteOf(m, deps.invites).uid,
    attendeeUserIds: attendees.map((a) => a.user_id),
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
