import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { withAccess, type AccessView } from '@scp/platform-access';
import { withTransaction } from '@scp/platform-database';
import { badInput, conflict, forbidden, notFound } from '@scp/platform-graphql';
import { MEETINGS_AUDIT, MEETINGS_DATA_SOURCE, type AuditWriterLike } from '../shared/tokens.js';
import type { MeetingsContext } from '../shared/context.js';
import { writeEvent } from '../shared/audit.js';
import { optionalText, requireText, requireUuid, updateReturning } from '../shared/validation.js';
import { FreeTextGuard } from '../shared/free-text.service.js';
import { MeetingVisibilityService } from '../meeting/meeting-visibility.service.js';
import { findItem, findMeeting } from '../meeting/meeting.repository.js';

interface RecommendationRow {
  id: string;
  meeting_id: string;
  agenda_item_id: string;
  case_id: string;
  category: string;
  text: string;
  rationale: string | null;
  status: string;
  decided_at: Date | null;
  version: number;
}
const COLUMNS = `id, meeting_id, agenda_item_id, case_id, category, text, rationale, status, decided_at, version`;

/**
 * Recommendations (issue 6 item 6): proposed at the meeting for one case, then AGREED or
 * NOT_AGREED by the chair with a rationale; any agency may have its dissent recorded. They are
 * part of the minutes (D19): readable exactly where their agenda item is readable in full.
 */
@Injectable()
export class RecommendationsService {
  constructor(
    @Inject(MEETINGS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(MEETINGS_AUDIT) private readonly audit: AuditWriterLike,
    private readonly visibility: MeetingVisibilityService,
    private readonly text: FreeTextGuard,
  ) {}

  private model(r: RecommendationRow, view: AccessView) {
    return withAccess(
      {
        id: r.id,
        meetingId: r.meeting_id,
        agendaItemId: r.agenda_item_id,
        caseId: r.case_id,
        category: r.category,
        text: r.text,
        rationale: r.rationale,
        status: r.status,
        decidedAt: r.decided_at,
        version: r.version,
      },
      { ...view, entityType: 'Recommendation', entityId: r.id },
    );
  }

  async ofItem(itemId: string, view: AccessView) {
    const rows: RecommendationRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM meetings.recommendations WHERE agenda_item_id = $1 ORDER BY created_at, id`,
      [itemId],
    );
    return rows.map((r) => this.model(r, view));
  }

  /** A case's recommendations from every meeting item the reader may see in full. */
  async ofCase(ctx: MeetingsContext, caseId: string) {
    const rows: RecommendationRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM meetings.recommendations WHERE case_id = $1 ORDER BY created_at, id`,
      [caseId],
    );
    const out: ReturnType<RecommendationsService['model']>[] = [];
    for (const r of rows) {
      const item = await findItem(this.ds, r.agenda_item_id);
      const m = await findMeeting(this.ds, r.meeting_id);
      const view = item && m ? await this.visibility.itemView(ctx, m, item) : null;
      if (view?.fields.has('D19')) out.push(this.model(r, view));
    }
    return out;
  }

  async dissentsOf(recommendationId: string, view: AccessView) {
    const rows: { agency_id: string; reason: string; created_at: Date }[] = await this.ds.query(
      `SELECT agency_id, reason, created_at FROM meetings.recommendation_dissents WHERE recommendation_id = $1 ORDER BY created_at`,
      [recommendationId],
    );
    return rows.map((r) =>
      withAccess(
        { agencyId: r.agency_id, reason: r.reason, createdAt: r.created_at },
        { ...view, entityType: 'Recommendation', entityId: recommendationId },
      ),
    );
  }

