import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, LessThanOrEqual, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { EVENT_TYPES, conflict, forbidden, invalid, notFound } from '@scp/contracts';
import { withAccess, type AccessView, type FieldKey } from '@scp/platform-access';
import { namedParams, withTransaction } from '@scp/platform-database';
import { isCalendarDate } from '@scp/platform-graphql';
import { londonDay } from '@scp/platform-calendar';
import {
  MEETINGS_AUDIT,
  MEETINGS_CLOCK,
  MEETINGS_DATA_SOURCE,
  MEETINGS_OUTBOX,
  type AuditWriterLike,
  type Clock,
  type OutboxLike,
} from '../shared/tokens.js';
import type { MeetingsContext } from '../shared/context.js';
import { writeEvent } from '../shared/audit.js';
import { optionalText, requireText, requireUuid } from '../shared/validation.js';
import { MeetingEntity } from '../meeting/meeting.entities.js';
import { RecommendationEntity } from '../recommendations/recommendations.entities.js';
import { ActionDeadlineEventEntity, ActionEntity } from './actions.entities.js';
import { recordSqlMapping } from '../access/meetings-access.js';
import { FreeTextGuard } from '../shared/free-text.service.js';
import {
  actionDates,
  checkActionTransition,
  deadlineKindsDue,
  isOverdue,
  OPEN_ACTION_STATUSES,
  weekOf,
  type ActionTransitionInput,
  type DeadlineKind,
} from './action-rules.js';

const MAPPING = recordSqlMapping({
  caseColumn: 'a.case_id',
  clinicColumn: 'a.clinic_id',
  authorColumn: 'a.owner_agency_id',
  category: 'D18',
});

export type ActionListView = 'OPEN' | 'OVERDUE' | 'DUE_THIS_WEEK' | 'ALL';

const DEADLINE_EVENT = {
  DUE_SOON: EVENT_TYPES.actionDueSoon,
  DUE: EVENT_TYPES.actionDue,
  OVERDUE: EVENT_TYPES.actionOverdue,
  ESCALATED: EVENT_TYPES.actionEscalated,
} as const;

/**
 * Agreed actions (D18): created by the chair from a recommendation or standalone, owned by one
 * agency; the owner agency moves them through the state machine (action-rules.ts), the chair may
 * end one with a reason and alone may cancel. Every change writes `action.status-changed` to the
 * outbox (the cases service keeps its open-actions replica from it; notifications consume it too).
 */
