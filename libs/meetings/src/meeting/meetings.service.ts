import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_TYPES, type EventType, type MeetingHeaderPayload } from '@scp/contracts';
import { fromLondonWallTime, parseDay, renderInvite } from '@scp/platform-calendar';
import { grantsFor, withAccess, type AccessView, type FieldKey } from '@scp/platform-access';
import { withTransaction } from '@scp/platform-database';
import { badInput, conflict, forbidden, notFound } from '@scp/platform-graphql';
import {
  MEETINGS_AUDIT,
  MEETINGS_CLOCK,
  MEETINGS_DATA_SOURCE,
  MEETINGS_DIRECTORY,
  MEETINGS_FREE_TEXT,
  MEETINGS_INVITES,
  MEETINGS_OUTBOX,
  type AuditWriterLike,
  type InviteSettings,
  type Clock,
  type ClinicDirectory,
  type FreeTextChecker,
  type OutboxLike,
} from '../shared/tokens.js';
import type { MeetingsContext } from '../shared/context.js';
import { writeEvent } from '../shared/audit.js';
import { optionalText, requireText, requireUuid, updateReturning } from '../shared/validation.js';
import { CASE_ITEM_KINDS, type AgendaItemKind } from '../shared/enums.js';
import {
  attendeeOf,
  attendeesOf,
  findItem,
  findMeeting,
  findMeetings,
  itemsOf,
  undecidedCount,
  type AgendaItemRow,
  type AttendeeRow,
  type MeetingRow,
} from './meeting.repository.js';
import {
  BEFORE_MEETING,
  checkMeetingHasSat,
  checkNextReviewOn,
  checkRecommendationsDecided,
  dayOf,
  meetingDeadlines,
  meetingTransition,
  recurringDays,
  type AttendanceStatus,
  type Cadence,
  type MeetingStatus,
} from './meeting-rules.js';
import type { MeetingModel } from './meeting.model.js';
import { CASE_ITEM_EVENT_MOVES, writeCaseItemEvent, writeCaseItemEvents } from './case-item-events.js';

export const DEFAULT_CONFIDENTIALITY_STATEMENT =
  'I will keep everything shared at this meeting confidential to the purposes of the clinic and my agency, and share it no further without a lawful basis.';

/** What the reader is to one meeting. */
export interface MeetingStanding {
  officer: boolean;
  chair: boolean;
  coordinator: boolean;
  attendee: AttendeeRow | null;
  accepted: boolean;
  /** May see the meeting at all (header, placeholders). */
  visible: boolean;
}

export type AgendaEntry =
  | {
      restricted: true;
      id: string;
      meetingId: string;
      position: number;
      startsAt: Date;
      durationMinutes: number;
    }
  | (Record<string, unknown> & { restricted: false; id: string; row: AgendaItemRow });

const D19_KEYS: FieldKey[] = ['D19', 'D19:limited'];

/** The cases a free text can reach (docs/free-text.md). */
export interface TextReach {
  caseIds: (string | null)[];
  /** Also every open case of this clinic. */
  clinicId?: string | null;
}

