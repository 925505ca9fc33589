import { Redis, type RedisOptions } from 'ioredis';

export type RedisRole = 'producer' | 'worker';

/**
 * ioredis connection for BullMQ.
 * - `producer` (queue.add from requests and the outbox relay): no offline queue, so a command
 *   issued while Redis is down fails at once instead of waiting forever (bullmq #995), and a
 *   command timeout for a Redis that accepts the connection but does not answer.
 * - `worker`: `maxRetriesPerRequest: null`, as BullMQ requires for blocking commands; it waits
 *   out an outage and resumes.
 * Both keep reconnecting in the background.
 */
export function createRedis(url: string, role: RedisRole, extra: RedisOptions = {}): Redis {
  const retryStrategy = (times: number) => Math.min(200 * 2 ** Math.min(times, 6), 5_000);
  const options: RedisOptions =
    role === 'producer'
      ? {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          commandTimeout: 5_000,
          connectTimeout: 5_000,
          retryStrategy,
          connectionName: 'scp-producer',
        }
      : {
          maxRetriesPerRequest: null,
          enableOfflineQueue: true,
          retryStrategy,
          connectionName: 'scp-worker',
        };
  const redis = new Redis(url, { ...options, ...extra });
  // An 'error' event without a listener crashes the process; reconnects are handled by ioredis.
  redis.on('error', () => undefined);
  return redis;
}

/** Resolves when `redis` is connected and ready; rejects after `timeoutMs`. */
export function waitForRedis(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/**
 * Runs `fn` now when `redis` is ready, and again each time it becomes ready (the reconnect after
 * an outage: ioredis emits 'ready' once the connection answers again). Returns the unsubscribe.
 */
export function onRedisReady(redis: Redis, fn: () => void): () => void {
  redis.on('ready', fn);
  if (redis.status === 'ready') fn();
  return () => void redis.off('ready', fn);
}
