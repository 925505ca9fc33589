import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { MEETINGS_DATA_SOURCE, MEETINGS_FREE_TEXT, type FreeTextChecker } from './tokens.js';
import type { MeetingsContext } from './context.js';
import { itemsOf } from '../meeting/meeting.repository.js';
import type { MeetingEntity } from '../meeting/meeting.entities.js';
import type { AgendaItemEntity } from '../agenda/agenda.entities.js';

/** The cases a free text can reach (docs/free-text.md). */
export interface TextReach {
  caseIds: (string | null)[];
  /** Also every open case of this clinic. */
  clinicId?: string | null;
}

/**
 * Free text that other agencies read goes through the one free-text rule (the cases service's
 * check, docs/free-text.md) against every case it can reach, before it is stored. Which fields
 * are checked is FREE_TEXT_FIELDS (libs/contracts); a new field must be classified there.
 */
@Injectable()
export class FreeTextGuard {
  constructor(
    @Inject(MEETINGS_DATA_SOURCE) private readonly ds: DataSource,
    @Optional() @Inject(MEETINGS_FREE_TEXT) private readonly freeText?: FreeTextChecker,
  ) {}

  async assertCleanText(
    ctx: MeetingsContext,
    reach: TextReach,
    texts: Record<string, string | null | undefined>,
    kind: 'prose' | 'venue' = 'prose',
  ): Promise<void> {
    const caseIds = [...new Set(reach.caseIds.filter((c): c is string => !!c))];
    if (!this.freeText || (!caseIds.length && !reach.clinicId)) return;
    for (const [field, text] of Object.entries(texts))
      if (text?.trim())
        await this.freeText.assertClean({
          userId: ctx.actor.userId,
          requestId: ctx.actor.requestId,
          caseIds,
          clinicId: reach.clinicId ?? null,
          field,
          text,
          kind,
        });
  }

  /** An item's text reaches its case; an item without one is read by every attendee. */
  async itemReach(m: MeetingEntity, item: AgendaItemEntity): Promise<TextReach> {
    return item.caseId ? { caseIds: [item.caseId] } : this.meetingReach(m);
  }

  /** What a meeting-wide text can reach: every case on its agenda and the clinic's open cases. */
  async meetingReach(m: MeetingEntity, db: DataSource | EntityManager = this.ds): Promise<TextReach> {
    return { caseIds: (await itemsOf(db, m.id)).map((i) => i.caseId), clinicId: m.clinicId };
  }
}
