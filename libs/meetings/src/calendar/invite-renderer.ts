/**
 * Calendar invites (.ics) behind a small interface, so that the iCalendar library (proposed:
 * `ical-generator`, not installed yet) plugs in without touching the meetings domain.
 * An invite carries the meeting header only (title, time, place or link, organiser, sequence,
 * status) and never case content: a meeting that lists several cases must not leak one case to
 * an attendee of another (entitlements.md "calendar invites").
 */
export interface MeetingInvite {
  /** Stable across updates: the meeting id, so calendar clients replace rather than duplicate. */
  uid: string;
  /** Increases on every change of time or place and on cancellation (RFC 5545 SEQUENCE). */
  sequence: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  virtualLink: string | null;
  cancelled: boolean;
  /** The attendee the invite is for (per-attendee invites). */
  attendeeUserId?: string;
}

export interface InviteRenderer {
  /** The iCalendar text of one invite (METHOD:REQUEST, or METHOD:CANCEL when cancelled). */
  render(invite: MeetingInvite): string;
}

/** The placeholder until a library is chosen: refuses, so nothing ships a hand-rolled iCalendar. */
export class UnavailableInviteRenderer implements InviteRenderer {
  render(): string {
    throw new Error('No iCalendar renderer is configured (see invite-renderer.ts)');
  }
}