@Injectable()
export class MeetingsService {
  constructor(
    @Inject(MEETINGS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(MEETINGS_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(MEETINGS_OUTBOX) private readonly outbox: OutboxLike,
    @Inject(MEETINGS_CLOCK) private readonly clock: Clock,
    @Inject(MEETINGS_INVITES) private readonly invites: InviteSettings,
    @Optional() @Inject(MEETINGS_FREE_TEXT) private readonly freeText?: FreeTextChecker,
    @Optional() @Inject(MEETINGS_DIRECTORY) private readonly directory?: ClinicDirectory,
  ) {}

  now(): Date {
    return this.clock();
  }

  get dataSource(): DataSource {
    return this.ds;
  }

  // ---------------------------------------------------------------- visibility

  private standings = new WeakMap<MeetingsContext, Map<string, MeetingStanding>>();

  async standing(ctx: MeetingsContext, m: MeetingRow): Promise<MeetingStanding> {
    let cache = this.standings.get(ctx);
    if (!cache) this.standings.set(ctx, (cache = new Map()));
    const hit = cache.get(m.id);
    if (hit) return hit;
    const officer = ctx.access.isOfficer(m.clinic_id);
    const attendee = await attendeeOf(this.ds, m.id, ctx.actor.userId);
    let visible = officer || attendee !== null;
    if (!visible && grantsFor(ctx.access.roles, 'D19').length) {
      const rows: unknown[] = await this.ds.query(
        `SELECT 1 FROM meetings.agenda_items i JOIN meetings.case_participation p
            ON p.case_id = i.case_id AND p.agency_id = $2 AND p.active
          WHERE i.meeting_id = $1 LIMIT 1`,
        [m.id, ctx.actor.agencyId],
      );
      visible = rows.length > 0;
    }
    const s: MeetingStanding = {
      officer,
      chair: ctx.access.isChair(m.clinic_id),
      coordinator: ctx.access.isCoordinator(m.clinic_id),
      attendee,
      accepted: attendee?.confidentiality_accepted_at != null,
      visible,
    };
    cache.set(m.id, s);
    return s;
  }

  /** A meeting the reader may see, else NOT_FOUND (indistinguishable from one that does not exist). */
  async visibleMeeting(ctx: MeetingsContext, id: string): Promise<MeetingRow> {
    requireUuid(id, 'meetingId');
    const m = await findMeeting(this.ds, id);
    if (!m || !(await this.standing(ctx, m)).visible) throw notFound('Meeting');
    return m;
  }

  /**
   * The view of one agenda item, or null when the reader gets the placeholder (docs/meeting-access.md).
   * Clinic officers run the meeting and see every item of their clinic's meetings. An item of a
   * case is read by the agencies taking part in that case, as the matrix lets each role read R*:
   * once the agenda is published whether or not they are invited (invitation and the
   * confidentiality statement govern attending, not reading what the clinic lists and decides about
   * their own case); before that, only by invitees who accepted the statement. An item without a
   * case is read by officers and invitees who accepted the statement. Nobody reads an item of a case
   * their agency does not take part in.
   */
  async itemView(ctx: MeetingsContext, m: MeetingRow, item: AgendaItemRow): Promise<AccessView | null> {
    const s = await this.standing(ctx, m);
    if (!s.visible) return null;
    const invited = s.officer || s.accepted;
    let fields: Set<FieldKey>;
    if (item.case_id) {
      if (!invited && !(m.agenda_published_at && (await ctx.access.participates(item.case_id)))) return null;
      const caseFields = await ctx.access.caseFields(item.case_id);
      fields = new Set(D19_KEYS.filter((k) => caseFields.has(k)));
    } else {
      if (!invited) return null;
      const reads = new Set(grantsFor(ctx.access.roles, 'D19').map((g) => g.read));
      fields = new Set(reads.has('FULL') ? D19_KEYS : reads.has('LIMITED') ? ['D19:limited'] : []);
    }
    if (!fields.size) return null;
    return {
      fields,
      entityType: 'AgendaItem',
      entityId: item.id,
      ...(item.case_id ? { caseId: item.case_id } : {}),
    };
  }

  toModel(m: MeetingRow): MeetingModel {
    const d = meetingDeadlines(
      m.starts_at,
      m.referral_deadline_working_days,
      m.agenda_publication_working_days,
    );
    const now = this.now();
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

  // ---------------------------------------------------------------- reads

  async meeting(ctx: MeetingsContext, id: string): Promise<MeetingModel> {
    return this.toModel(await this.visibleMeeting(ctx, id));
  }

  async rowOf(ctx: MeetingsContext, id: string): Promise<MeetingRow> {
    return this.visibleMeeting(ctx, id);
  }

  /** Meetings the reader may see, optionally of one clinic and from a day on, in time order. */
  async meetings(
    ctx: MeetingsContext,
    filter: { clinicId?: string | null; from?: Date | null; first?: number | null },
  ): Promise<MeetingModel[]> {
    const params: unknown[] = [ctx.actor.clinicIds, ctx.actor.userId, ctx.actor.agencyId];
    const officerClinics = ctx.actor.clinicIds.filter((c) => ctx.access.isOfficer(c));
    params[0] = officerClinics;
    const partner = grantsFor(ctx.access.roles, 'D19').length > 0;
    let where = `(m.clinic_id = ANY($1::uuid[])
       OR EXISTS (SELECT 1 FROM meetings.attendees a WHERE a.meeting_id = m.id AND a.user_id = $2)
       ${
         partner
           ? `OR EXISTS (SELECT 1 FROM meetings.agenda_items i JOIN meetings.case_participation p
                ON p.case_id = i.case_id AND p.agency_id = $3 AND p.active WHERE i.meeting_id = m.id)`
           : 'OR ($3::uuid IS NULL AND FALSE)'
       })`;
    if (filter.clinicId) {
      params.push(requireUuid(filter.clinicId, 'clinicId'));
      where += ` AND m.clinic_id = $${params.length}`;
    }
    if (filter.from) {
      params.push(filter.from);
      where += ` AND m.starts_at >= $${params.length}`;
    }
    const first = Math.min(Math.max(filter.first ?? 50, 1), 200);
    const rows: { id: string }[] = await this.ds.query(
      `SELECT m.id FROM meetings.meetings m WHERE ${where} ORDER BY m.starts_at, m.id LIMIT ${first}`,
      params,
    );
    return (
      await findMeetings(
        this.ds,
        rows.map((r) => r.id),
      )
    ).map((m) => this.toModel(m));
  }

  /** Meetings that list a case, for `Case.meetings`. */
  async meetingsOfCase(ctx: MeetingsContext, caseId: string): Promise<MeetingModel[]> {
    const rows: { meeting_id: string }[] = await this.ds.query(
      `SELECT DISTINCT meeting_id FROM meetings.agenda_items WHERE case_id = $1`,
      [caseId],
    );
    const out: MeetingModel[] = [];
    for (const m of await findMeetings(
      this.ds,
      rows.map((r) => r.meeting_id),
    ))
      if ((await this.standing(ctx, m)).visible) out.push(this.toModel(m));
    return out;
  }

  async myAttendance(ctx: MeetingsContext, meetingId: string) {
    const m = await this.visibleMeeting(ctx, meetingId);
    const s = await this.standing(ctx, m);
    return s.attendee ? attendeeModel(s.attendee) : null;
  }

  async attendees(ctx: MeetingsContext, meetingId: string) {
    const m = await this.visibleMeeting(ctx, meetingId);
    return (await attendeesOf(this.ds, m.id)).map(attendeeModel);
  }

  /** The agenda in order: full items the reader may see, placeholders for the rest. */
  async agenda(ctx: MeetingsContext, meetingId: string, only?: string): Promise<AgendaEntry[]> {
    const m = await this.visibleMeeting(ctx, meetingId);
    const items = await itemsOf(this.ds, m.id);
    await ctx.access.loadCases(
      items.flatMap((i) => (i.case_id && (!only || i.id === only) ? [i.case_id] : [])),
    );
    let at = m.starts_at.getTime();
    const out: AgendaEntry[] = [];
    for (const item of items) {
      // One entry (a write's answer): the others only for its time slot, unread.
      if (only && item.id !== only) {
        if (!item.deferral_reason) at += item.duration_minutes * 60_000;
        continue;
      }
      const slot = {
        id: item.id,
        meetingId: m.id,
        position: item.position,
        startsAt: new Date(at),
        durationMinutes: item.duration_minutes,
      };
      // A deferred item keeps its position but takes no time.
      if (!item.deferral_reason) at += item.duration_minutes * 60_000;
      const view = await this.itemView(ctx, m, item);
      out.push(view ? this.fullItem(item, slot, view) : { ...slot, restricted: true });
    }
    return out;
  }

  private fullItem(
    item: AgendaItemRow,
    slot: { id: string; meetingId: string; position: number; startsAt: Date; durationMinutes: number },
    view: AccessView,
  ): AgendaEntry {
    return withAccess(
      {
        ...slot,
        restricted: false as const,
        row: item,
        caseId: item.case_id,
        kind: item.kind,
        title: item.title,
        deferralReason: item.deferral_reason,
        deferralNote: item.deferral_note,
        minutes: item.minutes,
        summary: item.summary,
        nextReviewOn: item.next_review_on,
        version: item.version,
      },
      view,
    );
  }

  /** One item the reader may see in full, else NOT_FOUND. */
  async visibleItem(
    ctx: MeetingsContext,
    itemId: string,
  ): Promise<{ m: MeetingRow; item: AgendaItemRow; view: AccessView }> {
    requireUuid(itemId, 'agendaItemId');
    const item = await findItem(this.ds, itemId);
    if (!item) throw notFound('Agenda item');
    const m = await findMeeting(this.ds, item.meeting_id);
    const view = m ? await this.itemView(ctx, m, item) : null;
    if (!m || !view) throw notFound('Agenda item');
    return { m, item, view };
  }

  /** The overview part of the executive summary: the clinic officers only. */
  async executiveSummary(ctx: MeetingsContext, meetingId: string) {
    const m = await this.visibleMeeting(ctx, meetingId);
    const s = await this.standing(ctx, m);
    const view: AccessView = {
      fields: new Set<FieldKey>(s.officer ? ['D19', 'D19:limited'] : []),
      entityType: 'Meeting',
      entityId: m.id,
    };
    return withAccess({ overview: m.executive_summary }, view);
  }

  /**
   * The meeting's own calendar entry (.ics), header only: every invite carries the same neutral
   * summary, time, place and a link to sign in, never agenda or case content (and not the free
   * text title either, since invites travel by email).
   */
  async calendarInvite(ctx: MeetingsContext, meetingId: string): Promise<string> {
    const m = await this.visibleMeeting(ctx, meetingId);
    return renderInvite(meetingInviteOf(m, this.invites));
  }

  /** One outbox event carrying the meeting's header (notifications turn it into per-attendee invites). */
  private async headerEvent(
    tx: EntityManager,
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
      icsUid: meetingInviteOf(m, this.invites).uid,
      attendeeUserIds: attendees.map((a) => a.user_id),
      ...extra,
    };
    await this.outbox.write(tx, {
      type,
      aggregateType: 'Meeting',
      aggregateId: m.id,
      actorId: ctx.actor.userId,
      correlationId: ctx.actor.requestId,
      payload,
    });
  }

  // ---------------------------------------------------------------- writes

  private async write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return withTransaction(this.ds, fn);
  }

  private requireOfficer(ctx: MeetingsContext, clinicId: string, what: string): void {
    if (!ctx.access.isOfficer(clinicId))
      throw forbidden(`Only the clinic's chair or coordinator may ${what}`);
  }

  async scheduleMeeting(
    ctx: MeetingsContext,
    input: {
      clinicId: string;
      kind: string;
      title: string;
      chairUserId?: string | null;
      startsAt: Date;
      endsAt: Date;
      place?: string | null;
      virtualLink?: string | null;
      confidentialityStatement?: string | null;
      referralDeadlineWorkingDays?: number | null;
      agendaPublicationWorkingDays?: number | null;
    },
  ): Promise<MeetingModel> {
    requireUuid(input.clinicId, 'clinicId');
    this.requireOfficer(ctx, input.clinicId, 'schedule a meeting');
    const title = requireText(input.title, 'title', 200);
    const place = optionalText(input.place, 'place', 500);
    const link = optionalText(input.virtualLink, 'virtualLink', 2000);
    if (!place && !link) throw badInput('A meeting needs a place or a virtual link', 'place');
    if (link && !/^https:\/\//.test(link))
      throw badInput('The virtual link must be an https URL', 'virtualLink');
    if (!(input.endsAt > input.startsAt)) throw badInput('The meeting must end after it starts', 'endsAt');
    const chair = input.chairUserId ? requireUuid(input.chairUserId, 'chairUserId') : ctx.actor.userId;
    // Deadlines default to the clinic's configuration (replicated from the cases service).
    const [clinic]: { referral: number; publication: number }[] = await this.ds.query(
      `SELECT referral_deadline_working_days AS referral, agenda_publication_working_days AS publication
         FROM meetings.clinic_replica WHERE clinic_id = $1`,
      [input.clinicId],
    );
    const referralDays = input.referralDeadlineWorkingDays ?? clinic?.referral ?? 2;
    const publicationDays = input.agendaPublicationWorkingDays ?? clinic?.publication ?? 1;
    for (const [n, field] of [
      [referralDays, 'referralDeadlineWorkingDays'],
      [publicationDays, 'agendaPublicationWorkingDays'],
    ] as const)
      if (!Number.isInteger(n) || n < 0 || n > 10) throw badInput(`${field} must be 0..10`, field);
    const statement =
      optionalText(input.confidentialityStatement, 'confidentialityStatement', 4000) ??
      DEFAULT_CONFIDENTIALITY_STATEMENT;
    // Every invitee reads the header: before it has an agenda it reaches the clinic's open cases.
    const reach: TextReach = { caseIds: [], clinicId: input.clinicId };
    await this.assertCleanText(ctx, reach, {
      title,
      ...(input.confidentialityStatement ? { confidentialityStatement: statement } : {}),
    });
    await this.assertCleanText(ctx, reach, { place }, 'venue');
    const id = await this.write(async (m) => {
      const rows: { id: string }[] = await m.query(
        `INSERT INTO meetings.meetings (clinic_id, kind, title, chair_user_id, starts_at, ends_at, place, virtual_link,
           referral_deadline_working_days, agenda_publication_working_days, confidentiality_statement, created_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          input.clinicId,
          input.kind,
          title,
          chair,
          input.startsAt,
          input.endsAt,
          place,
          link,
          referralDays,
          publicationDays,
          statement,
          ctx.actor.userId,
        ],
      );
      const meetingId = rows[0]!.id;
      // A chair scheduling their own meeting is its first attendee (another chair is invited by id,
      // with their agency, like everyone else: this service does not hold the directory).
      if (chair === ctx.actor.userId)
        await m.query(`INSERT INTO meetings.attendees (meeting_id, user_id, agency_id) VALUES ($1, $2, $3)`, [
          meetingId,
          chair,
          ctx.actor.agencyId,
        ]);
      await this.audit.write([writeEvent(ctx, 'CREATE', 'Meeting', meetingId, [], 'scheduleMeeting')], m);
      await this.headerEvent(m, ctx, EVENT_TYPES.meetingScheduled, meetingId);
      return meetingId;
    });
    return this.toModel((await findMeeting(this.ds, id))!);
  }

  /** A clinic's recurring schedule from its cadence: one SCHEDULED meeting per day (recurringDays). */
  async scheduleRecurring(
    ctx: MeetingsContext,
    input: {
      clinicId: string;
      cadence: Cadence;
      firstOn: string;
      count: number;
      startTime: string;
      durationMinutes: number;
      title: string;
      place?: string | null;
      virtualLink?: string | null;
      referralDeadlineWorkingDays?: number | null;
      agendaPublicationWorkingDays?: number | null;
    },
  ): Promise<MeetingModel[]> {
    requireUuid(input.clinicId, 'clinicId');
    this.requireOfficer(ctx, input.clinicId, 'schedule meetings');
    const [hours, minutes] = input.startTime.split(':').map(Number) as [number, number];
    const out: MeetingModel[] = [];
    for (const day of recurringDays(input.firstOn, input.cadence, input.count)) {
      const startsAt = fromLondonWallTime({
        day: parseDay(day),
        hours,
        minutes,
        seconds: 0,
        milliseconds: 0,
      });
      out.push(
        await this.scheduleMeeting(ctx, {
          ...input,
          kind: 'SCHEDULED',
          startsAt,
          endsAt: new Date(startsAt.getTime() + input.durationMinutes * 60_000),
        }),
      );
    }
    return out;
  }

  /** Moves a meeting through its states; who may do which is MEETING_TRANSITIONS. */
  async changeStatus(
    ctx: MeetingsContext,
    input: { meetingId: string; version: number; to: MeetingStatus; reason?: string | null },
  ): Promise<MeetingModel> {
    const current = await this.visibleMeeting(ctx, input.meetingId);
    const allowed = meetingTransition(current.status as MeetingStatus, input.to);
    if (!allowed) throw badInput(`A meeting cannot move from ${current.status} to ${input.to}`, 'to');
    const roles = new Set<string>();
    if (ctx.access.isChair(current.clinic_id)) roles.add('CHAIR');
    if (ctx.access.isCoordinator(current.clinic_id)) roles.add('COORDINATOR');
    if (!allowed.some((r) => roles.has(r)))
      throw forbidden(`Not permitted to move the meeting to ${input.to}`);
    checkMeetingHasSat(input.to, current.starts_at, this.now());
    const reason = input.to === 'CANCELLED' ? requireText(input.reason, 'reason', 2000) : null;
    // Only a cancellation carries text: no agenda read for the other moves.
    if (reason) await this.assertCleanText(ctx, await this.meetingReach(current), { reason });
    await this.write(async (m) => {
      // Counted under the meeting's row lock (the status cannot change under the count).
      await findMeeting(m, current.id, true);
      checkRecommendationsDecided(input.to, await undecidedCount(m, current.id));
      const updated: { id: string }[] = await updateReturning(
        m,
        `UPDATE meetings.meetings SET status = $3, version = version + 1, updated_at = now(),
            cancel_reason = CASE WHEN $3 = 'CANCELLED' THEN $4 ELSE cancel_reason END,
            agenda_published_at = CASE WHEN $3 = 'AGENDA_PUBLISHED' THEN now() ELSE agenda_published_at END,
            minutes_approved_at = CASE WHEN $3 = 'MINUTES_APPROVED' THEN now() ELSE minutes_approved_at END,
            minutes_approved_by_user_id = CASE WHEN $3 = 'MINUTES_APPROVED' THEN $5::uuid ELSE minutes_approved_by_user_id END,
            ics_sequence = CASE WHEN $3 = 'CANCELLED' THEN ics_sequence + 1 ELSE ics_sequence END
          WHERE id = $1 AND version = $2 AND status = $6 RETURNING id`,
        [current.id, input.version, input.to, reason, ctx.actor.userId, current.status],
      );
      if (!updated.length) throw conflict();
      // Read once for every case item's event of this move (none for most moves).
      const items = CASE_ITEM_EVENT_MOVES.has(input.to) ? await itemsOf(m, current.id) : [];
      if (input.to === 'MINUTES_APPROVED') {
        // Setting the next review date updates the case: one event per reviewed case.
        for (const item of items)
          if (item.case_id && item.next_review_on && !item.deferral_reason)
            await this.outbox.write(m, {
              type: EVENT_TYPES.nextReviewSet,
              aggregateType: 'Case',
              aggregateId: item.case_id,
              actorId: ctx.actor.userId,
              correlationId: ctx.actor.requestId,
              payload: {
                caseId: item.case_id,
                meetingId: current.id,
                agendaItemId: item.id,
                nextReviewOn: item.next_review_on,
              },
            });
      }
      await writeCaseItemEvents(m, this.outbox, ctx, current, input.to, items);
      const statusEvent = STATUS_EVENTS[input.to];
      if (statusEvent) await this.headerEvent(m, ctx, statusEvent, current.id);
      await this.audit.write(
        [
          writeEvent(
            ctx,
            'UPDATE',
            'Meeting',
            current.id,
            input.to === 'MINUTES_APPROVED' ? ['D19'] : [],
            `meeting:${input.to}`,
          ),
        ],
        m,
      );
    });
    return this.toModel((await findMeeting(this.ds, current.id))!);
  }

  async reschedule(
    ctx: MeetingsContext,
    input: {
      meetingId: string;
      version: number;
      startsAt: Date;
      endsAt: Date;
      place?: string | null;
      virtualLink?: string | null;
    },
  ): Promise<MeetingModel> {
    const current = await this.visibleMeeting(ctx, input.meetingId);
    this.requireOfficer(ctx, current.clinic_id, 'reschedule a meeting');
    if (!BEFORE_MEETING.has(current.status as MeetingStatus))
      throw badInput('Only a meeting that has not started can be rescheduled', 'meetingId');
    if (!(input.endsAt > input.startsAt)) throw badInput('The meeting must end after it starts', 'endsAt');
    const place = optionalText(input.place, 'place', 500);
    const link = optionalText(input.virtualLink, 'virtualLink', 2000);
    if (!place && !link) throw badInput('A meeting needs a place or a virtual link', 'place');
    await this.assertCleanText(ctx, await this.meetingReach(current), { place }, 'venue');
    await this.write(async (m) => {
      const updated: unknown[] = await updateReturning(
        m,
        `UPDATE meetings.meetings SET starts_at = $3, ends_at = $4, place = $5, virtual_link = $6,
           ics_sequence = ics_sequence + 1, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
        [current.id, input.version, input.startsAt, input.endsAt, place, link],
      );
      if (!updated.length) throw conflict();
      await this.audit.write([writeEvent(ctx, 'UPDATE', 'Meeting', current.id, [], 'rescheduleMeeting')], m);
      await this.headerEvent(m, ctx, EVENT_TYPES.meetingRescheduled, current.id);
    });
    return this.toModel((await findMeeting(this.ds, current.id))!);
  }

  // ---------------------------------------------------------------- attendance

  async invite(ctx: MeetingsContext, input: { meetingId: string; userId: string; agencyId: string }) {
    const current = await this.visibleMeeting(ctx, input.meetingId);
    this.requireOfficer(ctx, current.clinic_id, 'invite attendees');
    if (current.status === 'CANCELLED' || current.status === 'MINUTES_APPROVED')
      throw badInput('The meeting is closed', 'meetingId');
    requireUuid(input.userId, 'userId');
    requireUuid(input.agencyId, 'agencyId');
    await this.requireMember(current.clinic_id, input.userId, input.agencyId);
    const row = await this.write(async (m) => {
      const rows: AttendeeRow[] = await m.query(
        `INSERT INTO meetings.attendees (meeting_id, user_id, agency_id) VALUES ($1, $2, $3)
         ON CONFLICT (meeting_id, user_id) DO UPDATE SET agency_id = EXCLUDED.agency_id
         RETURNING id, meeting_id, user_id, agency_id, status, information_submitted, confidentiality_accepted_at`,
        [current.id, input.userId, input.agencyId],
      );
      await this.audit.write(
        [writeEvent(ctx, 'CREATE', 'MeetingAttendee', rows[0]!.id, [], 'inviteAttendee')],
        m,
      );
      await this.headerEvent(m, ctx, EVENT_TYPES.attendeeInvited, current.id, {
        attendeeUserId: input.userId,
        attendeeAgencyId: input.agencyId,
      });
      return rows[0]!;
    });
    return attendeeModel(row);
  }

  /**
   * An attendee is a user of one of the clinic's member agencies, recorded under that agency:
   * asked of the cases service's directory, and refused (naming the field) when it says otherwise.
   * Fails closed: without a directory no one is invited.
   */
  private async requireMember(clinicId: string, userId: string, agencyId: string): Promise<void> {
    if (!this.directory) throw new Error('no clinic directory: attendees cannot be checked');
    const memberAgency = await this.directory.memberAgency(clinicId, userId);
    if (!memberAgency) throw badInput("The user is not in one of the meeting's clinic agencies", 'userId');
    if (memberAgency !== agencyId.toLowerCase())
      throw badInput("The agency is not the user's agency", 'agencyId');
  }

  private async attendeeForWrite(ctx: MeetingsContext, attendeeId: string) {
    requireUuid(attendeeId, 'attendeeId');
    const rows: AttendeeRow[] = await this.ds.query(
      `SELECT id, meeting_id, user_id, agency_id, status, information_submitted, confidentiality_accepted_at
         FROM meetings.attendees WHERE id = $1`,
      [attendeeId],
    );
    const a = rows[0];
    if (!a) throw notFound('Attendee');
    const m = await this.visibleMeeting(ctx, a.meeting_id).catch(() => {
      throw notFound('Attendee');
    });
    return { a, m };
  }

  async recordAttendance(ctx: MeetingsContext, input: { attendeeId: string; status: AttendanceStatus }) {
    const { a, m } = await this.attendeeForWrite(ctx, input.attendeeId);
    this.requireOfficer(ctx, m.clinic_id, 'record attendance');
    const row = await this.write(async (tx) => {
      const rows: AttendeeRow[] = await updateReturning(
        tx,
        `UPDATE meetings.attendees SET status = $2 WHERE id = $1
         RETURNING id, meeting_id, user_id, agency_id, status, information_submitted, confidentiality_accepted_at`,
        [a.id, input.status],
      );
      await this.audit.write(
        [writeEvent(ctx, 'UPDATE', 'MeetingAttendee', a.id, [], 'recordAttendance')],
        tx,
      );
      return rows[0]!;
    });
    return attendeeModel(row);
  }

  /** "Information submitted": the attendee themselves, or a clinic officer. */
  async setInformationSubmitted(ctx: MeetingsContext, input: { attendeeId: string; submitted: boolean }) {
    const { a, m } = await this.attendeeForWrite(ctx, input.attendeeId);
    if (a.user_id !== ctx.actor.userId && !ctx.access.isOfficer(m.clinic_id))
      throw forbidden('Only the attendee or a clinic officer may record this');
    const row = await this.write(async (tx) => {
      const rows: AttendeeRow[] = await updateReturning(
        tx,
        `UPDATE meetings.attendees SET information_submitted = $2 WHERE id = $1
         RETURNING id, meeting_id, user_id, agency_id, status, information_submitted, confidentiality_accepted_at`,
        [a.id, input.submitted],
      );
      await this.audit.write(
        [writeEvent(ctx, 'UPDATE', 'MeetingAttendee', a.id, [], 'setInformationSubmitted')],
        tx,
      );
      return rows[0]!;
    });
    return attendeeModel(row);
  }

  /** The caller accepts the meeting's confidentiality statement (only for themselves, once). */
  async acceptConfidentiality(ctx: MeetingsContext, meetingId: string) {
    const m = await this.visibleMeeting(ctx, meetingId);
    const s = await this.standing(ctx, m);
    if (!s.attendee) throw forbidden('Only an invited attendee can accept the confidentiality statement');
    if (m.status === 'CANCELLED') throw badInput('The meeting was cancelled', 'meetingId');
    const row = await this.write(async (tx) => {
      const rows: AttendeeRow[] = await updateReturning(
        tx,
        `UPDATE meetings.attendees SET confidentiality_accepted_at = coalesce(confidentiality_accepted_at, now())
          WHERE id = $1
         RETURNING id, meeting_id, user_id, agency_id, status, information_submitted, confidentiality_accepted_at`,
        [s.attendee!.id],
      );
      await this.audit.write(
        [writeEvent(ctx, 'UPDATE', 'MeetingAttendee', s.attendee!.id, [], 'acceptConfidentiality')],
        tx,
      );
      return rows[0]!;
    });
    this.standings.get(ctx)?.delete(m.id);
    return attendeeModel(row);
  }

  // ---------------------------------------------------------------- agenda

  async addItem(
    ctx: MeetingsContext,
    input: {
      meetingId: string;
      kind: AgendaItemKind;
      caseId?: string | null;
      durationMinutes: number;
      title?: string | null;
    },
  ): Promise<AgendaEntry> {
    const current = await this.visibleMeeting(ctx, input.meetingId);
    this.requireOfficer(ctx, current.clinic_id, 'build the agenda');
    const status = current.status as MeetingStatus;
    const caseItem = CASE_ITEM_KINDS.includes(input.kind);
    if (!BEFORE_MEETING.has(status) && status !== 'IN_PROGRESS')
      throw badInput('Items can no longer be added to this meeting', 'meetingId');
    if (status !== 'SCHEDULED' && !['URGENT', 'AOB'].includes(input.kind))
      throw badInput('After publication only urgent items and AOB can be added', 'kind');
    if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 480)
      throw badInput('durationMinutes must be 1..480', 'durationMinutes');
    const title = optionalText(input.title, 'title', 200);
    let caseId: string | null = null;
    if (caseItem) {
      if (!input.caseId) throw badInput('This kind of item needs a case', 'caseId');
      caseId = requireUuid(input.caseId, 'caseId');
      const c = await ctx.access.caseOf(caseId);
      if (!c || c.clinicId !== current.clinic_id) throw notFound('Case');
      if (c.closed) throw badInput('The case is closed', 'caseId');
      if (input.kind === 'NEW_REFERRAL' && current.kind === 'SCHEDULED') {
        const { referralDeadlineAt } = meetingDeadlines(
          current.starts_at,
          current.referral_deadline_working_days,
          current.agenda_publication_working_days,
        );
        if (this.now() > referralDeadlineAt)
          throw badInput(
            'The listing deadline for new referrals has passed; list it at the next meeting',
            'kind',
          );
      }
    } else if (input.caseId) throw badInput('This kind of item has no case', 'caseId');
    // A case item's title reaches its case; any other item is read by every attendee.
    await this.assertCleanText(ctx, caseId ? { caseIds: [caseId] } : await this.meetingReach(current), {
      title,
    });
    const id = await this.write(async (m) => {
      await m.query(`SELECT id FROM meetings.meetings WHERE id = $1 FOR UPDATE`, [current.id]);
      const dup: unknown[] = caseId
        ? await m.query(`SELECT 1 FROM meetings.agenda_items WHERE meeting_id = $1 AND case_id = $2`, [
            current.id,
            caseId,
          ])
        : [];
      if (dup.length) throw badInput('The case is already on this agenda', 'caseId');
      const rows: { id: string }[] = await m.query(
        `INSERT INTO meetings.agenda_items (meeting_id, case_id, kind, position, duration_minutes, title, listed_by_user_id)
         SELECT $1, $2, $3, coalesce(max(position), 0) + 1, $4, $5, $6 FROM meetings.agenda_items WHERE meeting_id = $1
         RETURNING id`,
        [current.id, caseId, input.kind, input.durationMinutes, title, ctx.actor.userId],
      );
      await this.audit.write(
        [writeEvent(ctx, 'CREATE', 'AgendaItem', rows[0]!.id, ['D19'], 'addAgendaItem', { caseId })],
        m,
      );
      // An urgent case item on an agenda already published lists the case now.
      if (caseId && status !== 'SCHEDULED')
        await writeCaseItemEvent(m, this.outbox, ctx, current, EVENT_TYPES.caseListed, {
          id: rows[0]!.id,
          caseId,
        });
      return rows[0]!.id;
    });
    return (await this.agenda(ctx, current.id, id))[0]!;
  }

  /** Moves an item to a position, shifting the others (positions stay 1..n). */
  async moveItem(
    ctx: MeetingsContext,
    input: { agendaItemId: string; position: number },
  ): Promise<AgendaEntry[]> {
    const { m } = await this.visibleItem(ctx, input.agendaItemId);
    this.requireOfficer(ctx, m.clinic_id, 'order the agenda');
    if (!BEFORE_MEETING.has(m.status as MeetingStatus) && m.status !== 'IN_PROGRESS')
      throw badInput('The agenda can no longer change', 'agendaItemId');
    await this.write(async (tx) => {
      await tx.query(`SELECT id FROM meetings.meetings WHERE id = $1 FOR UPDATE`, [m.id]);
      const items = await itemsOf(tx, m.id);
      const moving = items.find((i) => i.id === input.agendaItemId)!;
      const rest = items.filter((i) => i.id !== moving.id);
      const to = Math.min(Math.max(input.position, 1), items.length);
      rest.splice(to - 1, 0, moving);
      for (const [i, item] of rest.entries())
        if (item.position !== i + 1)
          await tx.query(`UPDATE meetings.agenda_items SET position = $2, updated_at = now() WHERE id = $1`, [
            item.id,
            i + 1,
          ]);
      await this.audit.write([writeEvent(ctx, 'UPDATE', 'Meeting', m.id, [], 'moveAgendaItem')], tx);
    });
    return this.agenda(ctx, m.id);
  }

  /**
   * Removes an item from an agenda that is not yet published (the coordinator's working list,
   * docs/meeting-access.md): no agency has been told the case is listed, so no case event is owed.
   * Once published, or once anything was contributed, recommended or added to it, an item is
   * deferred with a reason instead, so that the record of what the clinic was told stays.
   */
  async removeItem(
    ctx: MeetingsContext,
    input: { agendaItemId: string; version: number },
  ): Promise<AgendaEntry[]> {
    const { m, item } = await this.visibleItem(ctx, input.agendaItemId);
    this.requireOfficer(ctx, m.clinic_id, 'remove an item');
    if (m.status !== 'SCHEDULED')
      throw badInput('The agenda is published: defer the item instead, with a reason', 'agendaItemId');
    await this.write(async (tx) => {
      await tx.query(`SELECT id FROM meetings.meetings WHERE id = $1 FOR UPDATE`, [m.id]);
      const used: { n: number }[] = await tx.query(
        `SELECT (SELECT count(*) FROM meetings.contributions WHERE agenda_item_id = $1)
              + (SELECT count(*) FROM meetings.recommendations WHERE agenda_item_id = $1)
              + (SELECT count(*) FROM meetings.minute_addenda WHERE agenda_item_id = $1) AS n`,
        [item.id],
      );
      if (Number(used[0]!.n) > 0)
        throw badInput(
          'Agencies have contributed to this item: defer it instead, with a reason',
          'agendaItemId',
        );
      await tx.query(`DELETE FROM meetings.contribution_reminders WHERE agenda_item_id = $1`, [item.id]);
      // The DELETE's own rows (TypeORM answers [rows, count] for a DELETE … RETURNING).
      const removed: unknown[] = await updateReturning(
        tx,
        `DELETE FROM meetings.agenda_items WHERE id = $1 AND version = $2 RETURNING id`,
        [item.id, input.version],
      );
      if (!removed.length) throw conflict();
      for (const [i, rest] of (await itemsOf(tx, m.id)).entries())
        if (rest.position !== i + 1)
          await tx.query(`UPDATE meetings.agenda_items SET position = $2, updated_at = now() WHERE id = $1`, [
            rest.id,
            i + 1,
          ]);
      await this.audit.write(
        [
          writeEvent(ctx, 'DELETE', 'AgendaItem', item.id, ['D19'], 'removeAgendaItem', {
            caseId: item.case_id,
          }),
        ],
        tx,
      );
    });
    return this.agenda(ctx, m.id);
  }

  async deferItem(
    ctx: MeetingsContext,
    input: { agendaItemId: string; version: number; reason: string; note?: string | null },
  ): Promise<AgendaEntry> {
    const { m, item } = await this.visibleItem(ctx, input.agendaItemId);
    this.requireOfficer(ctx, m.clinic_id, 'defer an item');
    if (!BEFORE_MEETING.has(m.status as MeetingStatus) && m.status !== 'IN_PROGRESS')
      throw badInput('Items of this meeting can no longer be deferred', 'agendaItemId');
    const note = optionalText(input.note, 'note', 2000);
    if (input.reason === 'OTHER' && !note) throw badInput('Deferral for another reason needs a note', 'note');
    await this.assertCleanText(ctx, await this.itemReach(m, item), { note });
    await this.write(async (tx) => {
      const updated: unknown[] = await updateReturning(
        tx,
        `UPDATE meetings.agenda_items SET deferral_reason = $3, deferral_note = $4, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
        [item.id, input.version, input.reason, note],
      );
      if (!updated.length) throw conflict();
      await this.audit.write(
        [
          writeEvent(ctx, 'UPDATE', 'AgendaItem', item.id, ['D19'], 'deferAgendaItem', {
            caseId: item.case_id,
          }),
        ],
        tx,
      );
    });
    return (await this.agenda(ctx, m.id, item.id))[0]!;
  }

  // ---------------------------------------------------------------- minutes

  /**
   * Free text that other agencies read goes through the one free-text rule (the cases service's
   * check, docs/free-text.md) against every case it can reach, before it is stored. Which fields
   * are checked is FREE_TEXT_FIELDS (libs/contracts); a new field must be classified there.
   */
  async assertCleanText(
    ctx: MeetingsContext,
    reach: TextReach,
    texts: Record<string, string | null | undefined>,
    kind: 'prose' | 'venue' = 'prose',
  ): Promise<void> {
    const caseIds = [...new Set(reach.caseIds.filter((c): c is string => !!c))];
    if (!this.freeText || (!caseIds.length && !reach.clinicId)) return;
    for (const [field, text] of Object.entries(texts))
      if (text?.trim())
        await this.freeText.assertClean({
          userId: ctx.actor.userId,
          requestId: ctx.actor.requestId,
          caseIds,
          clinicId: reach.clinicId ?? null,
          field,
          text,
          kind,
        });
  }

  /** An item's text reaches its case; an item without one is read by every attendee. */
  async itemReach(m: MeetingRow, item: AgendaItemRow): Promise<TextReach> {
    return item.case_id ? { caseIds: [item.case_id] } : this.meetingReach(m);
  }

  /** What a meeting-wide text can reach: every case on its agenda and the clinic's open cases. */
  async meetingReach(m: MeetingRow, db: DataSource | EntityManager = this.ds): Promise<TextReach> {
    return { caseIds: (await itemsOf(db, m.id)).map((i) => i.case_id), clinicId: m.clinic_id };
  }

  /** The coordinator (or chair) drafts an item's minutes, summary line and next review date. */
  async draftMinutes(
    ctx: MeetingsContext,
    input: {
      agendaItemId: string;
      version: number;
      minutes?: string | null;
      summary?: string | null;
      nextReviewOn?: string | null;
    },
  ): Promise<AgendaEntry> {
    const { m, item } = await this.visibleItem(ctx, input.agendaItemId);
    this.requireOfficer(ctx, m.clinic_id, 'draft minutes');
    if (m.status === 'MINUTES_APPROVED')
      throw badInput('Approved minutes are immutable; add an addendum', 'agendaItemId');
    if (m.status !== 'IN_PROGRESS' && m.status !== 'MINUTES_DRAFT')
      throw badInput('Minutes are drafted during and after the meeting', 'agendaItemId');
    const minutes = optionalText(input.minutes, 'minutes', 20000);
    const summary = optionalText(input.summary, 'summary', 4000);
    if (input.nextReviewOn != null && !/^\d{4}-\d{2}-\d{2}$/.test(input.nextReviewOn))
      throw badInput('nextReviewOn must be a date (YYYY-MM-DD)', 'nextReviewOn');
    checkNextReviewOn(input.nextReviewOn, m.starts_at, this.now());
    if (input.nextReviewOn && !item.case_id)
      throw badInput('Only a case item has a next review date', 'nextReviewOn');
    await this.assertCleanText(ctx, await this.itemReach(m, item), { minutes, summary });
    await this.write(async (tx) => {
      const updated: unknown[] = await updateReturning(
        tx,
        `UPDATE meetings.agenda_items SET minutes = $3, summary = $4, next_review_on = $5::date, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2
            AND EXISTS (SELECT 1 FROM meetings.meetings WHERE id = $6 AND status IN ('IN_PROGRESS', 'MINUTES_DRAFT'))
          RETURNING id`,
        [item.id, input.version, minutes, summary, input.nextReviewOn ?? null, m.id],
      );
      if (!updated.length) throw conflict();
      await this.audit.write(
        [writeEvent(ctx, 'UPDATE', 'AgendaItem', item.id, ['D19'], 'draftMinutes', { caseId: item.case_id })],
        tx,
      );
    });
    return (await this.agenda(ctx, m.id, item.id))[0]!;
  }

  async setExecutiveSummary(
    ctx: MeetingsContext,
    input: { meetingId: string; version: number; overview: string },
  ) {
    const m = await this.visibleMeeting(ctx, input.meetingId);
    this.requireOfficer(ctx, m.clinic_id, 'draft the executive summary');
    if (m.status === 'MINUTES_APPROVED')
      throw badInput('Approved minutes are immutable; add an addendum', 'meetingId');
    if (m.status !== 'IN_PROGRESS' && m.status !== 'MINUTES_DRAFT')
      throw badInput('The executive summary is drafted during and after the meeting', 'meetingId');
    const overview = optionalText(input.overview, 'overview', 20000);
    // The overview spans the meeting's cases: it may carry none of their victims' locations.
    await this.assertCleanText(ctx, await this.meetingReach(m), { overview });
    await this.write(async (tx) => {
      const updated: unknown[] = await updateReturning(
        tx,
        `UPDATE meetings.meetings SET executive_summary = $3, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 AND status IN ('IN_PROGRESS', 'MINUTES_DRAFT') RETURNING id`,
        [m.id, input.version, overview],
      );
      if (!updated.length) throw conflict();
      await this.audit.write(
        [writeEvent(ctx, 'UPDATE', 'Meeting', m.id, ['D19'], 'setExecutiveSummary')],
        tx,
      );
    });
    return this.toModel((await findMeeting(this.ds, m.id))!);
  }

  /** Corrections to approved minutes: an addendum with author and reason (chair or coordinator). */
  async addAddendum(
    ctx: MeetingsContext,
    input: { agendaItemId: string; reason: string; text: string },
  ): Promise<Record<string, unknown>> {
    const { m, item, view } = await this.visibleItem(ctx, input.agendaItemId);
    this.requireOfficer(ctx, m.clinic_id, 'add an addendum');
    if (m.status !== 'MINUTES_APPROVED')
      throw badInput('Addenda correct approved minutes; edit the draft instead', 'agendaItemId');
    const reason = requireText(input.reason, 'reason', 2000);
    const text = requireText(input.text, 'text', 20000);
    await this.assertCleanText(ctx, await this.itemReach(m, item), { text, reason });
    const row = await this.write(async (tx) => {
      const rows: AddendumRow[] = await tx.query(
        `INSERT INTO meetings.minute_addenda (meeting_id, agenda_item_id, author_user_id, author_agency_id, reason, text)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, author_user_id, author_agency_id, reason, text, created_at`,
        [m.id, item.id, ctx.actor.userId, ctx.actor.agencyId, reason, text],
      );
      await this.audit.write(
        [
          writeEvent(ctx, 'CREATE', 'MinuteAddendum', rows[0]!.id, ['D19'], 'addAddendum', {
            caseId: item.case_id,
          }),
        ],
        tx,
      );
      return rows[0]!;
    });
    return addendumModel(row, view);
  }

  async addendaOf(itemId: string, view: AccessView) {
    const rows: AddendumRow[] = await this.ds.query(
      `SELECT id, author_user_id, author_agency_id, reason, text, created_at FROM meetings.minute_addenda
        WHERE agenda_item_id = $1 ORDER BY created_at, id`,
      [itemId],
    );
    return rows.map((r) => addendumModel(r, view));
  }

  // ---------------------------------------------------------------- contributions (D20)

  /** The contribution's view: own agency and the chair before the meeting, then the item's readers. */
  private async contributionView(
    ctx: MeetingsContext,
    m: MeetingRow,
    item: AgendaItemRow,
    agencyId: string,
    id: string,
  ): Promise<AccessView | null> {
    if (!item.case_id) return null;
    const released = !BEFORE_MEETING.has(m.status as MeetingStatus) && m.status !== 'CANCELLED';
    const own = agencyId === ctx.actor.agencyId;
    if (!own) {
      // After the meeting: only readers who see the item itself (attendees of that item).
      if (released && !(await this.itemView(ctx, m, item))) return null;
      if (!released && !ctx.access.isChair(m.clinic_id)) return null;
    }
    const ok = await ctx.access.canRecord('read', item.case_id, {
      category: 'D20',
      authorAgencyId: agencyId,
      released,
    });
    if (!ok) return null;
    return {
      fields: new Set<FieldKey>(['D20']),
      entityType: 'AgencyContribution',
      entityId: id,
      caseId: item.case_id,
      ownerAgencyId: agencyId,
    };
  }

  async contributionsOf(ctx: MeetingsContext, m: MeetingRow, item: AgendaItemRow) {
    const rows: ContributionRow[] = await this.ds.query(
      `SELECT id, agency_id, author_user_id, text, submitted_at, version FROM meetings.contributions
        WHERE agenda_item_id = $1 ORDER BY submitted_at, id`,
      [item.id],
    );
    const out: Record<string, unknown>[] = [];
    for (const r of rows) {
      const view = await this.contributionView(ctx, m, item, r.agency_id, r.id);
      if (view) out.push(contributionModel(r, view));
    }
    return out;
  }

  /** Per participating agency: submitted, or missing once the agenda publication deadline has passed. */
  async contributionStatus(m: MeetingRow, item: AgendaItemRow) {
    if (!item.case_id) return [];
    const rows: { agency_id: string; submitted: boolean }[] = await this.ds.query(
      `SELECT p.agency_id, EXISTS (SELECT 1 FROM meetings.contributions c WHERE c.agenda_item_id = $2 AND c.agency_id = p.agency_id) AS submitted
         FROM meetings.case_participation p WHERE p.case_id = $1 AND p.active ORDER BY p.agency_id`,
      [item.case_id, item.id],
    );
    const { agendaPublicationDueAt } = meetingDeadlines(
      m.starts_at,
      m.referral_deadline_working_days,
      m.agenda_publication_working_days,
    );
    const late = this.now() > agendaPublicationDueAt && !item.deferral_reason;
    return rows.map((r) => ({
      agencyId: r.agency_id,
      submitted: r.submitted,
      missing: !r.submitted && late,
    }));
  }

  /** An agency submits (or replaces) its contribution to an item before the meeting. */
  async submitContribution(ctx: MeetingsContext, input: { agendaItemId: string; text: string }) {
    requireUuid(input.agendaItemId, 'agendaItemId');
    const item = await findItem(this.ds, input.agendaItemId);
    const m = item ? await findMeeting(this.ds, item.meeting_id) : null;
    if (!item || !m || !item.case_id || !(await this.standing(ctx, m)).visible) throw notFound('Agenda item');
    if (!BEFORE_MEETING.has(m.status as MeetingStatus))
      throw badInput('Contributions close when the meeting starts', 'agendaItemId');
    const ok = await ctx.access.canRecord('create', item.case_id, {
      category: 'D20',
      authorAgencyId: ctx.actor.agencyId,
      released: false,
    });
    if (!ok) throw forbidden('Not permitted to contribute to this item');
    const text = requireText(input.text, 'text', 20000);
    await this.assertCleanText(ctx, { caseIds: [item.case_id] }, { text });
    const row = await this.write(async (tx) => {
      const rows: ContributionRow[] = await tx.query(
        `INSERT INTO meetings.contributions (agenda_item_id, case_id, agency_id, author_user_id, text)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (agenda_item_id, agency_id) DO UPDATE SET text = EXCLUDED.text, author_user_id = EXCLUDED.author_user_id,
           version = meetings.contributions.version + 1, updated_at = now()
         RETURNING id, agency_id, author_user_id, text, submitted_at, version`,
        [item.id, item.case_id, ctx.actor.agencyId, ctx.actor.userId, text],
      );
      await this.audit.write(
        [
          writeEvent(ctx, 'CREATE', 'AgencyContribution', rows[0]!.id, ['D20'], 'submitContribution', {
            caseId: item.case_id,
            ownerAgencyId: ctx.actor.agencyId,
          }),
        ],
        tx,
      );
      return rows[0]!;
    });
    return contributionModel(row, {
      fields: new Set<FieldKey>(['D20']),
      entityType: 'AgencyContribution',
      entityId: row.id,
      caseId: item.case_id,
      ownerAgencyId: ctx.actor.agencyId,
    });
  }

  // ---------------------------------------------------------------- contribution reminders

  /**
   * Announces contributions that are due (from the listing deadline day) and missing (after the
   * agenda publication deadline), once per agenda item, participating agency and kind. Run by
   * the app's sweep next to the action reminders; idempotent, so every replica may run it.
   */
  async sweepContributions(now: Date = this.now()): Promise<number> {
    const rows: (AgendaItemRow & {
      m_starts_at: Date;
      referral_days: number;
      publication_days: number;
      clinic_id: string;
      agency_id: string;
    })[] = await this.ds.query(
      `SELECT i.id, i.meeting_id, i.case_id, m.starts_at AS m_starts_at, m.clinic_id,
              m.referral_deadline_working_days AS referral_days, m.agenda_publication_working_days AS publication_days,
              p.agency_id
         FROM meetings.agenda_items i
         JOIN meetings.meetings m ON m.id = i.meeting_id
         JOIN meetings.case_participation p ON p.case_id = i.case_id AND p.active
        WHERE m.status IN ('SCHEDULED', 'AGENDA_PUBLISHED') AND m.starts_at > $1
          AND m.starts_at < $1::timestamptz + interval '21 days'
          AND i.deferral_reason IS NULL
          AND NOT EXISTS (SELECT 1 FROM meetings.contributions c WHERE c.agenda_item_id = i.id AND c.agency_id = p.agency_id)
        ORDER BY m.starts_at, i.position, p.agency_id LIMIT 2000`,
      [now],
    );
    let written = 0;
    for (const r of rows) {
      const d = meetingDeadlines(r.m_starts_at, r.referral_days, r.publication_days);
      const kind =
        now > d.agendaPublicationDueAt ? 'MISSING' : dayOf(now) >= d.referralDeadlineOn ? 'DUE' : null;
      if (!kind) continue;
      await this.write(async (tx) => {
        const fresh: unknown[] = await tx.query(
          `INSERT INTO meetings.contribution_reminders (agenda_item_id, agency_id, kind) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING agenda_item_id`,
          [r.id, r.agency_id, kind],
        );
        if (!fresh.length) return;
        await this.outbox.write(tx, {
          type: kind === 'DUE' ? EVENT_TYPES.contributionDue : EVENT_TYPES.contributionMissing,
          aggregateType: 'AgendaItem',
          aggregateId: r.id,
          actorId: null,
          correlationId: null,
          payload: {
            meetingId: r.meeting_id,
            agendaItemId: r.id,
            caseId: r.case_id,
            clinicId: r.clinic_id,
            agencyId: r.agency_id,
            dueOn: d.agendaPublicationDueOn,
          },
        });
        written++;
      });
    }
    return written;
  }
}

interface AddendumRow {
  id: string;
  author_user_id: string;
  author_agency_id: string;
  reason: string;
  text: string;
  created_at: Date;
}
interface ContributionRow {
  id: string;
  agency_id: string;
  author_user_id: string;
  text: string;
  submitted_at: Date;
  version: number;
}

const addendumModel = (r: AddendumRow, view: AccessView) =>
  withAccess(
    {
      id: r.id,
      authorUserId: r.author_user_id,
      authorAgencyId: r.author_agency_id,
      reason: r.reason,
      text: r.text,
      createdAt: r.created_at,
    },
    { ...view, entityType: 'MinuteAddendum', entityId: r.id },
  );

const contributionModel = (r: ContributionRow, view: AccessView) =>
  withAccess(
    {
      id: r.id,
      agencyId: r.agency_id,
      authorUserId: r.author_user_id,
      text: r.text,
      submittedAt: r.submitted_at,
      version: r.version,
    },
    view,
  );

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
const STATUS_EVENTS: Partial<Record<MeetingStatus, EventType>> = {
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
