import { Queue, Worker, type DefaultJobOptions, type Job, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { BullMQOtel } from 'bullmq-otel';
import type { PlatformLogger } from '@scp/platform-database';
import { queueFailures, tracingEnabled, watchQueue } from '@scp/platform-telemetry';

/**
 * Retries with backoff, bounded completed-job history, and failed jobs kept for inspection
 * (security.md 4.1). Completed jobs are kept a day so that a deterministic job id (the event
 * id) still deduplicates a re-add for that long, and so that the outbox reconciler, which looks
 * at an event's job a few minutes after sending it, finds it completed and marks the row
 * delivered. The count bound must stay far above the completions of one reconcile window: with
 * the earlier 1,000, a queue busier than that lost its completed jobs first, the reconciler read
 * the missing job as lost and re-sent the event, again and again (each copy absorbed by the
 * consumer's processed_events, but never ending).
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { count: 100_000, age: 24 * 60 * 60 },
  removeOnFail: { count: 10_000 },
};

/**
 * With tracing on, a job carries the W3C trace context of whoever added it (the outbox relay's
 * span, a service's request), and the worker's span continues it (bullmq-otel).
 */
const telemetry = () => (tracingEnabled() ? { telemetry: new BullMQOtel({ tracerName: 'scp' }) } : {});

function isProducer(connection: Redis): boolean {
  return connection.options.enableOfflineQueue === false;
}

/**
 * A queue on a shared connection (the caller closes the connection; `queue.close()` does not).
 * On a producer connection the queue does not wait for "ready" nor run BullMQ's INFO version
 * check at construction: either would hang or fail for good while Redis is down, where we want
 * each `add` to fail fast and succeed again once Redis is back.
 */
export function createQueue<T = unknown>(name: string, connection: Redis, prefix?: string): Queue<T> {
  const producer = isProducer(connection);
  const queue = new Queue<T>(name, {
    connection,
    prefix,
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
    skipWaitingForReady: producer,
    skipVersionCheck: producer,
    ...telemetry(),
  });
  // Connection errors also reject the pending `add`; without a listener BullMQ prints each one.
  queue.on('error', () => undefined);
  // Its depth is read at each metrics scrape (scp_queue_jobs), until it closes.
  const unwatch = watchQueue(queue);
  const close = queue.close.bind(queue);
  queue.close = async () => {
    unwatch();
    await close();
  };
  return queue;
}

export interface CreateWorkerOptions extends Omit<WorkerOptions, 'connection' | 'prefix'> {
  prefix?: string;
  logger?: PlatformLogger;
}

/**
 * A worker on a worker-role connection (BullMQ duplicates it for the blocking fetch).
 * `worker.close()` waits for the active jobs to finish, which is the graceful shutdown.
 */
export function createWorker<T = unknown, R = unknown>(
  name: string,
  processor: (job: Job<T, R>) => Promise<R>,
  connection: Redis,
  opts: CreateWorkerOptions = {},
): Worker<T, R> {
  if (connection.options.maxRetriesPerRequest !== null) {
    throw new Error('createWorker needs a worker connection: createRedis(url, "worker")');
  }
  const { logger, prefix, ...workerOpts } = opts;
  const worker = new Worker<T, R>(name, processor, {
    concurrency: 5,
    ...workerOpts,
    connection,
    prefix,
    ...telemetry(),
  });
  worker.on('error', (err) => logger?.error({ queue: name, err: { name: err.name } }, 'worker error'));
  worker.on('failed', (job, err) => {
    queueFailures.inc({ queue: name });
    logger?.warn(
      { queue: name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: { name: err.name } },
      'job failed',
    );
  });
  return worker;
}

/** Closes workers first (finishing active jobs), then queues. */
export async function closeAll(...closables: Array<{ close(): Promise<void> } | undefined>): Promise<void> {
  for (const c of closables) await c?.close();
}
