import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type EventEnvelope } from '@scp/contracts';
import { createWorker, onRedisReady } from '@scp/platform-messaging';
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
  /** A warning is logged when the queues' Redis is not ready this long after start (default 10 s). */
  redisReadyWarnMs?: number;
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
  const reconcile = () =>
    pipeline
      .reconcile()
      .catch((err: Error) => logger?.warn({ err: { name: err.name } }, 'notification reconcile failed'));
  // The schedules (the daily digest) and the first reconcile pass go through the producer
  // connection, which is still connecting at start and has no offline queue: a command before its
  // 'ready' fails at once. So they run when it is ready, and again on each reconnect (a Redis that
  // restarted may have lost them), not only at the next interval.
  let ready = false;
  const whenReady = () => {
    ready = true;
    pipeline.reconcile().then(
      (r) =>
        logger?.info(
          { schedules: r.schedules, reminders: r.reminders },
          'notification schedules set (Redis ready)',
        ),
      (err: Error) =>
        logger?.error(
          { err: { name: err.name } },
          'notification schedules not set although Redis is ready; the reconciler tries again',
        ),
    );
  };
  const offReady = onRedisReady(opts.jobs.producer, whenReady);
  const notReady = setTimeout(() => {
    if (!ready)
      logger?.warn(
        { afterMs: opts.redisReadyWarnMs ?? 10_000 },
        'Redis not ready: the digest schedule is not set yet; it is set as soon as Redis is ready',
      );
  }, opts.redisReadyWarnMs ?? 10_000);
  notReady.unref();
  const timer = setInterval(reconcile, opts.reconcileIntervalMs ?? 30_000);
  timer.unref();
  return {
    workers,
    async close() {
      offReady();
      clearTimeout(notReady);
      clearInterval(timer);
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
