import type { DataSource } from 'typeorm';
import type { Worker } from 'bullmq';
import { EVENT_TYPES, QUEUES, type CaseItemEventPayload, type EventEnvelope } from '@scp/contracts';
import { Outbox, withTransaction } from '@scp/platform-database';
import type { Logger } from '@scp/platform-logging';
import { consumeOnce, createRedis, createWorker } from '@scp/platform-messaging';
import { CaseEntity } from '../case/case.entities.js';
import { ClinicLifecycle } from '../lifecycle/clinic-lifecycle.js';
import {
  OpenActionsReplica,
  REPLICA_ACTION_STATUSES,
  type ReplicaActionStatus,
} from '../lifecycle/open-actions.replica.js';
import type { OutboxLike } from '../shared/tokens.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const CASE_ITEM_EVENTS: Partial<Record<string, 'listed' | 'reviewed' | 'unlisted'>> = {
  [EVENT_TYPES.caseListed]: 'listed',
  [EVENT_TYPES.caseReviewed]: 'reviewed',
  [EVENT_TYPES.caseUnlisted]: 'unlisted',
};

const isInstant = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

function caseItemPayload(p: Record<string, unknown>): CaseItemEventPayload {
  const ids = [p.caseId, p.meetingId, p.agendaItemId];
  if (!ids.every((v) => typeof v === 'string' && UUID.test(v)))
    throw new Error('case item event without ids');
  if (!isInstant(p.meetingStartsAt) || !isInstant(p.meetingEndsAt) || typeof p.meetingKind !== 'string')
    throw new Error('case item event without its meeting');
  if (p.nextReviewOn != null && (typeof p.nextReviewOn !== 'string' || !DAY.test(p.nextReviewOn)))
    throw new Error('case item event with a malformed next review date');
  return p as CaseItemEventPayload;
}

/**
 * Applies one event of the meetings service (`meeting-events.cases`):
 * - `action.status-changed` → `cases.open_actions` (closure refuses while a case has open actions);
 *   the replica keeps the newest state per action, so a redelivery or reordering is harmless;
 * - `case.next-review-set` → the case's next review date, set by the approved minutes. Setting a
 *   value is idempotent; the worker runs one job at a time so approvals apply in queue order.
 * - `meeting.case-listed`, `-reviewed`, `-unlisted` → the case's status, next review, urgent flag and
 *   timeline (ClinicLifecycle, docs/case-lifecycle.md), once per event (processed_events).
 * Payloads carry ids and codes only; anything malformed is refused (the job fails and is kept).
 */
export async function applyMeetingEvent(
  ds: DataSource,
  event: EventEnvelope,
  outbox: OutboxLike = new Outbox('cases'),
): Promise<void> {
  const p = event.payload as Record<string, unknown>;
  const cause = { actorUserId: event.actorId, correlationId: event.correlationId };
  const item = CASE_ITEM_EVENTS[event.type];
  if (item) {
    const payload = caseItemPayload(p);
    await consumeOnce(ds, 'cases', 'meeting-events', event.id, (m) =>
      new ClinicLifecycle(m, outbox, cause)[item](payload),
    );
    return;
  }
  if (event.type === EVENT_TYPES.actionStatusChanged) {
    if (
      typeof p.actionId !== 'string' ||
      !UUID.test(p.actionId) ||
      typeof p.caseId !== 'string' ||
      !UUID.test(p.caseId)
    )
      throw new Error('action event without ids');
    if (!(REPLICA_ACTION_STATUSES as readonly unknown[]).includes(p.status))
      throw new Error('unknown action status');
    await withTransaction(ds, async (m) => {
      await OpenActionsReplica.apply(m, {
        actionId: p.actionId as string,
        caseId: p.caseId as string,
        status: p.status as ReplicaActionStatus,
        changedAt: new Date(event.occurredAt),
      });
      await new ClinicLifecycle(m, outbox, cause).actionChanged(p.caseId as string);
    });
    return;
  }
  if (event.type === EVENT_TYPES.nextReviewSet) {
    if (
      typeof p.caseId !== 'string' ||
      !UUID.test(p.caseId) ||
      typeof p.nextReviewOn !== 'string' ||
      !DAY.test(p.nextReviewOn)
    )
      throw new Error('next review event without a case or a date');
    await ds
      .createQueryBuilder()
      .update(CaseEntity)
      .set({ nextReviewOn: p.nextReviewOn, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND next_review_on IS DISTINCT FROM :day::date', { id: p.caseId, day: p.nextReviewOn })
      .execute();
  }
}

/**
 * The worker on `meeting-events.cases` with its own worker connection (started by createCasesApp
 * when Redis is configured); `close()` finishes the active job, then disconnects.
 */
export function startMeetingEventsWorker(opts: {
  ds: DataSource;
  redisUrl: string;
  prefix?: string;
  logger?: Logger;
}): { worker: Worker<EventEnvelope>; close(): Promise<void> } {
  const connection = createRedis(opts.redisUrl, 'worker');
  const worker = createWorker<EventEnvelope>(
    QUEUES.meetingEventsForCases,
    (job) => applyMeetingEvent(opts.ds, job.data),
    connection,
    { prefix: opts.prefix, logger: opts.logger, concurrency: 1 },
  );
  return {
    worker,
    close: async () => {
      await worker.close();
      connection.disconnect();
    },
  };
}
