import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EVENT_TYPES, forbidden, invalid, notFound } from '@scp/contracts';
import { withAccess, type AccessView, type FieldKey } from '@scp/platform-access';
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
import { requireText, requireUuid } from '../shared/validation.js';
import { findItem, findMeeting } from '../meeting/meeting.repository.js';
import { MeetingEntity } from '../meeting/meeting.entities.js';
import {
  AgendaItemEntity,
  ContributionEntity,
  ContributionReminderEntity,
} from '../agenda/agenda.entities.js';
import { CaseParticipationEntity } from '../replica/replica.entities.js';
import { BEFORE_MEETING, dayOf, meetingDeadlines, type MeetingStatus } from '../meeting/meeting-rules.js';
import { MeetingVisibilityService } from '../meeting/meeting-visibility.service.js';

type ContributionRow = Pick<
  ContributionEntity,
  'id' | 'agencyId' | 'authorUserId' | 'text' | 'submittedAt' | 'version'
>;

const contributionModel = (r: ContributionRow, view: AccessView) =>
  withAccess(
    {
      id: r.id,
      agencyId: r.agencyId,
      authorUserId: r.authorUserId,
      text: r.text,
      submittedAt: r.submittedAt,
      version: r.version,
    },
    view,
  );

/** Agencies' contributions to agenda items (D20), their status per agency, and their reminders. */
@Injectable()
export class ContributionsService {
  constructor(
    @Inject(MEETINGS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(MEETINGS_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(MEETINGS_OUTBOX) private readonly outbox: OutboxLike,
    private readonly visibility: MeetingVisibilityService,
    private readonly text: FreeTextGuard,
  ) {}

  /** The contribution's view: own agency and the chair before the meeting, then the item's readers. */
  private async contributionView(
    ctx: MeetingsContext,
    m: MeetingEntity,
    item: AgendaItemEntity,
    agencyId: string,
    id: string,
  ): Promise<AccessView | null> {
    if (!item.caseId) return null;
    const released = !BEFORE_MEETING.has(m.status as MeetingStatus) && m.status !== 'CANCELLED';
    const own = agencyId === ctx.actor.agencyId;
    if (!own) {
      // After the meeting: only readers who see the item itself (attendees of that item).
      if (released && !(await this.visibility.itemView(ctx, m, item))) return null;
      if (!released && !ctx.access.isChair(m.clinicId)) return null;
    }
    const ok = await ctx.access.canRecord('read', item.caseId, {
      category: 'D20',
      authorAgencyId: agencyId,
      released,
    });
    if (!ok) return null;
    return {
      fields: new Set<FieldKey>(['D20']),
      entityType: 'AgencyContribution',
      entityId: id,
      caseId: item.caseId,
      ownerAgencyId: agencyId,
    };
  }

  async contributionsOf(ctx: MeetingsContext, m: MeetingEntity, item: AgendaItemEntity) {
    const rows = await this.ds
      .getRepository(ContributionEntity)
      .find({ where: { agendaItemId: item.id }, order: { submittedAt: 'ASC', id: 'ASC' } });
    const out: Record<string, unknown>[] = [];
    for (const r of rows) {
      const view = await this.contributionView(ctx, m, item, r.agencyId, r.id);
      if (view) out.push(contributionModel(r, view));
    }
    return out;
  }

  /** Per participating agency: submitted, or missing once the agenda publication deadline has passed. */
  async contributionStatus(m: MeetingEntity, item: AgendaItemEntity) {
    if (!item.caseId) return [];
    const q = this.ds.getRepository(CaseParticipationEntity).createQueryBuilder('p');
    const submitted = q
      .subQuery()
      .select('1')
      .from(ContributionEntity, 'c')
      .where('c.agendaItemId = :agendaItemId AND c.agencyId = p.agencyId')
      .getQuery();
    const rows = await q
      .select('p.agencyId', 'agencyId')
      .addSelect(`EXISTS ${submitted}`, 'submitted')
      .where('p.caseId = :caseId AND p.active', { caseId: item.caseId, agendaItemId: item.id })
      .orderBy('p.agencyId')
      .getRawMany<{ agencyId: string; submitted: boolean }>();
    const { agendaPublicationDueAt } = meetingDeadlines(
      m.startsAt,
      m.referralDeadlineWorkingDays,
      m.agendaPublicationWorkingDays,
    );
    const late = this.visibility.now() > agendaPublicationDueAt && !item.deferralReason;
    return rows.map((r) => ({
      agencyId: r.agencyId,
      submitted: r.submitted,
      missing: !r.submitted && late,
    }));
  }

  /** An agency submits (or replaces) its contribution to an item before the meeting. */
  async submitContribution(ctx: MeetingsContext, input: { agendaItemId: string; text: string }) {
    requireUuid(input.agendaItemId, 'agendaItemId');
    const item = await findItem(this.ds, input.agendaItemId);
    const m = item ? await findMeeting(this.ds, item.meetingId) : null;
    if (!item || !m || !item.caseId || !(await this.visibility.standing(ctx, m)).visible)
      throw notFound('Agenda item');
    if (!BEFORE_MEETING.has(m.status as MeetingStatus))
      throw invalid('Contributions close when the meeting starts', 'agendaItemId');
    const ok = await ctx.access.canRecord('create', item.caseId, {
      category: 'D20',
      authorAgencyId: ctx.actor.agencyId,
      released: false,
    });
    if (!ok) throw forbidden('Not permitted to contribute to this item');
    const text = requireText(input.text, 'text', 20000);
    await this.text.assertCleanText(ctx, { caseIds: [item.caseId] }, { text });
    const row = await withTransaction(this.ds, async (tx) => {
      // raw SQL: an upsert that bumps the version and answers the row it wrote (ON CONFLICT … RETURNING)
      const rows: ContributionRow[] = await tx.query(
        `INSERT INTO meetings.contributions (agenda_item_id, case_id, agency_id, author_user_id, text)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (agenda_item_id, agency_id) DO UPDATE SET text = EXCLUDED.text, author_user_id = EXCLUDED.author_user_id,
           version = meetings.contributions.version + 1, updated_at = now()
         RETURNING id, agency_id AS "agencyId", author_user_id AS "authorUserId", text, submitted_at AS "submittedAt", version`,
        [item.id, item.caseId, ctx.actor.agencyId, ctx.actor.userId, text],
      );
      await this.audit.write(
        [
          writeEvent(ctx, 'CREATE', 'AgencyContribution', rows[0]!.id, ['D20'], 'submitContribution', {
            caseId: item.caseId,
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
      caseId: item.caseId,
      ownerAgencyId: ctx.actor.agencyId,
    });
  }

  /**
   * Announces contributions that are due (from the listing deadline day) and missing (after the
   * agenda publication deadline), once per agenda item, participating agency and kind. Run by
   * the app's sweep next to the action reminders; idempotent, so every replica may run it.
   */
  async sweepContributions(now: Date = this.visibility.now()): Promise<number> {
    const q = this.ds.getRepository(AgendaItemEntity).createQueryBuilder('i');
    const contributed = q
      .subQuery()
      .select('1')
      .from(ContributionEntity, 'c')
      .where('c.agendaItemId = i.id AND c.agencyId = p.agencyId')
      .getQuery();
    const rows = await q
      .select('i.id', 'id')
      .addSelect('i.meetingId', 'meetingId')
      .addSelect('i.caseId', 'caseId')
      .addSelect('m.startsAt', 'startsAt')
      .addSelect('m.clinicId', 'clinicId')
      .addSelect('m.referralDeadlineWorkingDays', 'referralDays')
      .addSelect('m.agendaPublicationWorkingDays', 'publicationDays')
      .addSelect('p.agencyId', 'agencyId')
      .innerJoin(MeetingEntity, 'm', 'm.id = i.meetingId')
      .innerJoin(CaseParticipationEntity, 'p', 'p.caseId = i.caseId AND p.active')
      .where('m.status IN (:...open)', { open: ['SCHEDULED', 'AGENDA_PUBLISHED'] })
      .andWhere('m.startsAt > :now', { now })
      .andWhere(`m.startsAt < CAST(:now AS timestamptz) + interval '21 days'`)
      .andWhere('i.deferralReason IS NULL')
      .andWhere(`NOT EXISTS ${contributed}`)
      .orderBy('m.startsAt')
      .addOrderBy('i.position')
      .addOrderBy('p.agencyId')
      .limit(2000)
      .getRawMany<{
        id: string;
        meetingId: string;
        caseId: string;
        startsAt: Date;
        clinicId: string;
        referralDays: number;
        publicationDays: number;
        agencyId: string;
      }>();
    let written = 0;
    for (const r of rows) {
      const d = meetingDeadlines(r.startsAt, r.referralDays, r.publicationDays);
      const kind =
        now > d.agendaPublicationDueAt ? 'MISSING' : dayOf(now) >= d.referralDeadlineOn ? 'DUE' : null;
      if (!kind) continue;
      await withTransaction(this.ds, async (tx) => {
        // Once per item, agency and kind: a reminder already announced inserts nothing.
        const fresh = await tx
          .createQueryBuilder()
          .insert()
          .into(ContributionReminderEntity)
          .values({ agendaItemId: r.id, agencyId: r.agencyId, kind })
          .orIgnore()
          .returning('agenda_item_id')
          .execute();
        if (!(fresh.raw as unknown[]).length) return;
        await this.outbox.write(tx, {
          type: kind === 'DUE' ? EVENT_TYPES.contributionDue : EVENT_TYPES.contributionMissing,
          aggregateType: 'AgendaItem',
          aggregateId: r.id,
          actorId: null,
          correlationId: null,
          payload: {
            meetingId: r.meetingId,
            agendaItemId: r.id,
            caseId: r.caseId,
            clinicId: r.clinicId,
            agencyId: r.agencyId,
            dueOn: d.agendaPublicationDueOn,
          },
        });
        written++;
      });
    }
    return written;
  }
}