  private async forWrite(ctx: MeetingsContext, id: string) {
    requireUuid(id, 'recommendationId');
    const rows: RecommendationRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM meetings.recommendations WHERE id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r) throw notFound('Recommendation');
    const { m, view } = await this.visibility.visibleItem(ctx, r.agenda_item_id).catch(() => {
      throw notFound('Recommendation');
    });
    if (!view.fields.has('D19')) throw notFound('Recommendation');
    return { r, m, view };
  }

  /** The chair (or coordinator taking the minutes) records a proposal during the meeting. */
  async propose(ctx: MeetingsContext, input: { agendaItemId: string; category: string; text: string }) {
    const { m, item, view } = await this.visibility.visibleItem(ctx, input.agendaItemId);
    if (!ctx.access.isOfficer(m.clinicId))
      throw forbidden("Only the clinic's chair or coordinator may record recommendations");
    if (m.status !== 'IN_PROGRESS' && m.status !== 'MINUTES_DRAFT')
      throw badInput('Recommendations are made at the meeting', 'agendaItemId');
    if (!item.caseId) throw badInput('A recommendation belongs to a case item', 'agendaItemId');
    const text = requireText(input.text, 'text', 4000);
    await this.text.assertCleanText(ctx, { caseIds: [item.caseId] }, { text });
    const row = await withTransaction(this.ds, async (tx) => {
      const rows: RecommendationRow[] = await tx.query(
        `INSERT INTO meetings.recommendations (meeting_id, agenda_item_id, case_id, category, text, proposed_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [m.id, item.id, item.caseId, input.category, text, ctx.actor.userId],
      );
      await this.audit.write(
        [
          writeEvent(ctx, 'CREATE', 'Recommendation', rows[0]!.id, ['D19'], 'proposeRecommendation', {
            caseId: item.caseId,
          }),
        ],
        tx,
      );
      return rows[0]!;
    });
    return this.model(row, view);
  }

  /** The chair records the clinic's decision with its rationale. */
  async decide(
    ctx: MeetingsContext,
    input: {
      recommendationId: string;
      version: number;
      status: 'AGREED' | 'NOT_AGREED';
      rationale?: string | null;
    },
  ) {
    const { r, m, view } = await this.forWrite(ctx, input.recommendationId);
    if (!ctx.access.isChair(m.clinicId))
      throw forbidden('Only the chair records the decision on a recommendation');
    if (m.status === 'MINUTES_APPROVED') throw badInput('Approved minutes are immutable', 'recommendationId');
    if (r.status !== 'PROPOSED') throw badInput('The recommendation has been decided', 'recommendationId');
    const rationale = optionalText(input.rationale, 'rationale', 4000);
    if (!rationale) throw badInput('A decision needs a rationale', 'rationale');
    await this.text.assertCleanText(ctx, { caseIds: [r.case_id] }, { rationale });
    const row = await withTransaction(this.ds, async (tx) => {
      const rows: RecommendationRow[] = await updateReturning(
        tx,
        `UPDATE meetings.recommendations SET status = $3, rationale = $4, decided_by_user_id = $5, decided_at = now(), version = version + 1
          WHERE id = $1 AND version = $2 AND status = 'PROPOSED' RETURNING ${COLUMNS}`,
        [r.id, input.version, input.status, rationale, ctx.actor.userId],
      );
      if (!rows.length) throw conflict();
      await this.audit.write(
        [
          writeEvent(ctx, 'UPDATE', 'Recommendation', r.id, ['D19'], 'decideRecommendation', {
            caseId: r.case_id,
          }),
        ],
        tx,
      );
      return rows[0]!;
    });
    return this.model(row, view);
  }

  /**
   * Records an agency's dissent: the chair for any participating agency, or a user of the
   * dissenting agency for its own.
   */
  async recordDissent(
    ctx: MeetingsContext,
    input: { recommendationId: string; agencyId: string; reason: string },
  ) {
    const { r, m, view } = await this.forWrite(ctx, input.recommendationId);
    requireUuid(input.agencyId, 'agencyId');
    if (!ctx.access.isChair(m.clinicId) && input.agencyId !== ctx.actor.agencyId)
      throw forbidden("Only the chair or the agency itself records an agency's dissent");
    if (m.status === 'MINUTES_APPROVED') throw badInput('Approved minutes are immutable', 'recommendationId');
    const c = await ctx.access.caseOf(r.case_id);
    if (!c?.participantAgencyIds.includes(input.agencyId))
      throw badInput('The agency does not participate in the case', 'agencyId');
    const reason = requireText(input.reason, 'reason', 2000);
    await this.text.assertCleanText(ctx, { caseIds: [r.case_id] }, { reason });
    await withTransaction(this.ds, async (tx) => {
      const rows: unknown[] = await tx.query(
        `INSERT INTO meetings.recommendation_dissents (recommendation_id, agency_id, reason, recorded_by_user_id)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING agency_id`,
        [r.id, input.agencyId, reason, ctx.actor.userId],
      );
      if (!rows.length) throw badInput("The agency's dissent is already recorded", 'agencyId');
      await this.audit.write(
        [writeEvent(ctx, 'CREATE', 'Recommendation', r.id, ['D19'], 'recordDissent', { caseId: r.case_id })],
        tx,
      );
    });
    return this.model(r, view);
  }
}
