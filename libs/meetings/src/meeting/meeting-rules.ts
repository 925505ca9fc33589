import { englandAndWales, fromLondonWallTime, londonDay, parseDay } from '@scp/platform-calendar';
import { invalid } from '@scp/contracts';

export const MEETING_STATUSES = [
  'SCHEDULED',
  'AGENDA_PUBLISHED',
  'IN_PROGRESS',
  'MINUTES_DRAFT',
  'MINUTES_APPROVED',
  'CANCELLED',
] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_KINDS = ['SCHEDULED', 'EXTRAORDINARY'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const ATTENDANCE_STATUSES = ['INVITED', 'PRESENT', 'OBSERVER', 'APOLOGIES', 'ABSENT'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** Who may move a meeting from one state to the next (domain.md step 4; the users' jobs). */
export type OfficerRole = 'CHAIR' | 'COORDINATOR';
export const MEETING_TRANSITIONS: Readonly<
  Record<MeetingStatus, Partial<Record<MeetingStatus, readonly OfficerRole[]>>>
> = {
  // The coordinator builds and publishes the agenda.
  SCHEDULED: { AGENDA_PUBLISHED: ['CHAIR', 'COORDINATOR'], CANCELLED: ['CHAIR'] },
  // The chair runs the meeting.
  AGENDA_PUBLISHED: { IN_PROGRESS: ['CHAIR'], CANCELLED: ['CHAIR'] },
  // When the meeting ends, the coordinator drafts the minutes.
  IN_PROGRESS: { MINUTES_DRAFT: ['CHAIR', 'COORDINATOR'] },
  // The chair approves them; afterwards they are immutable.
  MINUTES_DRAFT: { MINUTES_APPROVED: ['CHAIR'] },
  MINUTES_APPROVED: {},
  CANCELLED: {},
};

/** The roles allowed for `from → to`, or null when the transition does not exist. */
export function meetingTransition(from: MeetingStatus, to: MeetingStatus): readonly OfficerRole[] | null {
  return MEETING_TRANSITIONS[from]?.[to] ?? null;
}

/** The states a meeting reaches only once it has sat: started, minuted, minutes approved. */
const SAT: ReadonlySet<MeetingStatus> = new Set(['IN_PROGRESS', 'MINUTES_DRAFT', 'MINUTES_APPROVED']);

/**
 * A meeting cannot be started or minuted before its day (London): it has not sat yet (issue 14,
 * docs/case-rules.md). Any time on its day will do — a clinic may open early.
 */
export function checkMeetingHasSat(to: MeetingStatus, startsAt: Date, now: Date): void {
  if (SAT.has(to) && londonDay(now) < londonDay(startsAt))
    throw invalid(
      `A meeting cannot be started or minuted before its date: it is on ${londonDay(startsAt)}`,
      'to',
    );
}

/** The transitions that close the discussion: every recommendation must be decided first. */
const NEEDS_DECISIONS: ReadonlySet<MeetingStatus> = new Set(['MINUTES_DRAFT', 'MINUTES_APPROVED']);

/**
 * A meeting is not ended, nor its minutes approved, while recommendations are still PROPOSED:
 * the minutes would record proposals nobody decided. Refused with BAD_USER_INPUT coded
 * `reason: RECOMMENDATIONS_UNDECIDED` and the number still undecided (`count`).
 */
export function checkRecommendationsDecided(to: MeetingStatus, undecided: number): void {
  if (!NEEDS_DECISIONS.has(to) || undecided === 0) return;
  const what = undecided === 1 ? '1 recommendation is' : `${undecided} recommendations are`;
  const action = to === 'MINUTES_DRAFT' ? 'ending the meeting' : 'approving the minutes';
  throw invalid(`${what} still undecided: decide each before ${action}`, 'to', {
    reason: 'RECOMMENDATIONS_UNDECIDED',
    count: undecided,
  });
}

/**
 * The next review set in the minutes is when the clinic looks at the case again: not before the
 * meeting that sets it, nor before today (London).
 */
export function checkNextReviewOn(day: string | null | undefined, startsAt: Date, now: Date): void {
  if (day == null) return;
  if (day < londonDay(startsAt) || day < londonDay(now))
    throw invalid(
      'The next review date cannot be in the past or before this meeting: give a later date',
      'nextReviewOn',
    );
}

/** Case content of the meeting is readable (agenda, contributions, minutes) in these states. */
export const BEFORE_MEETING: ReadonlySet<MeetingStatus> = new Set(['SCHEDULED', 'AGENDA_PUBLISHED']);

export interface MeetingDeadlines {
  /** London calendar day by which new referrals must be listed (end of that day). */
  referralDeadlineOn: string;
  referralDeadlineAt: Date;
  /** London calendar day on which the agenda is due to be published (end of that day). */
  agendaPublicationDueOn: string;
  agendaPublicationDueAt: Date;
}

const endOfDay = (day: string) =>
  fromLondonWallTime({ day: parseDay(day), hours: 23, minutes: 59, seconds: 59, milliseconds: 999 });

/**
 * Listing deadlines (domain.md step 3): new referrals due `referralDays` working days before the
 * meeting's London day, the agenda published `publicationDays` working days before, both in
 * England and Wales working days (weekends and bank holidays excluded), from the clinic's
 * configuration as recorded on the meeting when it was scheduled.
 */
export function meetingDeadlines(
  startsAt: Date,
  referralDays: number,
  publicationDays: number,
): MeetingDeadlines {
  const cal = englandAndWales();
  const referralDeadlineOn = cal.workingDayAfter(startsAt, -referralDays);
  const agendaPublicationDueOn = cal.workingDayAfter(startsAt, -publicationDays);
  return {
    referralDeadlineOn,
    referralDeadlineAt: endOfDay(referralDeadlineOn),
    agendaPublicationDueOn,
    agendaPublicationDueAt: endOfDay(agendaPublicationDueOn),
  };
}

/** The London day of an instant (re-exported for the services). */
export const dayOf = (at: Date) => londonDay(at);

export const CADENCES = ['WEEKLY', 'FORTNIGHTLY', 'MONTHLY'] as const;
export type Cadence = (typeof CADENCES)[number];

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The London days of a clinic's recurring meetings from its cadence, starting on `firstOn`:
 * weekly, fortnightly, or monthly on the same ordinal weekday (the second Tuesday, …). A day that
 * is a bank holiday moves to the next working day (the clinic does not sit on bank holidays).
 */
export function recurringDays(firstOn: string, cadence: Cadence, count: number): string[] {
  const cal = englandAndWales();
  const first = new Date(`${firstOn}T12:00:00Z`);
  const weekday = first.getUTCDay();
  const ordinal = Math.ceil(first.getUTCDate() / 7);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let day: string;
    if (cadence === 'MONTHLY') {
      const month = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i, 1, 12));
      const offset = (weekday - month.getUTCDay() + 7) % 7;
      const date = 1 + offset + (ordinal - 1) * 7;
      const last = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0)).getUTCDate();
      day = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), date > last ? date - 7 : date, 12))
        .toISOString()
        .slice(0, 10);
    } else day = addDays(firstOn, i * (cadence === 'WEEKLY' ? 7 : 14));
    const noon = new Date(`${day}T12:00:00Z`);
    out.push(cal.isWorkingDay(noon) ? day : cal.workingDayAfter(noon, 1));
  }
  return out;
}
