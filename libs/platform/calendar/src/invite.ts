import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';

/**
 * A meeting invitation as an iCalendar (RFC 5545) object, rendered by `ical-generator`.
 *
 * The type carries the meeting header only (title, time, place or link, organiser, sequence,
 * status, a link back to the platform) and has no field for agenda or case content: a meeting
 * that lists several cases must not show one case to an attendee of another (entitlements.md,
 * "calendar invites"), and an invite travels by email, outside the platform's access checks.
 */
export interface MeetingInvite {
  /** Stable across updates (the meeting id), so calendar clients replace rather than duplicate. */
  uid: string;
  /** Increases on every change of time or place and on cancellation (RFC 5545 SEQUENCE). */
  sequence: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  virtualLink: string | null;
  cancelled: boolean;
  /** Where the meeting's page is (the agenda and papers, behind sign-in). */
  url?: string | null;
  organizer: { name: string; email: string };
  /** The one attendee an invite is for; without it, the meeting's own calendar entry. */
  attendee?: { name: string; email: string } | null;
  /** Last change of the meeting (DTSTAMP). */
  stamp?: Date;
}

export const INVITE_PRODUCT = { company: 'Stalking Clinic Platform', product: 'Meetings', language: 'EN' };

/** The iCalendar text of one invite: METHOD:REQUEST, or METHOD:CANCEL when cancelled. */
export function renderInvite(invite: MeetingInvite): string {
  const calendar = ical({
    prodId: INVITE_PRODUCT,
    method: invite.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    name: 'Stalking clinic meetings',
  });
  const description = [
    invite.cancelled ? 'This clinic meeting has been cancelled.' : 'Multi-agency stalking clinic meeting.',
    invite.virtualLink ? `Join online: ${invite.virtualLink}` : null,
    invite.url ? `The agenda and papers are in the clinic platform (sign-in needed): ${invite.url}` : null,
    'Case details are never sent by email or in calendar invites.',
  ]
    .filter(Boolean)
    .join('\n');
  calendar.createEvent({
    id: invite.uid,
    sequence: invite.sequence,
    start: invite.startsAt,
    end: invite.endsAt,
    stamp: invite.stamp ?? new Date(),
    summary: invite.cancelled ? `Cancelled: ${invite.title}` : invite.title,
    description,
    location: invite.place ?? invite.virtualLink ?? null,
    url: invite.url ?? null,
    status: invite.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: invite.organizer,
    attendees: invite.attendee
      ? [
          {
            name: invite.attendee.name,
            email: invite.attendee.email,
            role: ICalAttendeeRole.REQ,
            status: ICalAttendeeStatus.NEEDSACTION,
            rsvp: !invite.cancelled,
          },
        ]
      : [],
  });
  return calendar.toString();
}
