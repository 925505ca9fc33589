import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_TYPES } from '@scp/contracts';
import { withAccess, type AccessView, type FieldKey } from '@scp/platform-access';
import { withTransaction } from '@scp/platform-database';
import { badInput, conflict, forbidden, isCalendarDate, notFound } from '@scp/platform-graphql';
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
import { optionalText, requireText, requireUuid, updateReturning } from '../shared/validation.js';
import { recordSqlMapping } from '../access/meetings-access.js';
import { FreeTextGuard } from '../shared/free-text.service.js';
import {
  actionDates,
  checkActionTransition,
  deadlineKindsDue,
  isOverdue,
  OPEN_ACTION_STATUSES,
  weekOf,
  type ActionStatus,
  type ActionTransitionInput,
  type DeadlineKind,
} from './action-rules.js';

export interface ActionRow {
  id: string;
  case_id: string;
  clinic_id: string;
  meeting_id: string | null;
  recommendation_id: string | null;
  title: string;
  owner_agency_id: string;
  owner_user_id: string | null;
  due_on: string;
  priority: string;
  status: ActionStatus;
  completion_note: string | null;
  not_completed_reason: string | null;
  end_note: string | null;
  chair_reason: string | null;
  ended_by_user_id: string | null;
  ended_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}
const COLUMNS = `a.id, a.case_id, a.clinic_id, a.meeting_id, a.recommendation_id, a.title, a.owner_agency_id, a.owner_user_id,
  to_char(a.due_on, 'YYYY-MM-DD') AS due_on, a.priority, a.status, a.completion_note, a.not_completed_reason, a.end_note,
  a.chair_reason, a.ended_by_user_id, a.ended_at, a.version, a.created_at, a.updated_at`;

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

  model(r: ActionRow) {
    const dates = actionDates(r.due_on);
    const view: AccessView = {
      fields: new Set<FieldKey>(['D18']),
      entityType: 'AgreedAction',
      entityId: r.id,
      caseId: r.case_id,
      ownerAgencyId: r.owner_agency_id,
    };
    return withAccess(
      {
        id: r.id,
        caseId: r.case_id,
        meetingId: r.meeting_id,
        recommendationId: r.recommendation_id,
        title: r.title,
        ownerAgencyId: r.owner_agency_id,
        ownerUserId: r.owner_user_id,
        dueOn: r.due_on,
        priority: r.priority,
        status: r.status,
        overdue: isOverdue(r.status, r.due_on, this.clock()),
        reminderOn: dates.reminderOn,
        escalationOn: dates.escalationOn,
        completionNote: r.completion_note,
        notCompletedReason: r.not_completed_reason,
        endNote: r.end_note,
        chairReason: r.chair_reason,
        endedByUserId: r.ended_by_user_id,
        endedAt: r.ended_at,
        version: r.version,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
      view,
    );
  }

  /** Actions the reader may see (SQL scope from the ability), with extra conditions. */
  private async list(ctx: MeetingsContext, extra: string, extraParams: unknown[], limit = 200) {
    const params: unknown[] = [...extraParams];
    const scope = await ctx.access.recordScope(MAPPING, params);
    const rows: ActionRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM meetings.actions a WHERE ${scope}${extra ? ` AND ${extra}` : ''}
        ORDER BY a.due_on, a.id LIMIT ${limit}`,
      params,
    );
    return rows.map((r) => this.model(r));
  }

  private viewCondition(view: ActionListView, params: unknown[]): string {
    const today = londonDay(this.clock());
    if (view === 'ALL') return '';
    params.push([...OPEN_ACTION_STATUSES]);
    const open = `a.status = ANY($${params.length}::text[])`;
    if (view === 'OPEN') return open;
    if (view === 'OVERDUE') {
      params.push(today);
      return `${open} AND a.due_on < $${params.length}::date`;
    }
    const week = weekOf(this.clock());
    params.push(week.from, week.to);
    return `${open} AND a.due_on BETWEEN $${params.length - 1}::date AND $${params.length}::date`;
  }

  /** "My agency's actions": owned by the reader's agency (what police track). */
  async myAgencyActions(ctx: MeetingsContext, view: ActionListView) {
    const params: unknown[] = [ctx.actor.agencyId];
    const cond = this.viewCondition(view, params);
    return this.list(ctx, `a.owner_agency_id = $1::uuid${cond ? ` AND ${cond}` : ''}`, params);
  }

  /** A clinic's actions, for its chair and coordinator chasing them. */
  async clinicActions(ctx: MeetingsContext, clinicId: string, view: ActionListView) {
    requireUuid(clinicId, 'clinicId');
    if (!ctx.access.isOfficer(clinicId))
      throw forbidden("Only the clinic's chair or coordinator lists its actions");
    const params: unknown[] = [clinicId];
    const cond = this.viewCondition(view, params);
    return this.list(ctx, `a.clinic_id = $1::uuid${cond ? ` AND ${cond}` : ''}`, params);
  }

  async ofCase(ctx: MeetingsContext, caseId: string) {
    return this.list(ctx, `a.case_id = $1::uuid`, [caseId]);
  }

  async ofMeetingCase(ctx: MeetingsContext, meetingId: string, caseId: string) {
    return this.list(ctx, `a.meeting_id = $1::uuid AND a.case_id = $2::uuid`, [meetingId, caseId]);
  }

  async action(ctx: MeetingsContext, id: string) {
    requireUuid(id, 'actionId');
    const found = await this.list(ctx, `a.id = $1::uuid`, [id], 1);
    if (!found.length) throw notFound('Action');
    return found[0]!;
  }

  private async row(db: DataSource | EntityManager, id: string, lock = false): Promise<ActionRow | null> {
    const rows: ActionRow[] = await db.query(
      `SELECT ${COLUMNS} FROM meetings.actions a WHERE a.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  private async announce(
    m: EntityManager,
    ctx: MeetingsContext | null,
    r: ActionRow,
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
        caseId: r.case_id,
        clinicId: r.clinic_id,
        status: r.status,
        ownerAgencyId: r.owner_agency_id,
        ownerUserId: r.owner_user_id,
        dueOn: r.due_on,
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
    if (!ctx.access.isChair(c.clinicId)) throw forbidden('Only the chair creates agreed actions');
    if (c.closed) throw badInput('The case is closed', 'caseId');
    if (!c.participantAgencyIds.includes(input.ownerAgencyId))
      throw badInput('The owner agency must participate in the case', 'ownerAgencyId');
    if (!isCalendarDate(input.dueOn)) throw badInput('dueOn must be a date (YYYY-MM-DD)', 'dueOn');
    if (input.dueOn < londonDay(this.clock())) throw badInput('The due date is in the past', 'dueOn');
    const title = requireText(input.title, 'title', 1000);
    // Every participating agency reads the action: its title is checked like minutes.
    await this.text.assertCleanText(ctx, { caseIds: [c.id] }, { title });
    let meetingId = input.meetingId ? requireUuid(input.meetingId, 'meetingId') : null;
    const recommendationId = input.recommendationId
      ? requireUuid(input.recommendationId, 'recommendationId')
      : null;
    if (recommendationId) {
      const recs: { case_id: string; meeting_id: string; status: string }[] = await this.ds.query(
        `SELECT case_id, meeting_id, status FROM meetings.recommendations WHERE id = $1`,
        [recommendationId],
      );
      if (!recs[0] || recs[0].case_id !== c.id)
        throw badInput('The recommendation is not of this case', 'recommendationId');
      if (recs[0].status !== 'AGREED')
        throw badInput('Actions come from agreed recommendations', 'recommendationId');
      meetingId ??= recs[0].meeting_id;
    }
    if (meetingId) {
      const ms: { clinic_id: string }[] = await this.ds.query(
        `SELECT clinic_id FROM meetings.meetings WHERE id = $1`,
        [meetingId],
      );
      if (ms[0]?.clinic_id !== c.clinicId) throw badInput('The meeting is not of this clinic', 'meetingId');
    }
    const ownerUser = input.ownerUserId ? requireUuid(input.ownerUserId, 'ownerUserId') : null;
    const id = await withTransaction(this.ds, async (m) => {
      const rows: { id: string }[] = await m.query(
        `INSERT INTO meetings.actions (case_id, clinic_id, meeting_id, recommendation_id, title, owner_agency_id, owner_user_id,
           due_on, priority, created_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          c.id,
          c.clinicId,
          meetingId,
          recommendationId,
          title,
          input.ownerAgencyId,
          ownerUser,
          input.dueOn,
          input.priority,
          ctx.actor.userId,
        ],
      );
      const r = (await this.row(m, rows[0]!.id))!;
      await this.announce(m, ctx, r, EVENT_TYPES.actionAssigned);
      await this.announce(m, ctx, r, EVENT_TYPES.actionStatusChanged);
      await this.audit.write(
        [
          writeEvent(ctx, 'CREATE', 'AgreedAction', r.id, ['D18'], 'createAction', {
            caseId: c.id,
            ownerAgencyId: r.owner_agency_id,
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
      r.owner_agency_id === ctx.actor.agencyId &&
      (await ctx.access.canRecord('update', r.case_id, {
        category: 'D18',
        authorAgencyId: r.owner_agency_id,
      }));
    return { r, who: { owner, chair: ctx.access.isChair(r.clinic_id) } };
  }

  async changeStatus(
    ctx: MeetingsContext,
    input: ActionTransitionInput & { actionId: string; version: number },
  ) {
    const { r, who } = await this.forWrite(ctx, input.actionId);
    checkActionTransition(r.status, input, who);
    const note = optionalText(input.note, 'note', 4000);
    const chairReason = optionalText(input.chairReason, 'chairReason', 2000);
    await this.text.assertCleanText(ctx, { caseIds: [r.case_id] }, { note, chairReason });
    const ending = input.to !== 'IN_PROGRESS';
    await withTransaction(this.ds, async (m) => {
      const updated: unknown[] = await updateReturning(
        m,
        `UPDATE meetings.actions SET status = $3, version = version + 1, updated_at = now(),
            completion_note = CASE WHEN $3 = 'COMPLETED' THEN $4 ELSE completion_note END,
            end_note = CASE WHEN $3 IN ('NOT_COMPLETED', 'CANCELLED') THEN $4 ELSE end_note END,
            not_completed_reason = CASE WHEN $3 = 'NOT_COMPLETED' THEN $5 ELSE not_completed_reason END,
            chair_reason = coalesce($6, chair_reason),
            ended_at = CASE WHEN $7 THEN now() ELSE ended_at END,
            ended_by_user_id = CASE WHEN $7 THEN $8::uuid ELSE ended_by_user_id END
          WHERE id = $1 AND version = $2 AND status = $9 RETURNING id`,
        [
          r.id,
          input.version,
          input.to,
          note,
          input.notCompletedReason ?? null,
          chairReason,
          ending,
          ctx.actor.userId,
          r.status,
        ],
      );
      if (!updated.length) throw conflict();
      const after = (await this.row(m, r.id))!;
      await this.announce(m, ctx, after, EVENT_TYPES.actionStatusChanged);
      await this.audit.write(
        [
          writeEvent(ctx, 'UPDATE', 'AgreedAction', r.id, ['D18'], `action:${input.to}`, {
            caseId: r.case_id,
            ownerAgencyId: r.owner_agency_id,
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
    if (!OPEN_ACTION_STATUSES.includes(r.status)) throw badInput('The action has ended', 'actionId');
    requireUuid(input.ownerAgencyId, 'ownerAgencyId');
    const c = await ctx.access.caseOf(r.case_id);
    if (!c?.participantAgencyIds.includes(input.ownerAgencyId))
      throw badInput('The owner agency must participate in the case', 'ownerAgencyId');
    if (input.dueOn != null && !isCalendarDate(input.dueOn)) throw badInput('dueOn must be a date', 'dueOn');
    await withTransaction(this.ds, async (m) => {
      const updated: unknown[] = await updateReturning(
        m,
        `UPDATE meetings.actions SET owner_agency_id = $3, owner_user_id = $4, due_on = coalesce($5::date, due_on),
            version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 RETURNING id`,
        [r.id, input.version, input.ownerAgencyId, input.ownerUserId ?? null, input.dueOn ?? null],
      );
      if (!updated.length) throw conflict();
      const after = (await this.row(m, r.id))!;
      await this.announce(m, ctx, after, EVENT_TYPES.actionAssigned);
      await this.audit.write(
        [
          writeEvent(ctx, 'UPDATE', 'AgreedAction', r.id, ['D18'], 'reassignAction', {
            caseId: r.case_id,
            ownerAgencyId: after.owner_agency_id,
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
    const rows: ActionRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM meetings.actions a WHERE a.status IN ('OPEN', 'IN_PROGRESS') AND a.due_on <= $1::date
        ORDER BY a.due_on, a.id LIMIT 1000`,
      [horizon],
    );
    let written = 0;
    for (const r of rows) {
      const kinds = deadlineKindsDue(r.due_on, today);
      if (!kinds.length) continue;
      await withTransaction(this.ds, async (m) => {
        for (const kind of kinds as DeadlineKind[]) {
          const fresh: unknown[] = await m.query(
            `INSERT INTO meetings.action_deadline_events (action_id, kind, due_on) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING action_id`,
            [r.id, kind, r.due_on],
          );
          if (!fresh.length) continue;
          await this.announce(m, null, r, DEADLINE_EVENT[kind]);
          written++;
        }
      });
    }
    return written;
  }
}
