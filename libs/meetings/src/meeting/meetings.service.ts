import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EVENT_TYPES } from '@scp/contracts';
import { fromLondonWallTime, parseDay, renderInvite } from '@scp/platform-calendar';
import { grantsFor } from '@scp/platform-access';
import { withTransaction } from '@scp/platform-database';
import { badInput, conflict, forbidden } from '@scp/platform-graphql';
import {
  MEETINGS_AUDIT,
  MEETINGS_DATA_SOURCE,
  MEETINGS_INVITES,
  MEETINGS_OUTBOX,
  type AuditWriterLike,
  type InviteSettings,
  type OutboxLike,
} from '../shared/tokens.js';
import type { MeetingsContext } from '../shared/context.js';
import { writeEvent } from '../shared/audit.js';
import { FreeTextGuard, type TextReach } from '../shared/free-text.service.js';
import { optionalText, requireText, requireUuid, updateReturning } from '../shared/validation.js';
import { findMeeting, findMeetings, itemsOf, undecidedCount } from './meeting.repository.js';
import {
  BEFORE_MEETING,
  checkMeetingHasSat,
  checkRecommendationsDecided,
  meetingTransition,
  recurringDays,
  type Cadence,
  type MeetingStatus,
} from './meeting-rules.js';
import type { MeetingModel } from './meeting.model.js';
import { CASE_ITEM_EVENT_MOVES, writeCaseItemEvents } from './case-item-events.js';
import { MeetingVisibilityService } from './meeting-visibility.service.js';
import { meetingInviteOf, meetingModel, STATUS_EVENTS, writeHeaderEvent } from './meeting-views.js';
import { ContributionsService } from '../contributions/contributions.service.js';

export const DEFAULT_CONFIDENTIALITY_STATEMENT =
  'I will keep everything shared at this meeting confidential to the purposes of the clinic and my agency, and share it no further without a lawful basis.';

/**
 * Meetings themselves: which a reader may list, scheduling (one or a recurring series), the
 * status moves and rescheduling. Attendance, the agenda, minutes and contributions have their own
 * services.
 */
@Injectable()
export class MeetingsService {
  constructor(
    @Inject(MEETINGS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(MEETINGS_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(MEETINGS_OUTBOX) private readonly outbox: OutboxLike,
    @Inject(MEETINGS_INVITES) private readonly invites: InviteSettings,
    private readonly visibility: MeetingVisibilityService,
    private readonly text: FreeTextGuard,
    private readonly contributions: ContributionsService,
  ) {}

  get dataSource(): DataSource {
    return this.ds;
  }

  private get header() {
    return { outbox: this.outbox, invites: this.invites };
  }

  private toModel(m: Parameters<typeof meetingModel>[0]): MeetingModel {
    return meetingModel(m, this.visibility.now());
  }

  // ---------------------------------------------------------------- reads

  async meeting(ctx: MeetingsContext, id: string): Promise<MeetingModel> {
    return this.toModel(await this.visibility.visibleMeeting(ctx, id));
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
      if ((await this.visibility.standing(ctx, m)).visible) out.push(this.toModel(m));
    return out;
  }

  /**
   * The meeting's own calendar entry (.ics), header only: every invite carries the same neutral
   * summary, time, place and a link to sign in, never agenda or case content (and not the free
   * text title either, since invites travel by email).
   */
  async calendarInvite(ctx: MeetingsContext, meetingId: string): Promise<string> {
    const m = await this.visibility.visibleMeeting(ctx, meetingId);
    return renderInvite(meetingInviteOf(m, this.invites));
  }

  // ---------------------------------------------------------------- writes

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
    this.visibility.requireOfficer(ctx, input.clinicId, 'schedule a meeting');
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
    await this.text.assertCleanText(ctx, reach, {
      title,
      ...(input.confidentialityStatement ? { confidentialityStatement: statement } : {}),
    });
    await this.text.assertCleanText(ctx, reach, { place }, 'venue');
    const id = await withTransaction(this.ds, async (m) => {
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
      await writeHeaderEvent(m, this.header, ctx, EVENT_TYPES.meetingScheduled, meetingId);
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
    this.visibility.requireOfficer(ctx, input.clinicId, 'schedule meetings');
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
    const current = await this.visibility.visibleMeeting(ctx, input.meetingId);
    const allowed = meetingTransition(current.status as MeetingStatus, input.to);
    if (!allowed) throw badInput(`A meeting cannot move from ${current.status} to ${input.to}`, 'to');
    const roles = new Set<string>();
    if (ctx.access.isChair(current.clinic_id)) roles.add('CHAIR');
    if (ctx.access.isCoordinator(current.clinic_id)) roles.add('COORDINATOR');
    if (!allowed.some((r) => roles.has(r)))
      throw forbidden(`Not permitted to move the meeting to ${input.to}`);
    checkMeetingHasSat(input.to, current.starts_at, this.visibility.now());
    const reason = input.to === 'CANCELLED' ? requireText(input.reason, 'reason', 2000) : null;
    // Only a cancellation carries text: no agenda read for the other moves.
    if (reason) await this.text.assertCleanText(ctx, await this.text.meetingReach(current), { reason });
    await withTransaction(this.ds, async (m) => {
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
      if (statusEvent) await writeHeaderEvent(m, this.header, ctx, statusEvent, current.id);
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
    const current = await this.visibility.visibleMeeting(ctx, input.meetingId);
    this.visibility.requireOfficer(ctx, current.clinic_id, 'reschedule a meeting');
    if (!BEFORE_MEETING.has(current.status as MeetingStatus))
      throw badInput('Only a meeting that has not started can be rescheduled', 'meetingId');
    if (!(input.endsAt > input.startsAt)) throw badInput('The meeting must end after it starts', 'endsAt');
    const place = optionalText(input.place, 'place', 500);
    const link = optionalText(input.virtualLink, 'virtualLink', 2000);
    if (!place && !link) throw badInput('A meeting needs a place or a virtual link', 'place');
    await this.text.assertCleanText(ctx, await this.text.meetingReach(current), { place }, 'venue');
    await withTransaction(this.ds, async (m) => {
      const updated: unknown[] = await updateReturning(
        m,
        `UPDATE meetings.meetings SET starts_at = $3, ends_at = $4, place = $5, virtual_link = $6,
           ics_sequence = ics_sequence + 1, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING id`,
        [current.id, input.version, input.startsAt, input.endsAt, place, link],
      );
      if (!updated.length) throw conflict();
      await this.audit.write([writeEvent(ctx, 'UPDATE', 'Meeting', current.id, [], 'rescheduleMeeting')], m);
      await writeHeaderEvent(m, this.header, ctx, EVENT_TYPES.meetingRescheduled, current.id);
    });
    return this.toModel((await findMeeting(this.ds, current.id))!);
  }

  /**
   * The contribution reminder sweep, kept here for the app's sweep timer, which calls it on this
   * service (ContributionsService.sweepContributions does the work).
   */
  sweepContributions(now?: Date): Promise<number> {
    return this.contributions.sweepContributions(now);
  }
}
