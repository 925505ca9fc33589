import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EVENT_TYPES } from '@scp/contracts';
import { withAccess, type AccessView } from '@scp/platform-access';
import { withTransaction } from '@scp/platform-database';
import { badInput, conflict, notFound } from '@scp/platform-graphql';
import {
  MEETINGS_AUDIT,
  MEETINGS_DATA_SOURCE,
  MEETINGS_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import type { MeetingsContext } from '../shared/context.js';
import { writeEvent } from '../shared/audit.js';
import { FreeTextGuard } from '../shared/free-text.service.js';
import { optionalText, requireUuid, updateReturning } from '../shared/validation.js';
import { CASE_ITEM_KINDS, type AgendaItemKind } from '../shared/enums.js';
import {
  itemsOf,
  itemWithOffset,
  type AgendaItemRow,
  type MeetingRow,
} from '../meeting/meeting.repository.js';
import { BEFORE_MEETING, meetingDeadlines, type MeetingStatus } from '../meeting/meeting-rules.js';
import { writeCaseItemEvent } from '../meeting/case-item-events.js';
import { MeetingVisibilityService } from '../meeting/meeting-visibility.service.js';

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

type Slot = { id: string; meetingId: string; position: number; startsAt: Date; durationMinutes: number };

/** The agenda: its items in order, in full or as placeholders; listing, ordering, removing, deferring. */
@Injectable()
export class AgendaService {
  constructor(
    @Inject(MEETINGS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(MEETINGS_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(MEETINGS_OUTBOX) private readonly outbox: OutboxLike,
    private readonly visibility: MeetingVisibilityService,
    private readonly text: FreeTextGuard,
  ) {}

  /** The agenda in order: full items the reader may see, placeholders for the rest. */
  async agenda(ctx: MeetingsContext, meetingId: string): Promise<AgendaEntry[]> {
    const m = await this.visibility.visibleMeeting(ctx, meetingId);
    const items = await itemsOf(this.ds, m.id);
    await ctx.access.loadCases(items.flatMap((i) => (i.case_id ? [i.case_id] : [])));
    let at = m.starts_at.getTime();
    const out: AgendaEntry[] = [];
    for (const item of items) {
      const slot = {
        id: item.id,
        meetingId: m.id,
        position: item.position,
        startsAt: new Date(at),
        durationMinutes: item.duration_minutes,
      };
      // A deferred item keeps its position but takes no time.
      if (!item.deferral_reason) at += item.duration_minutes * 60_000;
      out.push(await this.entry(ctx, m, item, slot));
    }
    return out;
  }

  /**
   * One entry of a meeting's agenda (a write's answer): the item and the time its slot starts,
   * read without the rest of the agenda.
   */
  async entryOf(ctx: MeetingsContext, m: MeetingRow, itemId: string): Promise<AgendaEntry> {
    const item = await itemWithOffset(this.ds, itemId);
    if (!item) throw notFound('Agenda item');
    await ctx.access.loadCases(item.case_id ? [item.case_id] : []);
    const slot = {
      id: item.id,
      meetingId: m.id,
      position: item.position,
      startsAt: new Date(m.starts_at.getTime() + item.offset_minutes * 60_000),
      durationMinutes: item.duration_minutes,
    };
    const { offset_minutes: _offset, ...row } = item;
    return this.entry(ctx, m, row, slot);
  }

  private async entry(ctx: MeetingsContext, m: MeetingRow, item: AgendaItemRow, slot: Slot) {
    const view = await this.visibility.itemView(ctx, m, item);
    return view ? this.fullItem(item, slot, view) : { ...slot, restricted: true as const };
  }

  private fullItem(item: AgendaItemRow, slot: Slot, view: AccessView): AgendaEntry {
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
    const current = await this.visibility.visibleMeeting(ctx, input.meetingId);
    this.visibility.requireOfficer(ctx, current.clinic_id, 'build the agenda');
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
        if (this.visibility.now() > referralDeadlineAt)
          throw badInput(
            'The listing deadline for new referrals has passed; list it at the next meeting',
            'kind',
          );
      }
    } else if (input.caseId) throw badInput('This kind of item has no case', 'caseId');
    // A case item's title reaches its case; any other item is read by every attendee.
    await this.text.assertCleanText(
      ctx,
      caseId ? { caseIds: [caseId] } : await this.text.meetingReach(current),
      { title },
    );
    const id = await withTransaction(this.ds, async (m) => {
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
    return this.entryOf(ctx, current, id);
  }

  /** Moves an item to a position, shifting the others (positions stay 1..n). */
  async moveItem(
    ctx: MeetingsContext,
    input: { agendaItemId: string; position: number },
  ): Promise<AgendaEntry[]> {
    const { m } = await this.visibility.visibleItem(ctx, input.agendaItemId);
    this.visibility.requireOfficer(ctx, m.clinic_id, 'order the agenda');
    if (!BEFORE_MEETING.has(m.status as MeetingStatus) && m.status !== 'IN_PROGRESS')
      throw badInput('The agenda can no longer change', 'agendaItemId');
    await withTransaction(this.ds, async (tx) => {
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
    const { m, item } = await this.visibility.visibleItem(ctx, input.agendaItemId);
    this.visibility.requireOfficer(ctx, m.clinic_id, 'remove an item');
    if (m.status !== 'SCHEDULED')
      throw badInput('The agenda is published: defer the item instead, with a reason', 'agendaItemId');
    await withTransaction(this.ds, async (tx) => {
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
    const { m, item } = await this.visibility.visibleItem(ctx, input.agendaItemId);
    this.visibility.requireOfficer(ctx, m.clinic_id, 'defer an item');
    if (!BEFORE_MEETING.has(m.status as MeetingStatus) && m.status !== 'IN_PROGRESS')
      throw badInput('Items of this meeting can no longer be deferred', 'agendaItemId');
    const note = optionalText(input.note, 'note', 2000);
    if (input.reason === 'OTHER' && !note) throw badInput('Deferral for another reason needs a note', 'note');
    await this.text.assertCleanText(ctx, await this.text.itemReach(m, item), { note });
    await withTransaction(this.ds, async (tx) => {
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
    return this.entryOf(ctx, m, item.id);
  }
}
