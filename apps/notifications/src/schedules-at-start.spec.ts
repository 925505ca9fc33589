import { Writable } from 'node:stream';
import { pino } from 'pino';
import { eventually, startRedis, type RedisHandle } from '@scp/platform-testing';
import { startNotificationsHarness, type NotificationsHarness } from './testing/notifications-harness.js';

/**
 * The daily-digest schedule at the service's start (issue 20 §4, follow-up): the queues' Redis
 * connection is still connecting when the worker starts, and has no offline queue, so a schedule
 * set at once failed and waited for the reconciler's next pass (30 s in production, an hour here).
 * It is set when the connection is ready, and a start without Redis says so in the log.
 */
describe('notification schedules at start', () => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n').filter(Boolean))
          lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    }),
  );
  const logged = (msg: string) => lines.filter((l) => String(l.msg).startsWith(msg));
  let h: NotificationsHarness | undefined;
  let redis: RedisHandle | undefined;

  afterEach(async () => {
    await h?.close();
    h = undefined;
    await redis?.stop();
    redis = undefined;
    lines.length = 0;
  });

  it('Redis up: the schedule is set at start, not at the first reconcile interval (an hour here)', async () => {
    h = await startNotificationsHarness({ logger });
    const digest = await eventually(() => h!.jobs.reminders.getJobScheduler('daily-digest'), 5_000);
    expect(digest).toMatchObject({ pattern: '0 7 * * *', tz: 'Europe/London' });
    // The rest of the pass (reminders, emails) follows; then its line in the log.
    await eventually(() => logged('notification schedules set').length === 1, 5_000);
    expect(logged('Redis not ready')).toHaveLength(0);
  });

  it('Redis down at start: a warning, then the schedule is set as soon as Redis is ready', async () => {
    redis = await startRedis({ own: true });
    await redis.kill!();
    h = await startNotificationsHarness({ logger, redisUrl: redis.url, redisReadyWarnMs: 200 });
    await eventually(() => logged('Redis not ready').length === 1, 5_000);
    expect(logged('notification schedules set')).toHaveLength(0);
    await redis.start!();
    const digest = await eventually(() => h!.jobs.reminders.getJobScheduler('daily-digest'), 10_000);
    expect(digest).toMatchObject({ pattern: '0 7 * * *' });
    await eventually(() => logged('notification schedules set').length === 1, 5_000);
    expect(await h.jobs.reminders.getJobSchedulersCount()).toBe(1);
  });
});
