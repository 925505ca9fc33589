import type { EntityManager } from 'typeorm';
import { EVENT_TYPES, type CaseItemEventPayload, type EventType } from '@scp/contracts';
import type { OutboxLike } from '../shared/tokens.js';
import type { MeetingsContext } from '../shared/context.js';
import { itemsOf } from './meeting.repository.js';
import type { MeetingEntity } from './meeting.entities.js';
import type { AgendaItemEntity } from '../agenda/agenda.entities.js';
import type { MeetingStatus } from './meeting-rules.js';

/**
 * What a meeting's status change means for each case on its agenda (docs/case-lifecycle.md), one
 * event per case item to the cases service, which moves the case's status:
 * - agenda published → `meeting.case-listed` for every case item not deferred;
 * - minutes approved → `meeting.case-reviewed` for every case item not deferred (with its next
 *   review date), `meeting.case-unlisted` for the deferred ones;
 * - cancelled after publication → `meeting.case-unlisted` for every case item.
 * Written in the status change's transaction; payloads carry ids, dates and codes only.
 */
export async function writeCaseItemEvents(
  m: EntityManager,
  outbox: OutboxLike,
  ctx: MeetingsContext,
  meeting: MeetingEntity,
  to: MeetingStatus,
  /** The meeting's items when the caller has read them in this transaction. */
  items?: AgendaItemEntity[],
): Promise<void> {
  const published = meeting.status !== 'SCHEDULED';
  if (to !== 'AGENDA_PUBLISHED' && to !== 'MINUTES_APPROVED' && !(to === 'CANCELLED' && published)) return;
  for (const item of items ?? (await itemsOf(m, meeting.id))) {
    if (!item.caseId) continue;
    const deferred = item.deferralReason !== null;
    let type: EventType;
    if (to === 'AGENDA_PUBLISHED') {
      if (deferred) continue;
      type = EVENT_TYPES.caseListed;
    } else if (to === 'MINUTES_APPROVED' && !deferred) type = EVENT_TYPES.caseReviewed;
    else type = EVENT_TYPES.caseUnlisted;
    await writeCaseItemEvent(m, outbox, ctx, meeting, type, {
      id: item.id,
      caseId: item.caseId,
      nextReviewOn: type === EVENT_TYPES.caseReviewed ? item.nextReviewOn : undefined,
    });
  }
}

/** The moves whose case item events (or next review events) read the agenda. */
export const CASE_ITEM_EVENT_MOVES: ReadonlySet<MeetingStatus> = new Set([
  'AGENDA_PUBLISHED',
  'MINUTES_APPROVED',
  'CANCELLED',
]);

/**
 * One case item's event. Also written on its own when an urgent case item is added to an agenda
 * already published: the case is then listed at once.
 */
export async function writeCaseItemEvent(
  m: EntityManager,
  outbox: OutboxLike,
  ctx: MeetingsContext,
  meeting: MeetingEntity,
  type: EventType,
  item: { id: string; caseId: string; nextReviewOn?: string | null },
): Promise<void> {
  const payload: CaseItemEventPayload = {
    caseId: item.caseId,
    meetingId: meeting.id,
    agendaItemId: item.id,
    meetingKind: meeting.kind,
    meetingStartsAt: meeting.startsAt.toISOString(),
    meetingEndsAt: meeting.endsAt.toISOString(),
  };
  if (item.nextReviewOn !== undefined) payload.nextReviewOn = item.nextReviewOn;
  await outbox.write(m, {
    type,
    aggregateType: 'Case',
    aggregateId: item.caseId,
    actorId: ctx.actor.userId,
    correlationId: ctx.actor.requestId,
    payload,
  });
}
