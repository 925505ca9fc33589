import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager, EntityTarget } from 'typeorm';
import { EVENT_TYPES, conflict, invalid, notFound } from '@scp/contracts';
import { withAccess, type AccessView } from '@scp/platform-access';
import { withTransaction } from '@scp/platform-database';
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
import { optionalText, requireUuid } from '../shared/validation.js';
import { CASE_ITEM_KINDS, type AgendaItemKind } from '../shared/enums.js';
import { itemsOf, itemWithOffset, lockMeeting } from '../meeting/meeting.repository.js';
import type { MeetingEntity } from '../meeting/meeting.entities.js';
import { RecommendationEntity } from '../recommendations/recommendations.entities.js';
import {
  AgendaItemEntity,
  ContributionEntity,
  ContributionReminderEntity,
  MinuteAddendumEntity,
} from './agenda.entities.js';
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
  | (Record<string, unknown> & {
      restricted: false;
      id: string;
      row: AgendaItemEntity;
      /** The meeting as this request read it (the item's fields resolve against it). */
      meeting: MeetingEntity;
    });

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
    await ctx.access.loadCases(items.flatMap((i) => (i.caseId ? [i.caseId] : [])));
    let at = m.startsAt.getTime();
    const out: AgendaEntry[] = [];
    for (const item of items) {
      const slot = {
        id: item.id,
        meetingId: m.id,
        position: item.position,
        startsAt: new Date(at),
        durationMinutes: item.durationMinutes,
      };
      // A deferred item keeps its position but takes no time.
      if (!item.deferralReason) at += item.durationMinutes * 60_000;
      out.push(await this.entry(ctx, m, item, slot));
    }
    return out;
  }

  /**
   * One entry of a meeting's agenda (a write's answer): the item and the time its slot starts,
   * read without the rest of the agenda.
   */
  async entryOf(ctx: MeetingsContext, m: MeetingEntity, itemId: string): Promise<AgendaEntry> {
    const found = await itemWithOffset(this.ds, itemId);
    if (!found) throw notFound('Agenda item');
    const { item, offsetMinutes } = found;
    await ctx.access.loadCases(item.caseId ? [item.caseId] : []);
    const slot = {
      id: item.id,
      meetingId: m.id,
      position: item.position,
      startsAt: new Date(m.startsAt.getTime() + offsetMinutes * 60_000),
      durationMinutes: item.durationMinutes,
    };
    return this.entry(ctx, m, item, slot);
  }

  private async entry(ctx: MeetingsContext, m: MeetingEntity, item: AgendaItemEntity, slot: Slot) {
    const view = await this.visibility.itemView(ctx, m, item);
    return view ? this.fullItem(m, item, slot, view) : { ...slot, restricted: true as const };
  }

  private fullItem(m: MeetingEntity, item: AgendaItemEntity, slot: Slot, view: AccessView): AgendaEntry {
    return withAccess(
      {
        ...slot,
        restricted: false as const,
        row: item,
        meeting: m,
        caseId: item.caseId,
        kind: item.kind,
        title: item.title,
        deferralReason: item.deferralReason,
        deferralNote: item.deferralNote,
        minutes: item.minutes,
        summary: item.summary,
        nextReviewOn: item.nextReviewOn,
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
    this.visibility.requireOfficer(ctx, current.clinicId, 'build the agenda');
    const status = current.status as MeetingStatus;
    const caseItem = CASE_ITEM_KINDS.includes(input.kind);
    if (!BEFORE_MEETING.has(status) && status !== 'IN_PROGRESS')
      throw invalid('Items can no longer be added to this meeting', 'meetingId');
    if (status !== 'SCHEDULED' && !['URGENT', 'AOB'].includes(input.kind))
      throw invalid('After publication only urgent items and AOB can be added', 'kind');
    if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 480)
      throw invalid('durationMinutes must be 1..480', 'durationMinutes');
    const title = optionalText(input.title, 'title', 200);
    let caseId: string | null = null;
    if (caseItem) {
      if (!input.caseId) throw invalid('This kind of item needs a case', 'caseId');
      caseId = requireUuid(input.caseId, 'caseId');
      const c = await ctx.access.caseOf(caseId);
      if (!c || c.clinicId !== current.clinicId) throw notFound('Case');
      if (c.closed) throw invalid('The case is closed', 'caseId');
      if (input.kind === 'NEW_REFERRAL' && current.kind === 'SCHEDULED') {
        const { referralDeadlineAt } = meetingDeadlines(
          current.startsAt,
          current.referralDeadlineWorkingDays,
          current.agendaPublicationWorkingDays,
        );
        if (this.visibility.now() > referralDeadlineAt)
          throw invalid(
            'The listing deadline for new referrals has passed; list it at the next meeting',
            'kind',
          );
      }
    } else if (input.caseId) throw invalid('This kind of item has no case', 'caseId');
    // A case item's title reaches its case; any other item is read by every attendee.
    await this.text.assertCleanText(
      ctx,
      caseId ? { caseIds: [caseId] } : await this.text.meetingReach(current),
      { title },
    );
    const id = await withTransaction(this.ds, async (m) => {
      // Under the meeting's lock: no other item is listed between the checks and the insert.
      await lockMeeting(m, current.id);
      const items = m.getRepository(AgendaItemEntity);
      if (caseId && (await items.existsBy({ meetingId: current.id, caseId })))
        throw invalid('The case is already on this agenda', 'caseId');
      const last = await items.maximum('position', { meetingId: current.id });
      const itemId = randomUUID();
      await items.insert({
        id: itemId,
        meetingId: current.id,
        caseId,
        kind: input.kind,
        position: (last ?? 0) + 1,
        durationMinutes: input.durationMinutes,
        title,
        listedByUserId: ctx.actor.userId,
      });
      await this.audit.write(
        [writeEvent(ctx, 'CREATE', 'AgendaItem', itemId, ['D19'], 'addAgendaItem', { caseId })],
        m,
      );
      // An urgent case item on an agenda already published lists the case now.
      if (caseId && status !== 'SCHEDULED')
        await writeCaseItemEvent(m, this.outbox, ctx, current, EVENT_TYPES.caseListed, {
          id: itemId,
          caseId,
        });
      return itemId;
    });
    return this.entryOf(ctx, current, id);
  }

  /** Moves an item to a position, shifting the others (positions stay 1..n). */
  async moveItem(
    ctx: MeetingsContext,
    input: { agendaItemId: string; position: number },
  ): Promise<AgendaEntry[]> {
    const { m } = await this.visibility.visibleItem(ctx, input.agendaItemId);
    this.visibility.requireOfficer(ctx, m.clinicId, 'order the agenda');
    if (!BEFORE_MEETING.has(m.status as MeetingStatus) && m.status !== 'IN_PROGRESS')
      throw invalid('The agenda can no longer change', 'agendaItemId');
    await withTransaction(this.ds, async (tx) => {
      await lockMeeting(tx, m.id);
      const items = await itemsOf(tx, m.id);
      const moving = items.find((i) => i.id === input.agendaItemId)!;
      const rest = items.filter((i) => i.id !== moving.id);
      const to = Math.min(Math.max(input.position, 1), items.length);
      rest.splice(to - 1, 0, moving);
      await renumber(tx, rest);
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
    this.visibility.requireOfficer(ctx, m.clinicId, 'remove an item');
    if (m.status !== 'SCHEDULED')
      throw invalid('The agenda is published: defer the item instead, with a reason', 'agendaItemId');
    await withTransaction(this.ds, async (tx) => {
      await lockMeeting(tx, m.id);
      if (await usedItem(tx, item.id))
        throw invalid(
          'Agencies have contributed to this item: defer it instead, with a reason',
          'agendaItemId',
        );
      await tx.getRepository(ContributionReminderEntity).delete({ agendaItemId: item.id });
      const removed = await tx
        .getRepository(AgendaItemEntity)
        .delete({ id: item.id, version: input.version });
      if (!removed.affected) throw conflict();
      await renumber(tx, await itemsOf(tx, m.id));
      await this.audit.write(
        [
          writeEvent(ctx, 'DELETE', 'AgendaItem', item.id, ['D19'], 'removeAgendaItem', {
            caseId: item.caseId,
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
    this.visibility.requireOfficer(ctx, m.clinicId, 'defer an item');
    if (!BEFORE_MEETING.has(m.status as MeetingStatus) && m.status !== 'IN_PROGRESS')
      throw invalid('Items of this meeting can no longer be deferred', 'agendaItemId');
    const note = optionalText(input.note, 'note', 2000);
    if (input.reason === 'OTHER' && !note) throw invalid('Deferral for another reason needs a note', 'note');
    await this.text.assertCleanText(ctx, await this.text.itemReach(m, item), { note });
    await withTransaction(this.ds, async (tx) => {
      const updated = await tx.getRepository(AgendaItemEntity).update(
        { id: item.id, version: input.version },
        {
          deferralReason: input.reason,
          deferralNote: note,
          version: () => 'version + 1',
          updatedAt: () => 'now()',
        },
      );
      if (!updated.affected) throw conflict();
      await this.audit.write(
        [
          writeEvent(ctx, 'UPDATE', 'AgendaItem', item.id, ['D19'], 'deferAgendaItem', {
            caseId: item.caseId,
          }),
        ],
        tx,
      );
    });
    return this.entryOf(ctx, m, item.id);
  }
}

/** Gives the items positions 1..n in the order given, writing only those that move. */
async function renumber(tx: EntityManager, ordered: readonly AgendaItemEntity[]): Promise<void> {
  for (const [i, item] of ordered.entries())
    if (item.position !== i + 1)
      await tx
        .getRepository(AgendaItemEntity)
        .update({ id: item.id }, { position: i + 1, updatedAt: () => 'now()' });
}

/** Whether anything was contributed, recommended or added to an item (one statement). */
async function usedItem(tx: EntityManager, agendaItemId: string): Promise<boolean> {
  const q = tx.getRepository(AgendaItemEntity).createQueryBuilder('i');
  const uses = (target: EntityTarget<{ agendaItemId: string | null }>, alias: string) =>
    `EXISTS ${q.subQuery().select('1').from(target, alias).where(`${alias}.agendaItemId = i.id`).getQuery()}`;
  const hit = await q
    .select('1', 'hit')
    .where('i.id = :agendaItemId', { agendaItemId })
    .andWhere(
      `(${uses(ContributionEntity, 'c')} OR ${uses(RecommendationEntity, 'r')} OR ${uses(MinuteAddendumEntity, 'a')})`,
    )
    .getRawOne();
  return hit !== undefined;
}
