import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { withAccess, type AccessView, type FieldKey } from '@scp/platform-access';
import { withTransaction } from '@scp/platform-database';
import { badInput, conflict } from '@scp/platform-graphql';
import { MEETINGS_AUDIT, MEETINGS_DATA_SOURCE, type AuditWriterLike } from '../shared/tokens.js';
import type { MeetingsContext } from '../shared/context.js';
import { writeEvent } from '../shared/audit.js';
import { FreeTextGuard } from '../shared/free-text.service.js';
import { optionalText, requireText, updateReturning } from '../shared/validation.js';
import { findMeeting } from '../meeting/meeting.repository.js';
import { checkNextReviewOn } from '../meeting/meeting-rules.js';
import type { MeetingModel } from '../meeting/meeting.model.js';
import { MeetingVisibilityService } from '../meeting/meeting-visibility.service.js';
import { meetingModel } from '../meeting/meeting-views.js';
import { AgendaService, type AgendaEntry } from '../agenda/agenda.service.js';

interface AddendumRow {
  id: string;
  author_user_id: string;
  author_agency_id: string;
  reason: string;
  text: string;
  created_at: Date;
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

/** Minutes: each item's minutes, summary and next review date, the executive summary, addenda. */
@Injectable()
export class MinutesService {
  constructor(
    @Inject(MEETINGS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(MEETINGS_AUDIT) private readonly audit: AuditWriterLike,
    private readonly visibility: MeetingVisibilityService,
    private readonly text: FreeTextGuard,
    private readonly agenda: AgendaService,
  ) {}

  /** The overview part of the executive summary: the clinic officers only. */
  async executiveSummary(ctx: MeetingsContext, meetingId: string) {
    const m = await this.visibility.visibleMeeting(ctx, meetingId);
    const s = await this.visibility.standing(ctx, m);
    const view: AccessView = {
      fields: new Set<FieldKey>(s.officer ? ['D19', 'D19:limited'] : []),
      entityType: 'Meeting',
      entityId: m.id,
    };
    return withAccess({ overview: m.executive_summary }, view);
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
    const { m, item } = await this.visibility.visibleItem(ctx, input.agendaItemId);
    this.visibility.requireOfficer(ctx, m.clinic_id, 'draft minutes');
    if (m.status === 'MINUTES_APPROVED')
      throw badInput('Approved minutes are immutable; add an addendum', 'agendaItemId');
    if (m.status !== 'IN_PROGRESS' && m.status !== 'MINUTES_DRAFT')
      throw badInput('Minutes are drafted during and after the meeting', 'agendaItemId');
    const minutes = optionalText(input.minutes, 'minutes', 20000);
    const summary = optionalText(input.summary, 'summary', 4000);
    if (input.nextReviewOn != null && !/^\d{4}-\d{2}-\d{2}$/.test(input.nextReviewOn))
      throw badInput('nextReviewOn must be a date (YYYY-MM-DD)', 'nextReviewOn');
    checkNextReviewOn(input.nextReviewOn, m.starts_at, this.visibility.now());
    if (input.nextReviewOn && !item.case_id)
      throw badInput('Only a case item has a next review date', 'nextReviewOn');
    await this.text.assertCleanText(ctx, await this.text.itemReach(m, item), { minutes, summary });
    await withTransaction(this.ds, async (tx) => {
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
    return this.agenda.entryOf(ctx, m, item.id);
  }

  async setExecutiveSummary(
    ctx: MeetingsContext,
    input: { meetingId: string; version: number; overview: string },
  ): Promise<MeetingModel> {
    const m = await this.visibility.visibleMeeting(ctx, input.meetingId);
    this.visibility.requireOfficer(ctx, m.clinic_id, 'draft the executive summary');
    if (m.status === 'MINUTES_APPROVED')
      throw badInput('Approved minutes are immutable; add an addendum', 'meetingId');
    if (m.status !== 'IN_PROGRESS' && m.status !== 'MINUTES_DRAFT')
      throw badInput('The executive summary is drafted during and after the meeting', 'meetingId');
    const overview = optionalText(input.overview, 'overview', 20000);
    // The overview spans the meeting's cases: it may carry none of their victims' locations.
    await this.text.assertCleanText(ctx, await this.text.meetingReach(m), { overview });
    await withTransaction(this.ds, async (tx) => {
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
    return meetingModel((await findMeeting(this.ds, m.id))!, this.visibility.now());
  }

  /** Corrections to approved minutes: an addendum with author and reason (chair or coordinator). */
  async addAddendum(
    ctx: MeetingsContext,
    input: { agendaItemId: string; reason: string; text: string },
  ): Promise<Record<string, unknown>> {
    const { m, item, view } = await this.visibility.visibleItem(ctx, input.agendaItemId);
    this.visibility.requireOfficer(ctx, m.clinic_id, 'add an addendum');
    if (m.status !== 'MINUTES_APPROVED')
      throw badInput('Addenda correct approved minutes; edit the draft instead', 'agendaItemId');
    const reason = requireText(input.reason, 'reason', 2000);
    const text = requireText(input.text, 'text', 20000);
    await this.text.assertCleanText(ctx, await this.text.itemReach(m, item), { text, reason });
    const row = await withTransaction(this.ds, async (tx) => {
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
}
