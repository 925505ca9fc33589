import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EVENT_TYPES } from '@scp/contracts';
import { withAccess, type AccessView, type FieldKey } from '@scp/platform-access';
import { withTransaction } from '@scp/platform-database';
import { badInput, forbidden, notFound } from '@scp/platform-graphql';
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
import { findItem, findMeeting, type AgendaItemRow, type MeetingRow } from '../meeting/meeting.repository.js';
import { BEFORE_MEETING, dayOf, meetingDeadlines, type MeetingStatus } from '../meeting/meeting-rules.js';
import { MeetingVisibilityService } from '../meeting/meeting-visibility.service.js';

interface ContributionRow {
  id: string;
  agency_id: string;
  author_user_id: string;
  text: string;
  submitted_at: Date;
  version: number;
}

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
      if (released && !(await this.visibility.itemView(ctx, m, item))) return null;
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
    const late = this.visibility.now() > agendaPublicationDueAt && !item.deferral_reason;
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
    if (!item || !m || !item.case_id || !(await this.visibility.standing(ctx, m)).visible)
      throw notFound('Agenda item');
    if (!BEFORE_MEETING.has(m.status as MeetingStatus))
      throw badInput('Contributions close when the meeting starts', 'agendaItemId');
    const ok = await ctx.access.canRecord('create', item.case_id, {
      category: 'D20',
      authorAgencyId: ctx.actor.agencyId,
      released: false,
    });
    if (!ok) throw forbidden('Not permitted to contribute to this item');
    const text = requireText(input.text, 'text', 20000);
    await this.text.assertCleanText(ctx, { caseIds: [item.case_id] }, { text });
    const row = await withTransaction(this.ds, async (tx) => {
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

  /**
   * Announces contributions that are due (from the listing deadline day) and missing (after the
   * agenda publication deadline), once per agenda item, participating agency and kind. Run by
   * the app's sweep next to the action reminders; idempotent, so every replica may run it.
   */
  async sweepContributions(now: Date = this.visibility.now()): Promise<number> {
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
      await withTransaction(this.ds, async (tx) => {
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
