import { UnrecoverableError, type Job, type Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_TYPES, QUEUES, type EventEnvelope } from '@scp/contracts';
import {
  Outbox,
  createDataSource,
  outboxTableSql,
  runMigrations,
  withTransaction,
} from '@scp/platform-database';
import {
  createTestDatabase,
  eventually,
  freePort,
  startRedis,
  testRedisUrl,
  uniquePrefix,
  type TestDatabase,
} from '@scp/platform-testing';
import { OutboxRelay } from './outbox-relay.js';
import { createQueue, createWorker } from './queue.js';
import { createRedis, waitForRedis } from './redis-connection.js';

const SCHEMA = 'relay_spec';

class RelaySpecInit1700000000002 implements MigrationInterface {
  name = 'RelaySpecInit1700000000002';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(outboxTableSql(SCHEMA));
  }
  async down(): Promise<void> {}
}

let seq = 0;
const aggregateId = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

describe('OutboxRelay', () => {
  let db: TestDatabase;
  let ds: DataSource;
  /** The relay's data source: the runtime role (scp_app) with its grants, as the services run. */
  let app: DataSource;
  let producer: Redis;
  let inspector: Redis;
  const outbox = new Outbox(SCHEMA);
  const cleanup: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    db = await createTestDatabase('relay');
    ds = createDataSource({ url: db.url, schema: SCHEMA, migrations: [RelaySpecInit1700000000002] });
    await runMigrations(ds);
    app = createDataSource({ url: db.url, schema: SCHEMA, runtimeRole: 'scp_app', poolSize: 4 });
    await app.initialize();
    producer = createRedis(testRedisUrl(), 'producer');
    inspector = createRedis(testRedisUrl(), 'worker');
    await waitForRedis(producer);
  });

  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
    await ds.query(`DELETE FROM ${SCHEMA}.outbox`);
  });

  afterAll(async () => {
    producer?.disconnect();
    inspector?.disconnect();
    await app?.destroy();
    await ds?.destroy();
    await db?.drop();
  });

  const write = (n = 1) =>
    withTransaction(ds, async (m) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const id = aggregateId();
        ids.push(
          await outbox.write(m, {
            type: EVENT_TYPES.caseCreated,
            aggregateType: 'Case',
            aggregateId: id,
            actorId: 'user-1',
            correlationId: 'req-1',
            payload: { caseId: id },
          }),
        );
      }
      return ids;
    });

  const status = async (id: string) =>
    (
      await ds.query(
        `SELECT status, attempts, last_error, next_attempt_at > now() AS later FROM ${SCHEMA}.outbox WHERE id = $1`,
        [id],
      )
    )[0];

  function relay(prefix: string, extra: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}) {
    const r = new OutboxRelay({
      ds: app,
      schema: SCHEMA,
      queueFor: () => QUEUES.caseEvents,
      connection: producer,
      prefix,
      ...extra,
    });
    cleanup.push(() => r.stop());
    return r;
  }

  function inspect(prefix: string): Queue {
    const q = createQueue(QUEUES.caseEvents, inspector, prefix);
    cleanup.push(() => q.close());
    return q;
  }

  function worker(prefix: string, seen: Job<EventEnvelope>[]): Worker {
    const w = createWorker<EventEnvelope>(QUEUES.caseEvents, async (job) => void seen.push(job), inspector, {
      prefix,
    });
    cleanup.push(() => w.close());
    return w;
  }

  it('moves pending rows to the queue as the envelope, with the event id as job id', async () => {
    const prefix = uniquePrefix('relay');
    const [id] = await write();
    const seen: Job<EventEnvelope>[] = [];
    worker(prefix, seen);
    expect(await relay(prefix).drainOnce()).toBe(1);
    expect((await status(id!)).status).toBe('enqueued');
    await eventually(() => seen.length === 1);
    const job = seen[0]!;
    expect(job.id).toBe(id);
    expect(job.name).toBe('case.created');
    expect(job.data).toMatchObject({
      id,
      type: 'case.created',
      aggregateType: 'Case',
      actorId: 'user-1',
      correlationId: 'req-1',
      payload: { caseId: job.data.aggregateId },
    });
    expect(Number.isNaN(Date.parse(job.data.occurredAt))).toBe(false);
    expect(job.opts.attempts).toBe(5);
  });

  it('does not create a second job when the same event is enqueued again', async () => {
    const prefix = uniquePrefix('relay');
    const [id] = await write();
    const r = relay(prefix);
    const queue = inspect(prefix);
    expect(await r.drainOnce()).toBe(1);
    // As if the reply to the first add had been lost: the row goes back to pending and is re-sent.
    await ds.query(`UPDATE ${SCHEMA}.outbox SET status = 'pending' WHERE id = $1`, [id]);
    expect(await r.drainOnce()).toBe(1);
    expect(await queue.getJobCounts('waiting', 'active', 'completed', 'delayed')).toEqual({
      waiting: 1,
      active: 0,
      completed: 0,
      delayed: 0,
    });
  });

  it('sends a batch with one bulk add per queue: one job per row, fanned out, and a row with no queue stays pending alone', async () => {
    const prefix = uniquePrefix('relay');
    const ids = await write(5);
    const orphan = ids[2]!;
    const fanned = ids[4]!;
    // The rows' types differ: one routed nowhere (a configuration error), one to two consumers.
    await ds.query(`UPDATE ${SCHEMA}.outbox SET type = 'unrouted' WHERE id = $1`, [orphan]);
    await ds.query(`UPDATE ${SCHEMA}.outbox SET type = 'fanned' WHERE id = $1`, [fanned]);
    const routes: Record<string, (typeof QUEUES)[keyof typeof QUEUES][]> = {
      'case.created': [QUEUES.caseEvents],
      fanned: [QUEUES.caseEvents, QUEUES.meetingEventsForNotifications],
    };
    const r = relay(prefix, { queueFor: (type: string) => routes[type] ?? [] });
    expect(await r.drainOnce()).toBe(4);
    expect(await status(orphan)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'No queue for event type unrouted',
      later: true,
    });
    for (const id of ids.filter((x) => x !== orphan)) expect((await status(id)).status).toBe('enqueued');
    const cases = inspect(prefix);
    const notifications = createQueue(QUEUES.meetingEventsForNotifications, inspector, prefix);
    cleanup.push(() => notifications.close());
    expect((await cases.getJobs(['waiting'])).map((j) => j.id).sort()).toEqual(
      ids.filter((x) => x !== orphan).sort(),
    );
    expect((await notifications.getJobs(['waiting'])).map((j) => j.id)).toEqual([fanned]);
  });

  it('purges delivered rows past the retention, and only those', async () => {
    const prefix = uniquePrefix('relay');
    const [oldDelivered, recentDelivered, oldPending, oldFailed, oldEnqueued] = await write(5);
    const set = (id: string, sql: string) =>
      ds.query(`UPDATE ${SCHEMA}.outbox SET ${sql} WHERE id = $1`, [id]);
    await set(oldDelivered!, `status = 'delivered', delivered_at = now() - interval '31 days'`);
    await set(recentDelivered!, `status = 'delivered', delivered_at = now() - interval '29 days'`);
    await set(
      oldPending!,
      `created_at = now() - interval '60 days', next_attempt_at = now() + interval '1 day'`,
    );
    await set(oldFailed!, `status = 'failed', created_at = now() - interval '60 days'`);
    await set(oldEnqueued!, `status = 'enqueued', enqueued_at = now() - interval '60 days'`);
    const r = relay(prefix, { deliveredRetentionMs: 30 * 24 * 60 * 60_000 });
    expect(await r.purgeDelivered(1)).toBe(1);
    const left: { id: string }[] = await ds.query(`SELECT id FROM ${SCHEMA}.outbox ORDER BY id`);
    expect(left.map((x) => x.id).sort()).toEqual(
      [recentDelivered, oldPending, oldFailed, oldEnqueued].sort(),
    );
    expect(await r.purgeDelivered()).toBe(0);
  });

  it('wakes on NOTIFY without waiting for the poll', async () => {
    const prefix = uniquePrefix('relay');
    const seen: Job<EventEnvelope>[] = [];
    worker(prefix, seen);
    const r = relay(prefix, { pollIntervalMs: 60_000 });
    r.start();
    // The first pass runs at start; wait for LISTEN to be in place before writing.
    await eventually(
      async () =>
        (
          await ds.query(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
          )
        ).length > 0,
    );
    const [id] = await write();
    await eventually(() => seen.length === 1, 5_000);
    expect(seen[0]!.id).toBe(id);
  });

  it('falls back to polling when LISTEN is off', async () => {
    const prefix = uniquePrefix('relay');
    const r = relay(prefix, { listen: false, pollIntervalMs: 50 });
    r.start();
    const [id] = await write();
    await eventually(async () => (await status(id!)).status === 'enqueued');
  });

  it('lets several relays drain one outbox without sending a row twice', async () => {
    const prefix = uniquePrefix('relay');
    await write(60);
    const relays = [
      relay(prefix, { batchSize: 7 }),
      relay(prefix, { batchSize: 7 }),
      relay(prefix, { batchSize: 7 }),
    ];
    let total = 0;
    for (;;) {
      const counts = await Promise.all(relays.map((r) => r.drainOnce()));
      const sum = counts.reduce((a, b) => a + b, 0);
      total += sum;
      if (sum === 0) break;
    }
    expect(total).toBe(60);
    expect(await inspect(prefix).getWaitingCount()).toBe(60);
  });

  it('fails fast while Redis is unreachable, keeps the rows pending, and drains when Redis is back', async () => {
    const prefix = uniquePrefix('relay');
    const port = await freePort();
    const down = createRedis(`redis://127.0.0.1:${port}`, 'producer');
    cleanup.push(async () => down.disconnect());
    const ids = await write(3);
    const r = relay(prefix, { connection: down });

    const started = Date.now();
    expect(await r.drainOnce()).toBe(0);
    expect(Date.now() - started).toBeLessThan(3_000);
    for (const id of ids) {
      const s = await status(id);
      expect(s.status).toBe('pending');
      expect(s.attempts).toBe(1);
      expect(s.last_error).toMatch(/\S/);
      expect(s.later).toBe(true);
    }
    // A retry is due again once the backoff has passed; stand in for that wait.
    await ds.query(`UPDATE ${SCHEMA}.outbox SET next_attempt_at = now()`);

    const redis = await startRedis({ port });
    if (!redis.spawned) {
      // REDIS_URL given: no server of our own to bring up; a relay on the real Redis drains instead.
      await redis.stop();
      await eventually(async () => (await relay(prefix).drainOnce()) === 3);
    } else {
      cleanup.push(() => redis.stop());
      await waitForRedis(down, 10_000);
      // Same relay, same connection: it recovers by itself once Redis answers.
      await eventually(async () => {
        await r.drainOnce();
        return (await Promise.all(ids.map(status))).every((s) => s.status === 'enqueued');
      });
      const q = createQueue(QUEUES.caseEvents, down, prefix);
      cleanup.push(() => q.close());
      expect(await q.getWaitingCount()).toBe(3);
    }
  });

  it('relays what failed during an outage as soon as Redis is ready again, not at its retry pace', async () => {
    const prefix = uniquePrefix('relay');
    const redis = await startRedis({ own: true });
    cleanup.push(() => redis.stop());
    const conn = createRedis(redis.url, 'producer');
    cleanup.push(async () => conn.disconnect());
    await waitForRedis(conn);
    // The retry pace of the outage (the issue saw up to 35 s): a row failed now waits 30-60 s.
    const r = relay(prefix, { connection: conn, retryBaseMs: 30_000, retryMaxMs: 60_000 });
    r.start();
    await redis.kill!();
    const ids = await write(3);
    await eventually(async () =>
      (await Promise.all(ids.map(status))).every((s) => s.status === 'pending' && s.attempts >= 1 && s.later),
    );
    let readyAt = 0;
    conn.once('ready', () => (readyAt = Date.now()));
    await redis.start!();
    await eventually(
      async () => (await Promise.all(ids.map(status))).every((s) => s.status === 'enqueued'),
      15_000,
    );
    const delay = Date.now() - readyAt;
    expect(readyAt).toBeGreaterThan(0);
    // Measured from the reconnect, far below the 30 s the rows were told to wait.
    expect(delay).toBeLessThan(3_000);
    const q = createQueue(QUEUES.caseEvents, conn, prefix);
    cleanup.push(() => q.close());
    expect(await q.getWaitingCount()).toBe(3);
  });

  it('reconciles stale enqueued rows: missing → pending, completed → delivered, failed → failed, waiting → left', async () => {
    const prefix = uniquePrefix('relay');
    const r = relay(prefix, { staleAfterMs: 1_000 });
    const queue = inspect(prefix);
    const [lost, done, broken] = await write(3);
    expect(await r.drainOnce()).toBe(3);
    // Redis lost one job (as after a restart without persistence); a consumer completed another
    // and gave up on the third.
    await (await queue.getJob(lost!))!.remove();
    const w = createWorker(
      QUEUES.caseEvents,
      async (job) => {
        if (job.id === broken) throw new UnrecoverableError('permanent');
        return 'ok';
      },
      inspector,
      { prefix },
    );
    await eventually(
      async () =>
        (await queue.getJobState(done!)) === 'completed' && (await queue.getJobState(broken!)) === 'failed',
    );
    await w.close();
    // A third event is enqueued while no consumer runs.
    const [waiting] = await write(1);
    expect(await r.drainOnce()).toBe(1);

    expect(await r.reconcileOnce()).toEqual({ reset: 0, delivered: 0, failed: 0, stillQueued: 0 });
    await ds.query(`UPDATE ${SCHEMA}.outbox SET enqueued_at = now() - interval '1 hour'`);
    expect(await r.reconcileOnce()).toEqual({ reset: 1, delivered: 1, failed: 1, stillQueued: 1 });
    expect((await status(lost!)).status).toBe('pending');
    expect((await status(broken!)).status).toBe('failed');
    expect((await status(done!)).status).toBe('delivered');
    expect((await status(waiting!)).status).toBe('enqueued');
    // The reset row goes out again; the waiting one is looked at again only after another staleAfterMs.
    expect(await r.drainOnce()).toBe(1);
    expect(await queue.getJobState(lost!)).toBe('waiting');
    expect(await r.reconcileOnce()).toEqual({ reset: 0, delivered: 0, failed: 0, stillQueued: 0 });
  });
});