@Injectable()
export class ActionsService {
  constructor(
    @Inject(MEETINGS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(MEETINGS_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(MEETINGS_OUTBOX) private readonly outbox: OutboxLike,
    @Inject(MEETINGS_CLOCK) private readonly clock: Clock,
    private readonly text: FreeTextGuard,
  ) {}

  model(r: ActionEntity) {
    const dates = actionDates(r.dueOn);
    const view: AccessView = {
      fields: new Set<FieldKey>(['D18']),
      entityType: 'AgreedAction',
      entityId: r.id,
      caseId: r.caseId,
      ownerAgencyId: r.ownerAgencyId,
    };
    return withAccess(
      {
        id: r.id,
        caseId: r.caseId,
        meetingId: r.meetingId,
        recommendationId: r.recommendationId,
        title: r.title,
        ownerAgencyId: r.ownerAgencyId,
        ownerUserId: r.ownerUserId,
        dueOn: r.dueOn,
        priority: r.priority,
        status: r.status,
        overdue: isOverdue(r.status, r.dueOn, this.clock()),
        reminderOn: dates.reminderOn,
        escalationOn: dates.escalationOn,
        completionNote: r.completionNote,
        notCompletedReason: r.notCompletedReason,
        endNote: r.endNote,
        chairReason: r.chairReason,
        endedByUserId: r.endedByUserId,
        endedAt: r.endedAt,
        version: r.version,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
      },
      view,
    );
  }

  /** Actions the reader may see (SQL scope from the ability), narrowed by `filter`. */
  private async list(
    ctx: MeetingsContext,
    filter: (q: SelectQueryBuilder<ActionEntity>) => unknown,
    limit = 200,
  ) {
    const params: unknown[] = [];
    const scope = namedParams(await ctx.access.recordScope(MAPPING, params), params, 'scope');
    const q = this.ds
      .getRepository(ActionEntity)
      .createQueryBuilder('a')
      .where(`(${scope.sql})`, scope.parameters);
    filter(q);
    const rows = await q.orderBy('a.dueOn').addOrderBy('a.id').limit(limit).getMany();
    return rows.map((r) => this.model(r));
  }

  /** The list view's condition: open, overdue, due this week, or all. */
  private viewCondition(view: ActionListView, q: SelectQueryBuilder<ActionEntity>): void {
    const today = londonDay(this.clock());
    if (view === 'ALL') return;
    q.andWhere('a.status IN (:...open)', { open: [...OPEN_ACTION_STATUSES] });
    if (view === 'OPEN') return;
    if (view === 'OVERDUE') {
      q.andWhere('a.dueOn < :today', { today });
      return;
    }
    const week = weekOf(this.clock());
    q.andWhere('a.dueOn BETWEEN :from AND :to', { from: week.from, to: week.to });
  }

  /** "My agency's actions": owned by the reader's agency (what police track). */
  async myAgencyActions(ctx: MeetingsContext, view: ActionListView) {
    return this.list(ctx, (q) =>
      this.viewCondition(view, q.andWhere('a.ownerAgencyId = :agencyId', { agencyId: ctx.actor.agencyId })),
    );
  }

  /** A clinic's actions, for its chair and coordinator chasing them. */
  async clinicActions(ctx: MeetingsContext, clinicId: string, view: ActionListView) {
    requireUuid(clinicId, 'clinicId');
    if (!ctx.access.may('LIST_CLINIC_ACTIONS', { clinicId }))
      throw forbidden("Only the clinic's chair or coordinator lists its actions");
    return this.list(ctx, (q) =>
      this.viewCondition(view, q.andWhere('a.clinicId = :clinicId', { clinicId })),
    );
  }

  async ofCase(ctx: MeetingsContext, caseId: string) {
    return this.list(ctx, (q) => q.andWhere('a.caseId = :caseId', { caseId }));
  }

  async ofMeetingCase(ctx: MeetingsContext, meetingId: string, caseId: string) {
    return this.list(ctx, (q) =>
      q.andWhere('a.meetingId = :meetingId AND a.caseId = :caseId', { meetingId, caseId }),
    );
  }

  async action(ctx: MeetingsContext, id: string) {
    requireUuid(id, 'actionId');
    const found = await this.list(ctx, (q) => q.andWhere('a.id = :id', { id }), 1);
    if (!found.length) throw notFound('Action');
    return found[0]!;
  }

  private async row(db: DataSource | EntityManager, id: string): Promise<ActionEntity | null> {
    return db.getRepository(ActionEntity).findOneBy({ id });
  }

  private async announce(
    m: EntityManager,
    ctx: MeetingsContext | null,
    r: ActionEntity,
    type: (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES],
  ) {
    await this.outbox.write(m, {
      type,
      aggregateType: 'AgreedAction',
      aggregateId: r.id,
      actorId: ctx?.actor.userId ?? null,
      correlationId: ctx?.actor.requestId ?? null,
      payload: {
        actionId: r.id,
        caseId: r.caseId,
        clinicId: r.clinicId,
        status: r.status,
        ownerAgencyId: r.ownerAgencyId,
        ownerUserId: r.ownerUserId,
        dueOn: r.dueOn,
      },
    });
  }

  async create(
    ctx: MeetingsContext,
    input: {
      caseId: string;
      meetingId?: string | null;
      recommendationId?: string | null;
      title: string;
      ownerAgencyId: string;
      ownerUserId?: string | null;
      dueOn: string;
      priority: string;
    },
  ) {
    requireUuid(input.caseId, 'caseId');
    requireUuid(input.ownerAgencyId, 'ownerAgencyId');
    const c = await ctx.access.caseOf(input.caseId);
    if (!c || !(await ctx.access.participates(input.caseId))) throw notFound('Case');
    if (!ctx.access.may('CREATE_AGREED_ACTION', { clinicId: c.clinicId }))
      throw forbidden('Only the chair creates agreed actions');
    if (c.closed) throw invalid('The case is closed', 'caseId');
    if (!c.participantAgencyIds.includes(input.ownerAgencyId))
      throw invalid('The owner agency must participate in the case', 'ownerAgencyId');
    if (!isCalendarDate(input.dueOn)) throw invalid('dueOn must be a date (YYYY-MM-DD)', 'dueOn');
    if (input.dueOn < londonDay(this.clock())) throw invalid('The due date is in the past', 'dueOn');
    const title = requireText(input.title, 'title', 1000);
    // Every participating agency reads the action: its title is checked like minutes.
    await this.text.assertCleanText(ctx, { caseIds: [c.id] }, { title });
    let meetingId = input.meetingId ? requireUuid(input.meetingId, 'meetingId') : null;
    const recommendationId = input.recommendationId
      ? requireUuid(input.recommendationId, 'recommendationId')
      : null;
    if (recommendationId) {
      const rec = await this.ds.getRepository(RecommendationEntity).findOne({
        select: { caseId: true, meetingId: true, status: true },
        where: { id: recommendationId },
      });
      if (!rec || rec.caseId !== c.id)
        throw invalid('The recommendation is not of this case', 'recommendationId');
      if (rec.status !== 'AGREED')
        throw invalid('Actions come from agreed recommendations', 'recommendationId');
      meetingId ??= rec.meetingId;
    }
    if (meetingId) {
      const meeting = await this.ds
        .getRepository(MeetingEntity)
        .findOne({ select: { clinicId: true }, where: { id: meetingId } });
      if (meeting?.clinicId !== c.clinicId) throw invalid('The meeting is not of this clinic', 'meetingId');
    }
    const ownerUser = input.ownerUserId ? requireUuid(input.ownerUserId, 'ownerUserId') : null;
    const id = await withTransaction(this.ds, async (m) => {
      const actionId = randomUUID();
      await m.getRepository(ActionEntity).insert({
        id: actionId,
        caseId: c.id,
        clinicId: c.clinicId,
        meetingId,
        recommendationId,
        title,
        ownerAgencyId: input.ownerAgencyId,
        ownerUserId: ownerUser,
        dueOn: input.dueOn,
        priority: input.priority,
        createdByUserId: ctx.actor.userId,
      });
      const r = (await this.row(m, actionId))!;
      await this.announce(m, ctx, r, EVENT_TYPES.actionAssigned);
      await this.announce(m, ctx, r, EVENT_TYPES.actionStatusChanged);
      await this.audit.write(
        [
          writeEvent(ctx, 'CREATE', 'AgreedAction', r.id, ['D18'], 'createAction', {
            caseId: c.id,
            ownerAgencyId: r.ownerAgencyId,
          }),
        ],
        m,
      );
      return r.id;
    });
    return this.model((await this.row(this.ds, id))!);
  }

  /** An action the reader may see, else NOT_FOUND; plus who they are to it. */
  private async forWrite(ctx: MeetingsContext, id: string) {
    await this.action(ctx, id);
    const r = (await this.row(this.ds, id))!;
    const owner =
      r.ownerAgencyId === ctx.actor.agencyId &&
      (await ctx.access.canRecord('update', r.caseId, {
        category: 'D18',
        authorAgencyId: r.ownerAgencyId,
      }));
    return { r, who: { owner, chair: ctx.access.isChair(r.clinicId) } };
  }

  async changeStatus(
    ctx: MeetingsContext,
    input: ActionTransitionInput & { actionId: string; version: number },
  ) {
    const { r, who } = await this.forWrite(ctx, input.actionId);
    checkActionTransition(r.status, input, who);
    const note = optionalText(input.note, 'note', 4000);
    const chairReason = optionalText(input.chairReason, 'chairReason', 2000);
    await this.text.assertCleanText(ctx, { caseIds: [r.caseId] }, { note, chairReason });
    const ending = input.to !== 'IN_PROGRESS';
    await withTransaction(this.ds, async (m) => {
      const updated = await m.getRepository(ActionEntity).update(
        { id: r.id, version: input.version, status: r.status },
        {
          status: input.to,
          version: () => 'version + 1',
          updatedAt: () => 'now()',
          ...(input.to === 'COMPLETED' ? { completionNote: note } : {}),
          ...(input.to === 'NOT_COMPLETED' || input.to === 'CANCELLED' ? { endNote: note } : {}),
          ...(input.to === 'NOT_COMPLETED' ? { notCompletedReason: input.notCompletedReason ?? null } : {}),
          ...(chairReason !== null ? { chairReason } : {}),
          ...(ending ? { endedAt: () => 'now()', endedByUserId: ctx.actor.userId } : {}),
        },
      );
      if (!updated.affected) throw conflict();
      const after = (await this.row(m, r.id))!;
      await this.announce(m, ctx, after, EVENT_TYPES.actionStatusChanged);
      await this.audit.write(
        [
          writeEvent(ctx, 'UPDATE', 'AgreedAction', r.id, ['D18'], `action:${input.to}`, {
            caseId: r.caseId,
            ownerAgencyId: r.ownerAgencyId,
          }),
        ],
        m,
      );
    });
    return this.model((await this.row(this.ds, r.id))!);
  }

  /** The chair reassigns an open action (owner agency, owner user, due date). */
  async reassign(
    ctx: MeetingsContext,
    input: {
      actionId: string;
      version: number;
      ownerAgencyId: string;
      ownerUserId?: string | null;
      dueOn?: string | null;
    },
  ) {
    const { r, who } = await this.forWrite(ctx, input.actionId);
    if (!who.chair) throw forbidden('Only the chair reassigns an action');
    if (!OPEN_ACTION_STATUSES.includes(r.status)) throw invalid('The action has ended', 'actionId');
    requireUuid(input.ownerAgencyId, 'ownerAgencyId');
    const c = await ctx.access.caseOf(r.caseId);
    if (!c?.participantAgencyIds.includes(input.ownerAgencyId))
      throw invalid('The owner agency must participate in the case', 'ownerAgencyId');
    if (input.dueOn != null && !isCalendarDate(input.dueOn)) throw invalid('dueOn must be a date', 'dueOn');
    await withTransaction(this.ds, async (m) => {
      const updated = await m.getRepository(ActionEntity).update(
        { id: r.id, version: input.version },
        {
          ownerAgencyId: input.ownerAgencyId,
          ownerUserId: input.ownerUserId ?? null,
          ...(input.dueOn != null ? { dueOn: input.dueOn } : {}),
          version: () => 'version + 1',
          updatedAt: () => 'now()',
        },
      );
      if (!updated.affected) throw conflict();
      const after = (await this.row(m, r.id))!;
      await this.announce(m, ctx, after, EVENT_TYPES.actionAssigned);
      await this.audit.write(
        [
          writeEvent(ctx, 'UPDATE', 'AgreedAction', r.id, ['D18'], 'reassignAction', {
            caseId: r.caseId,
            ownerAgencyId: after.ownerAgencyId,
          }),
        ],
        m,
      );
    });
    return this.model((await this.row(this.ds, r.id))!);
  }

  /**
   * Writes the reminder and escalation events that are due for open actions (3 working days
   * before, on the day, the day after, escalation to the chair the working day after), each at
   * most once per action and due date. Run by the app's job scheduler; safe to re-run any time.
   * Returns the number of events written.
   */
  async sweepDeadlines(now: Date = this.clock()): Promise<number> {
    const today = londonDay(now);
    const horizon = new Date(now.getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    const rows = await this.ds.getRepository(ActionEntity).find({
      where: { status: In(['OPEN', 'IN_PROGRESS']), dueOn: LessThanOrEqual(horizon) },
      order: { dueOn: 'ASC', id: 'ASC' },
      take: 1000,
    });
    let written = 0;
    for (const r of rows) {
      const kinds = deadlineKindsDue(r.dueOn, today);
      if (!kinds.length) continue;
      await withTransaction(this.ds, async (m) => {
        for (const kind of kinds as DeadlineKind[]) {
          // Once per action, kind and due date: an event already announced inserts nothing.
          const fresh = await m
            .createQueryBuilder()
            .insert()
            .into(ActionDeadlineEventEntity)
            .values({ actionId: r.id, kind, dueOn: r.dueOn })
            .orIgnore()
            .returning('action_id')
            .execute();
          if (!(fresh.raw as unknown[]).length) continue;
          await this.announce(m, null, r, DEADLINE_EVENT[kind]);
          written++;
        }
      });
    }
    return written;
  }
}
