import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { withAccess, type AccessView } from '@scp/platform-access';
import { withTransaction } from '@scp/platform-database';
import { MEETINGS_AUDIT, MEETINGS_DATA_SOURCE, type AuditWriterLike } from '../shared/tokens.js';
import type { MeetingsContext } from '../shared/context.js';
import { writeEvent } from '../shared/audit.js';
import { optionalText, requireText, requireUuid } from '../shared/validation.js';
import { FreeTextGuard } from '../shared/free-text.service.js';
import { MeetingVisibilityService } from '../meeting/meeting-visibility.service.js';
import { findMeetings } from '../meeting/meeting.repository.js';
import { AgendaItemEntity } from '../agenda/agenda.entities.js';
import { RecommendationDissentEntity, RecommendationEntity } from './recommendations.entities.js';
import { conflict, forbidden, invalid, notFound } from '@scp/contracts';

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

  private model(r: RecommendationEntity, view: AccessView) {
    return withAccess(
      {
        id: r.id,
        meetingId: r.meetingId,
        agendaItemId: r.agendaItemId,
        caseId: r.caseId,
        category: r.category,
        text: r.text,
        rationale: r.rationale,
        status: r.status,
        decidedAt: r.decidedAt,
        version: r.version,
      },
      { ...view, entityType: 'Recommendation', entityId: r.id },
    );
  }

  async ofItem(itemId: string, view: AccessView) {
    const rows = await this.ds
      .getRepository(RecommendationEntity)
      .find({ where: { agendaItemId: itemId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((r) => this.model(r, view));
  }

  /** A case's recommendations from every meeting item the reader may see in full. */
  async ofCase(ctx: MeetingsContext, caseId: string) {
    const rows = await this.ds
      .getRepository(RecommendationEntity)
      .find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
    // Their items and meetings in one read each, not one per recommendation.
    const items = new Map(
      (await this.ds.getRepository(AgendaItemEntity).findBy({ id: In(rows.map((r) => r.agendaItemId)) })).map(
        (i) => [i.id, i],
      ),
    );
    const meetings = new Map(
      (await findMeetings(this.ds, [...new Set(rows.map((r) => r.meetingId))])).map((m) => [m.id, m]),
    );
    const out: ReturnType<RecommendationsService['model']>[] = [];
    for (const r of rows) {
      const item = items.get(r.agendaItemId);
      const m = meetings.get(r.meetingId);
      const view = item && m ? await this.visibility.itemView(ctx, m, item) : null;
      if (view?.fields.has('D19')) out.push(this.model(r, view));
    }
    return out;
  }

  async dissentsOf(recommendationId: string, view: AccessView) {
    const rows = await this.ds
      .getRepository(RecommendationDissentEntity)
      .find({ where: { recommendationId }, order: { createdAt: 'ASC' } });
    return rows.map((r) =>
      withAccess(
        { agencyId: r.agencyId, reason: r.reason, createdAt: r.createdAt },
        { ...view, entityType: 'Recommendation', entityId: recommendationId },
      ),
    );
  }

  private async forWrite(ctx: MeetingsContext, id: string) {
    requireUuid(id, 'recommendationId');
    const r = await this.ds.getRepository(RecommendationEntity).findOneBy({ id });
    if (!r) throw notFound('Recommendation');
    const { m, view } = await this.visibility.visibleItem(ctx, r.agendaItemId).catch(() => {
      throw notFound('Recommendation');
    });
    if (!view.fields.has('D19')) throw notFound('Recommendation');
    return { r, m, view };
  }

  /** The chair (or coordinator taking the minutes) records a proposal during the meeting. */
  async propose(ctx: MeetingsContext, input: { agendaItemId: string; category: string; text: string }) {
    const { m, item, view } = await this.visibility.visibleItem(ctx, input.agendaItemId);
    if (!ctx.access.may('RECORD_RECOMMENDATION', { clinicId: m.clinicId }))
      throw forbidden("Only the clinic's chair or coordinator may record recommendations");
    if (m.status !== 'IN_PROGRESS' && m.status !== 'MINUTES_DRAFT')
      throw invalid('Recommendations are made at the meeting', 'agendaItemId');
    if (!item.caseId) throw invalid('A recommendation belongs to a case item', 'agendaItemId');
    const text = requireText(input.text, 'text', 4000);
    await this.text.assertCleanText(ctx, { caseIds: [item.caseId] }, { text });
    const row = await withTransaction(this.ds, async (tx) => {
      const recommendations = tx.getRepository(RecommendationEntity);
      const id = randomUUID();
      await recommendations.insert({
        id,
        meetingId: m.id,
        agendaItemId: item.id,
        caseId: item.caseId!,
        category: input.category,
        text,
        proposedByUserId: ctx.actor.userId,
      });
      await this.audit.write(
        [
          writeEvent(ctx, 'CREATE', 'Recommendation', id, ['D19'], 'proposeRecommendation', {
            caseId: item.caseId,
          }),
        ],
        tx,
      );
      // Read back for what the database filled in (status, version, time).
      return recommendations.findOneByOrFail({ id });
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
    if (!ctx.access.may('DECIDE_RECOMMENDATION', { clinicId: m.clinicId }))
      throw forbidden('Only the chair records the decision on a recommendation');
    if (m.status === 'MINUTES_APPROVED') throw invalid('Approved minutes are immutable', 'recommendationId');
    if (r.status !== 'PROPOSED') throw invalid('The recommendation has been decided', 'recommendationId');
    const rationale = optionalText(input.rationale, 'rationale', 4000);
    if (!rationale) throw invalid('A decision needs a rationale', 'rationale');
    await this.text.assertCleanText(ctx, { caseIds: [r.caseId] }, { rationale });
    const row = await withTransaction(this.ds, async (tx) => {
      const recommendations = tx.getRepository(RecommendationEntity);
      const updated = await recommendations.update(
        { id: r.id, version: input.version, status: 'PROPOSED' },
        {
          status: input.status,
          rationale,
          decidedByUserId: ctx.actor.userId,
          decidedAt: () => 'now()',
          version: () => 'version + 1',
        },
      );
      if (!updated.affected) throw conflict();
      await this.audit.write(
        [
          writeEvent(ctx, 'UPDATE', 'Recommendation', r.id, ['D19'], 'decideRecommendation', {
            caseId: r.caseId,
          }),
        ],
        tx,
      );
      return recommendations.findOneByOrFail({ id: r.id });
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
    if (
      !ctx.access.may('RECORD_DISSENT', {
        clinicId: m.clinicId,
        ownAgency: input.agencyId === ctx.actor.agencyId,
      })
    )
      throw forbidden("Only the chair or the agency itself records an agency's dissent");
    if (m.status === 'MINUTES_APPROVED') throw invalid('Approved minutes are immutable', 'recommendationId');
    const c = await ctx.access.caseOf(r.caseId);
    if (!c?.participantAgencyIds.includes(input.agencyId))
      throw invalid('The agency does not participate in the case', 'agencyId');
    const reason = requireText(input.reason, 'reason', 2000);
    await this.text.assertCleanText(ctx, { caseIds: [r.caseId] }, { reason });
    await withTransaction(this.ds, async (tx) => {
      const inserted = await tx
        .createQueryBuilder()
        .insert()
        .into(RecommendationDissentEntity)
        .values({
          recommendationId: r.id,
          agencyId: input.agencyId,
          reason,
          recordedByUserId: ctx.actor.userId,
        })
        .orIgnore()
        .returning('agency_id')
        .execute();
      if (!(inserted.raw as unknown[]).length)
        throw invalid("The agency's dissent is already recorded", 'agencyId');
      await this.audit.write(
        [writeEvent(ctx, 'CREATE', 'Recommendation', r.id, ['D19'], 'recordDissent', { caseId: r.caseId })],
        tx,
      );
    });
    return this.model(r, view);
  }
}
