import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager, FindOptionsWhere, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { EVENT_TYPES, conflict, forbidden, invalid } from '@scp/contracts';
import { fromLondonWallTime, parseDay, renderInvite } from '@scp/platform-calendar';
import { grantsFor } from '@scp/platform-access';
import { withTransaction } from '@scp/platform-database';
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
import { optionalText, requireText, requireUuid } from '../shared/validation.js';
import { findMeeting, itemsOf, undecidedCount } from './meeting.repository.js';
import { AttendeeEntity, MeetingEntity } from './meeting.entities.js';
import { AgendaItemEntity } from '../agenda/agenda.entities.js';
import { CaseParticipationEntity, ClinicReplicaEntity } from '../replica/replica.entities.js';
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

  private get header() {
    return { outbox: this.outbox, invites: this.invites };
  }

  private toModel(m: MeetingEntity): MeetingModel {
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
    const officerClinics = ctx.actor.clinicIds.filter((c) => ctx.access.isOfficer(c));
    const partner = grantsFor(ctx.access.roles, 'D19').length > 0;
    const q = this.ds.getRepository(MeetingEntity).createQueryBuilder('m');
    // Officers see their clinics' meetings, invitees theirs, partners those listing a case of theirs.
    const invited = q
      .subQuery()
      .select('1')
      .from(AttendeeEntity, 'a')
      .where('a.meetingId = m.id AND a.userId = :userId')
      .getQuery();
    let visible = `m.clinicId = ANY(:officerClinics::uuid[]) OR EXISTS ${invited}`;
    if (partner) visible += ` OR EXISTS ${listsCaseOf(q.subQuery(), 'p.agencyId = :agencyId')}`;
    q.where(`(${visible})`, {
      officerClinics,
      userId: ctx.actor.userId,
      ...(partner ? { agencyId: ctx.actor.agencyId } : {}),
    });
    if (filter.clinicId)
      q.andWhere('m.clinicId = :clinicId', { clinicId: requireUuid(filter.clinicId, 'clinicId') });
    if (filter.from) q.andWhere('m.startsAt >= :from', { from: filter.from });
    const first = Math.min(Math.max(filter.first ?? 50, 1), 200);
    const rows = await q.orderBy('m.startsAt').addOrderBy('m.id').limit(first).getMany();
    return rows.map((m) => this.toModel(m));
  }

  /** Meetings that list a case, for `Case.meetings`. */
  async meetingsOfCase(ctx: MeetingsContext, caseId: string): Promise<MeetingModel[]> {
    const q = this.ds.getRepository(MeetingEntity).createQueryBuilder('m');
    const lists = q
      .subQuery()
      .select('1')
      .from(AgendaItemEntity, 'i')
      .where('i.meetingId = m.id AND i.caseId = :caseId')
      .getQuery();
    const meetings = await q
      .where(`EXISTS ${lists}`, { caseId })
      .orderBy('m.startsAt')
      .addOrderBy('m.id')
      .getMany();
    const out: MeetingModel[] = [];
    for (const m of meetings) if ((await this.visibility.standing(ctx, m)).visible) out.push(this.toModel(m));
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
    if (!place && !link) throw invalid('A meeting needs a place or a virtual link', 'place');
    if (link && !/^https:\/\//.test(link))
      throw invalid('The virtual link must be an https URL', 'virtualLink');
    if (!(input.endsAt > input.startsAt)) throw invalid('The meeting must end after it starts', 'endsAt');
    const chair = input.chairUserId ? requireUuid(input.chairUserId, 'chairUserId') : ctx.actor.userId;
    // Deadlines default to the clinic's configuration (replicated from the cases service).
    const clinic = await this.ds.getRepository(ClinicReplicaEntity).findOneBy({ clinicId: input.clinicId });
    const referralDays = input.referralDeadlineWorkingDays ?? clinic?.referralDeadlineWorkingDays ?? 2;
    const publicationDays = input.agendaPublicationWorkingDays ?? clinic?.agendaPublicationWorkingDays ?? 1;
    for (const [n, field] of [
      [referralDays, 'referralDeadlineWorkingDays'],
      [publicationDays, 'agendaPublicationWorkingDays'],
    ] as const)
      if (!Number.isInteger(n) || n < 0 || n > 10) throw invalid(`${field} must be 0..10`, field);
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
      const meetingId = randomUUID();
      await m.getRepository(MeetingEntity).insert({
        id: meetingId,
        clinicId: input.clinicId,
        kind: input.kind,
        title,
        chairUserId: chair,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        place,
        virtualLink: link,
        referralDeadlineWorkingDays: referralDays,
        agendaPublicationWorkingDays: publicationDays,
        confidentialityStatement: statement,
        createdByUserId: ctx.actor.userId,
      });
      // A chair scheduling their own meeting is its first attendee (another chair is invited by id,
      // with their agency, like everyone else: this service does not hold the directory).
      if (chair === ctx.actor.userId)
        await m
          .getRepository(AttendeeEntity)
          .insert({ id: randomUUID(), meetingId, userId: chair, agencyId: ctx.actor.agencyId });
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
    if (!allowed) throw invalid(`A meeting cannot move from ${current.status} to ${input.to}`, 'to');
    const roles = new Set<string>();
    if (ctx.access.isChair(current.clinicId)) roles.add('CHAIR');
    if (ctx.access.isCoordinator(current.clinicId)) roles.add('COORDINATOR');
    if (!allowed.some((r) => roles.has(r)))
      throw forbidden(`Not permitted to move the meeting to ${input.to}`);
    checkMeetingHasSat(input.to, current.startsAt, this.visibility.now());
    const reason = input.to === 'CANCELLED' ? requireText(input.reason, 'reason', 2000) : null;
    // Only a cancellation carries text: no agenda read for the other moves.
    if (reason) await this.text.assertCleanText(ctx, await this.text.meetingReach(current), { reason });
    await withTransaction(this.ds, async (m) => {
      // Counted under the meeting's row lock (the status cannot change under the count).
      await findMeeting(m, current.id, true);
      checkRecommendationsDecided(input.to, await undecidedCount(m, current.id));
      await bumpMeeting(
        m,
        { id: current.id, version: input.version, status: current.status },
        {
          status: input.to,
          ...(input.to === 'CANCELLED'
            ? { cancelReason: reason, icsSequence: () => 'ics_sequence + 1' }
            : {}),
          ...(input.to === 'AGENDA_PUBLISHED' ? { agendaPublishedAt: () => 'now()' } : {}),
          ...(input.to === 'MINUTES_APPROVED'
            ? { minutesApprovedAt: () => 'now()', minutesApprovedByUserId: ctx.actor.userId }
            : {}),
        },
      );
      // Read once for every case item's event of this move (none for most moves).
      const items = CASE_ITEM_EVENT_MOVES.has(input.to) ? await itemsOf(m, current.id) : [];
      if (input.to === 'MINUTES_APPROVED') {
        // Setting the next review date updates the case: one event per reviewed case.
        for (const item of items)
          if (item.caseId && item.nextReviewOn && !item.deferralReason)
            await this.outbox.write(m, {
              type: EVENT_TYPES.nextReviewSet,
              aggregateType: 'Case',
              aggregateId: item.caseId,
              actorId: ctx.actor.userId,
              correlationId: ctx.actor.requestId,
              payload: {
                caseId: item.caseId,
                meetingId: current.id,
                agendaItemId: item.id,
                nextReviewOn: item.nextReviewOn,
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
    this.visibility.requireOfficer(ctx, current.clinicId, 'reschedule a meeting');
    if (!BEFORE_MEETING.has(current.status as MeetingStatus))
      throw invalid('Only a meeting that has not started can be rescheduled', 'meetingId');
    if (!(input.endsAt > input.startsAt)) throw invalid('The meeting must end after it starts', 'endsAt');
    const place = optionalText(input.place, 'place', 500);
    const link = optionalText(input.virtualLink, 'virtualLink', 2000);
    if (!place && !link) throw invalid('A meeting needs a place or a virtual link', 'place');
    await this.text.assertCleanText(ctx, await this.text.meetingReach(current), { place }, 'venue');
    await withTransaction(this.ds, async (m) => {
      await bumpMeeting(
        m,
        { id: current.id, version: input.version },
        {
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          place,
          virtualLink: link,
          icsSequence: () => 'ics_sequence + 1',
        },
      );
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

/** `EXISTS` operand: an agenda item of meeting `m` lists a case the participation condition holds for. */
function listsCaseOf(sub: SelectQueryBuilder<ObjectLiteral>, participation: string): string {
  return sub
    .select('1')
    .from(AgendaItemEntity, 'i')
    .innerJoin(CaseParticipationEntity, 'p', `p.caseId = i.caseId AND ${participation} AND p.active`)
    .where('i.meetingId = m.id')
    .getQuery();
}

/**
 * Changes a meeting at the version (and status) the writer read, bumping its version; CONFLICT
 * when another write came first.
 */
export async function bumpMeeting(
  tx: EntityManager,
  at: FindOptionsWhere<MeetingEntity> & Pick<MeetingEntity, 'id' | 'version'>,
  changes: QueryDeepPartialEntity<MeetingEntity>,
): Promise<void> {
  const { affected } = await tx
    .getRepository(MeetingEntity)
    .update(at, { ...changes, version: () => 'version + 1', updatedAt: () => 'now()' });
  if (!affected) throw conflict();
}
