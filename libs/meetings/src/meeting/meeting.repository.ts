import type { DataSource, EntityManager } from 'typeorm';

export type Db = DataSource | EntityManager;

export interface MeetingRow {
  id: string;
  clinic_id: string;
  kind: string;
  status: string;
  title: string;
  chair_user_id: string;
  starts_at: Date;
  ends_at: Date;
  place: string | null;
  virtual_link: string | null;
  referral_deadline_working_days: number;
  agenda_publication_working_days: number;
  confidentiality_statement: string;
  executive_summary: string | null;
  agenda_published_at: Date | null;
  minutes_approved_at: Date | null;
  cancel_reason: string | null;
  ics_sequence: number;
  version: number;
  updated_at: Date;
}

export interface AttendeeRow {
  id: string;
  meeting_id: string;
  user_id: string;
  agency_id: string;
  status: string;
  information_submitted: boolean;
  confidentiality_accepted_at: Date | null;
}

export interface AgendaItemRow {
  id: string;
  meeting_id: string;
  case_id: string | null;
  kind: string;
  position: number;
  duration_minutes: number;
  title: string | null;
  deferral_reason: string | null;
  deferral_note: string | null;
  minutes: string | null;
  summary: string | null;
  next_review_on: string | null;
  version: number;
}

const MEETING_COLUMNS = `id, clinic_id, kind, status, title, chair_user_id, starts_at, ends_at, place, virtual_link,
  referral_deadline_working_days, agenda_publication_working_days, confidentiality_statement, executive_summary,
  agenda_published_at, minutes_approved_at, cancel_reason, ics_sequence, version, updated_at`;
const ITEM_COLUMNS = `id, meeting_id, case_id, kind, position, duration_minutes, title, deferral_reason, deferral_note,
  minutes, summary, to_char(next_review_on, 'YYYY-MM-DD') AS next_review_on, version`;

export async function findMeeting(db: Db, id: string, lock = false): Promise<MeetingRow | null> {
  const rows: MeetingRow[] = await db.query(
    `SELECT ${MEETING_COLUMNS} FROM meetings.meetings WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findMeetings(db: Db, ids: readonly string[]): Promise<MeetingRow[]> {
  return db.query(
    `SELECT ${MEETING_COLUMNS} FROM meetings.meetings WHERE id = ANY($1::uuid[]) ORDER BY starts_at, id`,
    [ids],
  );
}

export async function itemsOf(db: Db, meetingId: string): Promise<AgendaItemRow[]> {
  return db.query(
    `SELECT ${ITEM_COLUMNS} FROM meetings.agenda_items WHERE meeting_id = $1 ORDER BY position, id`,
    [meetingId],
  );
}

export async function findItem(db: Db, id: string, lock = false): Promise<AgendaItemRow | null> {
  const rows: AgendaItemRow[] = await db.query(
    `SELECT ${ITEM_COLUMNS} FROM meetings.agenda_items WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

/**
 * One item with the minutes its slot starts after the meeting's start: the durations of the items
 * before it that are not deferred (a deferred item keeps its position but takes no time).
 */
export async function itemWithOffset(
  db: Db,
  id: string,
): Promise<(AgendaItemRow & { offset_minutes: number }) | null> {
  const rows: (AgendaItemRow & { offset_minutes: number })[] = await db.query(
    `SELECT ${ITEM_COLUMNS},
            (SELECT coalesce(sum(o.duration_minutes), 0)::int FROM meetings.agenda_items o
              WHERE o.meeting_id = i.meeting_id AND o.deferral_reason IS NULL
                AND (o.position, o.id) < (i.position, i.id)) AS offset_minutes
       FROM meetings.agenda_items i WHERE i.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function attendeesOf(db: Db, meetingId: string): Promise<AttendeeRow[]> {
  return db.query(
    `SELECT id, meeting_id, user_id, agency_id, status, information_submitted, confidentiality_accepted_at
       FROM meetings.attendees WHERE meeting_id = $1 ORDER BY created_at, id`,
    [meetingId],
  );
}

export async function attendeeOf(db: Db, meetingId: string, userId: string): Promise<AttendeeRow | null> {
  const rows: AttendeeRow[] = await db.query(
    `SELECT id, meeting_id, user_id, agency_id, status, information_submitted, confidentiality_accepted_at
       FROM meetings.attendees WHERE meeting_id = $1 AND user_id = $2`,
    [meetingId, userId],
  );
  return rows[0] ?? null;
}

/** How many of a meeting's recommendations still await the chair's decision (PROPOSED). */
export async function undecidedCount(db: Db, meetingId: string): Promise<number> {
  const rows: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n FROM meetings.recommendations WHERE meeting_id = $1 AND status = 'PROPOSED'`,
    [meetingId],
  );
  return rows[0]?.n ?? 0;
}
