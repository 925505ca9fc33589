import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { withAccess, type AccessView, type FieldKey } from '@scp/platform-access';
import { withTransaction } from '@scp/platform-database';
import { MEETINGS_AUDIT, MEETINGS_DATA_SOURCE, type AuditWriterLike } from '../shared/tokens.js';
import type { MeetingsContext } from '../shared/context.js';
import { writeEvent } from '../shared/audit.js';
import { FreeTextGuard } from '../shared/free-text.service.js';
import { optionalText, requireText } from '../shared/validation.js';
import { findMeeting } from '../meeting/meeting.repository.js';
import { MeetingEntity } from '../meeting/meeting.entities.js';
import { bumpMeeting } from '../meeting/meetings.service.js';
import { AgendaItemEntity, MinuteAddendumEntity } from '../agenda/agenda.entities.js';
import { checkNextReviewOn } from '../meeting/meeting-rules.js';
import type { MeetingModel } from '../meeting/meeting.model.js';
import { MeetingVisibilityService } from '../meeting/meeting-visibility.service.js';
import { meetingModel } from '../meeting/meeting-views.js';
import { AgendaService, type AgendaEntry } from '../agenda/agenda.service.js';
import { conflict, invalid } from '@scp/contracts';

/** Minutes are drafted while the meeting runs and until they are approved. */
const DRAFTING = ['IN_PROGRESS', 'MINUTES_DRAFT'];

const addendumModel = (r: MinuteAddendumEntity, view: AccessView) =>
  withAccess(
    {
      id: r.id,
      authorUserId: r.authorUserId,
      authorAgencyId: r.authorAgencyId,
      reason: r.reason,
      text: r.text,
      createdAt: r.createdAt,
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
    return withAccess({ overview: m.executiveSummary }, view);
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
    this.visibility.requireOfficer(ctx, m.clinicId, 'draft minutes');
    if (m.status === 'MINUTES_APPROVED')
      throw invalid('Approved minutes are immutable; add an addendum', 'agendaItemId');
    if (m.status !== 'IN_PROGRESS' && m.status !== 'MINUTES_DRAFT')
      throw invalid('Minutes are drafted during and after the meeting', 'agendaItemId');
    const minutes = optionalText(input.minutes, 'minutes', 20000);
    const summary = optionalText(input.summary, 'summary', 4000);
    if (input.nextReviewOn != null && !/^\d{4}-\d{2}-\d{2}$/.test(input.nextReviewOn))
      throw invalid('nextReviewOn must be a date (YYYY-MM-DD)', 'nextReviewOn');
    checkNextReviewOn(input.nextReviewOn, m.startsAt, this.visibility.now());
    if (input.nextReviewOn && !item.caseId)
      throw invalid('Only a case item has a next review date', 'nextReviewOn');
    await this.text.assertCleanText(ctx, await this.text.itemReach(m, item), { minutes, summary });
    await withTransaction(this.ds, async (tx) => {
      // At the version read, and only while the meeting is still drafting its minutes.
      const q = tx.createQueryBuilder();
      const drafting = q
        .subQuery()
        .select('1')
        .from(MeetingEntity, 'm')
        .where('m.id = :meetingId AND m.status IN (:...drafting)')
        .getQuery();
      const updated = await q
        .update(AgendaItemEntity)
        .set({
          minutes,
          summary,
          nextReviewOn: input.nextReviewOn ?? null,
          version: () => 'version + 1',
          updatedAt: () => 'now()',
        })
        .where({ id: item.id, version: input.version })
        .andWhere(`EXISTS ${drafting}`, { meetingId: m.id, drafting: DRAFTING })
        .execute();
      if (!updated.affected) throw conflict();
      await this.audit.write(
        [writeEvent(ctx, 'UPDATE', 'AgendaItem', item.id, ['D19'], 'draftMinutes', { caseId: item.caseId })],
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
    this.visibility.requireOfficer(ctx, m.clinicId, 'draft the executive summary');
    if (m.status === 'MINUTES_APPROVED')
      throw invalid('Approved minutes are immutable; add an addendum', 'meetingId');
    if (m.status !== 'IN_PROGRESS' && m.status !== 'MINUTES_DRAFT')
      throw invalid('The executive summary is drafted during and after the meeting', 'meetingId');
    const overview = optionalText(input.overview, 'overview', 20000);
    // The overview spans the meeting's cases: it may carry none of their victims' locations.
    await this.text.assertCleanText(ctx, await this.text.meetingReach(m), { overview });
    await withTransaction(this.ds, async (tx) => {
      await bumpMeeting(
        tx,
        { id: m.id, version: input.version, status: In(DRAFTING) },
        { executiveSummary: overview },
      );
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
    this.visibility.requireOfficer(ctx, m.clinicId, 'add an addendum');
    if (m.status !== 'MINUTES_APPROVED')
      throw invalid('Addenda correct approved minutes; edit the draft instead', 'agendaItemId');
    const reason = requireText(input.reason, 'reason', 2000);
    const text = requireText(input.text, 'text', 20000);
    await this.text.assertCleanText(ctx, await this.text.itemReach(m, item), { text, reason });
    const row = await withTransaction(this.ds, async (tx) => {
      const addenda = tx.getRepository(MinuteAddendumEntity);
      const id = randomUUID();
      await addenda.insert({
        id,
        meetingId: m.id,
        agendaItemId: item.id,
        authorUserId: ctx.actor.userId,
        authorAgencyId: ctx.actor.agencyId,
        reason,
        text,
      });
      await this.audit.write(
        [writeEvent(ctx, 'CREATE', 'MinuteAddendum', id, ['D19'], 'addAddendum', { caseId: item.caseId })],
        tx,
      );
      // Read back for the time the database stamped on it.
      return addenda.findOneByOrFail({ id });
    });
    return addendumModel(row, view);
  }

  async addendaOf(itemId: string, view: AccessView) {
    const rows = await this.ds
      .getRepository(MinuteAddendumEntity)
      .find({ where: { agendaItemId: itemId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((r) => addendumModel(r, view));
  }
}
