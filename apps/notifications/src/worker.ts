import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type EventEnvelope } from '@scp/contracts';
import { createWorker } from '@scp/platform-messaging';
import type { PlatformLogger } from '@scp/platform-database';
import type { NotificationPipeline } from '@scp/notifications';
import { EMAIL_ATTEMPTS, type BullJobs } from './jobs.js';

/** The queues of other services' events that the notifications service consumes. */
export const EVENT_QUEUES = [
  QUEUES.caseEventsForNotifications,
  QUEUES.referralEventsForNotifications,
  QUEUES.meetingEventsForNotifications,
] as const;

export interface NotificationsWorker {
  workers: Worker[];
  /** Finishes the jobs in hand (BullMQ returns the rest to the queue), then stops. */
  close(): Promise<void>;
}

/**
 * The BullMQ side of the service: events in, one job per email, reminder wake-ups, the daily
 * digest (a job scheduler at 07:00 London) and the reconciler that re-adds lost jobs.
 */
export async function startNotificationsWorker(opts: {
  pipeline: NotificationPipeline;
  jobs: BullJobs;
  connection: Redis;
  prefix?: string;
  logger?: PlatformLogger;
  reconcileIntervalMs?: number;
  concurrency?: number;
}): Promise<NotificationsWorker> {
  const { pipeline, logger } = opts;
  // Jobs here take milliseconds: a short lock makes a crashed worker's jobs come back within
  // ~15 s (lock expiry + stall check) instead of BullMQ's default of up to a minute.
  const common = {
    prefix: opts.prefix,
    logger,
    concurrency: opts.concurrency ?? 10,
    lockDuration: 10_000,
    stalledInterval: 5_000,
  };
  const workers: Worker[] = EVENT_QUEUES.map((queue) =>
    createWorker<EventEnvelope>(queue, (job) => pipeline.handleEvent(job.data), opts.connection, common),
  );
  workers.push(
    createWorker<{ deliveryId: string }>(
      QUEUES.notificationEmails,
      async (job) => {
        const outcome = await pipeline.sendEmail(job.data.deliveryId, job.attemptsMade + 1 >= EMAIL_ATTEMPTS);
        if (outcome.status === 'RETRY') throw new Error('SMTP unavailable; retried with backoff');
      },
      opts.connection,
      common,
    ),
    createWorker<{ reminderId?: string }>(
      QUEUES.notificationReminders,
      async (job) => {
        if (job.name === 'digest') await pipeline.sendDigests();
        else if (job.data.reminderId) await pipeline.fireReminder(job.data.reminderId);
      },
      opts.connection,
      common,
    ),
  );
  try {
    await opts.jobs.ensureSchedules();
  } catch (err) {
    // The reconciler's passes set them once Redis answers.
    logger?.warn({ err: { name: (err as Error).name } }, 'digest scheduler not set yet (Redis down?)');
  }
  const reconcile = () =>
    pipeline
      .reconcile()
      .catch((err: Error) => logger?.warn({ err: { name: err.name } }, 'notification reconcile failed'));
  void reconcile();
  const timer = setInterval(reconcile, opts.reconcileIntervalMs ?? 30_000);
  timer.unref();
  return {
    workers,
    async close() {
      clearInterval(timer);
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
