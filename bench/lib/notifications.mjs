// (vi) The notification pipeline (issue 7, performance.md §iv): events through the outbox,
// the relay, BullMQ and the notifications worker into the inbox, against raw BullMQ doing the
// same INSERT (A1) and nothing (A0) in the same run; event-to-inbox latency; reminder lateness
// against raw delayed jobs; zero lost or duplicated deliveries, also with Redis restarted mid-run.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Queue, Worker } from 'bullmq';
import { createDataSource, outboxTableSql, Outbox, withTransaction } from '@scp/platform-database';
import { createRedis, OutboxRelay, waitForRedis } from '@scp/platform-messaging';
import { startRedis } from '@scp/platform-testing';
import { EVENT_TYPES, QUEUES } from '@scp/contracts';
import { NotificationPipeline, NOTIFICATIONS_ENTITIES } from '@scp/notifications';
import { BullJobs, migrate as migrateNotifications, startNotificationsWorker } from '@scp/notifications-app';
import { createDatabase } from './postgres.mjs';
import { percentile as quantile } from './stats.mjs';

const CONCURRENCY = 10;
const REMINDER_USER = randomUUID();

/** One recipient without an email address: the inbox write is the whole side effect (as in A1). */
const directory = {
  async resolve(q) {
    const ids = q.userIds?.length ? q.userIds : [REMINDER_USER];
    return ids.map((userId) => ({
      userId,
      displayName: 'Bench User',
      email: null,
      agencyId: userId,
      roles: [],
    }));
  },
};
const noMail = {
  async send(m) {
    return { messageId: m.messageId };
  },
};

async function until(check, timeoutMs, intervalMs = 20) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function notificationTests(ctx, { serverUrl, events = 5_000, reminders = 1_000 }) {
  const { log } = ctx;
  const tier = 'pipeline';
  const url = await createDatabase(serverUrl, 'scp_bench_notifications', { statStatements: false });
  // The audit schema is not needed by the pipeline; the notifications schema is.
  await migrateNotifications(url);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA IF NOT EXISTS benchsrc`);
  await admin.query(outboxTableSql('benchsrc'));
  const redis = await startRedis({ persistent: true });
  const producer = createRedis(redis.url, 'producer');
  const workerConn = createRedis(redis.url, 'worker');
  await waitForRedis(producer);
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const ds = createDataSource({
    url,
    schema: 'notifications',
    entities: NOTIFICATIONS_ENTITIES,
    poolSize: 20,
  });
  const src = createDataSource({ url, schema: 'benchsrc', poolSize: 5 });
  await ds.initialize();
  await src.initialize();
  const jobs = new BullJobs(producer, prefix);
  const pipeline = new NotificationPipeline(ds, directory, noMail, jobs, {
    webBaseUrl: 'http://127.0.0.1:4010',
    messageIdDomain: 'bench.invalid',
    organizer: { name: 'Bench', email: 'bench@example.invalid' },
  });
  const worker = await startNotificationsWorker({
    pipeline,
    jobs,
    connection: workerConn,
    prefix,
    concurrency: CONCURRENCY,
    reconcileIntervalMs: 5_000,
  });
  const relay = new OutboxRelay({
    ds: src,
    schema: 'benchsrc',
    queueFor: () => QUEUES.meetingEventsForNotifications,
    connection: producer,
    prefix,
    batchSize: 200,
  });
  relay.start();
  const outbox = new Outbox('benchsrc');
  const count = async (sql, params = []) => Number((await admin.query(sql, params)).rows[0].n);
  const results = {};

  // ── B: the product, n events written in transactions of 50 ──
  const runProduct = async (n, { restartRedisAt } = {}) => {
    const batch = randomUUID();
    const users = Array.from({ length: n }, () => randomUUID());
    const t0 = Date.now();
    let restarted = false;
    for (let i = 0; i < n; i += 50) {
      await withTransaction(src, async (m) => {
        for (let j = i; j < Math.min(n, i + 50); j++)
          await outbox.write(m, {
            type: EVENT_TYPES.attendeeInvited,
            aggregateType: 'Meeting',
            aggregateId: randomUUID(),
            actorId: null,
            correlationId: batch,
            payload: {
              meetingId: randomUUID(),
              attendeeUserId: users[j],
              startsAt: new Date().toISOString(),
              endsAt: new Date(Date.now() + 3_600_000).toISOString(),
            },
          });
      });
      if (restartRedisAt !== undefined && !restarted && i >= restartRedisAt) {
        restarted = true;
        await redis.kill();
        await redis.start();
      }
    }
    const q = `SELECT count(*) AS n FROM notifications.inbox_items WHERE user_id = ANY($1::uuid[])`;
    const done = await until(async () => (await count(q, [users])) >= n, 180_000);
    const seconds = (Date.now() - t0) / 1000;
    const lat = (
      await admin.query(
        `SELECT extract(epoch FROM (i.created_at - o.created_at)) * 1000 AS ms
           FROM notifications.inbox_items i JOIN benchsrc.outbox o ON o.id = i.source_id WHERE i.user_id = ANY($1::uuid[])`,
        [users],
      )
    ).rows
      .map((r) => Number(r.ms))
      .sort((a, b) => a - b);
    const items = await count(q, [users]);
    const distinct = await count(
      `SELECT count(DISTINCT source_id) AS n FROM notifications.inbox_items WHERE user_id = ANY($1::uuid[])`,
      [users],
    );
    return {
      done,
      seconds,
      perSecond: n / seconds,
      items,
      lost: n - distinct,
      duplicated: items - distinct,
      p50: quantile(lat, 0.5),
      p99: quantile(lat, 0.99),
    };
  };

  // ── A: raw BullMQ, the same number of jobs, with (A1) the same INSERT or (A0) nothing ──
  const runRaw = async (n, insert) => {
    const name = `bench-raw-${randomUUID().slice(0, 6)}`;
    const queue = new Queue(name, { connection: producer, prefix });
    const users = Array.from({ length: n }, () => randomUUID());
    let completed = 0;
    const allDone = new Promise((resolve) => {
      const w = new Worker(
        name,
        async (job) => {
          if (insert)
            await ds.query(
              `INSERT INTO notifications.inbox_items (user_id, kind, title, link, source_id) VALUES ($1, 'MEETING_INVITATION', 'You are invited', '/x', $2)
               ON CONFLICT (source_id, user_id, kind) DO NOTHING`,
              [job.data.user, job.data.id],
            );
        },
        { connection: workerConn, prefix, concurrency: CONCURRENCY },
      );
      w.on('completed', () => {
        if (++completed === n) resolve(w);
      });
    });
    const t0 = Date.now();
    for (let i = 0; i < n; i += 500)
      await queue.addBulk(
        users
          .slice(i, i + 500)
          .map((user) => ({ name: 'x', data: { user, id: randomUUID() }, opts: { removeOnComplete: true } })),
      );
    const w = await allDone;
    const seconds = (Date.now() - t0) / 1000;
    await w.close();
    await queue.obliterate({ force: true });
    await queue.close();
    return { seconds, perSecond: n / seconds };
  };

  try {
    log('  (vi) notification pipeline');
    await runProduct(500); // warm-up
    const a0 = await runRaw(events, false);
    const a1 = await runRaw(events, true);
    const b = await runProduct(events);
    results.throughput = {
      A0: a0.perSecond,
      A1: a1.perSecond,
      B: b.perSecond,
      latency_p50_ms: b.p50,
      latency_p99_ms: b.p99,
    };
    ctx.gate(
      'notifications: no event lost or duplicated',
      tier,
      b.done && b.lost === 0 && b.duplicated === 0,
      `${b.items}/${events} inbox items, lost ${b.lost}, duplicated ${b.duplicated}`,
    );
    ctx.experiment('notification throughput', tier, {
      A0_noop_per_s: Math.round(a0.perSecond),
      A1_insert_per_s: Math.round(a1.perSecond),
      B_product_per_s: Math.round(b.perSecond),
      B_over_A1: +(b.perSecond / a1.perSecond).toFixed(2),
      B_over_A0: +(b.perSecond / a0.perSecond).toFixed(2),
      target_B_over_A1: 0.6,
      event_to_inbox_p50_ms: Math.round(b.p50),
      event_to_inbox_p99_ms: Math.round(b.p99),
    });

    const r = await runProduct(events, { restartRedisAt: Math.floor(events / 2) });
    ctx.gate(
      'notifications: Redis restarted mid-run, nothing lost or duplicated',
      tier,
      r.done && r.lost === 0 && r.duplicated === 0,
      `${r.items}/${events} inbox items, lost ${r.lost}, duplicated ${r.duplicated}, ${r.seconds.toFixed(1)} s`,
    );

    // ── Reminders: raw delayed jobs vs the product's reminder rows + wake-up jobs ──
    const rawName = `bench-delay-${randomUUID().slice(0, 6)}`;
    const rawQueue = new Queue(rawName, { connection: producer, prefix });
    const rawLate = [];
    const rawDone = new Promise((resolve) => {
      const w = new Worker(
        rawName,
        async (job) => {
          rawLate.push(Date.now() - job.data.due);
          if (rawLate.length === reminders) resolve(w);
        },
        { connection: workerConn, prefix, concurrency: CONCURRENCY },
      );
    });
    const base = Date.now() + 2_000;
    for (let i = 0; i < reminders; i++) {
      const due = base + Math.floor((i / reminders) * 3_000);
      await rawQueue.add('d', { due }, { delay: due - Date.now(), removeOnComplete: true });
    }
    const rw = await rawDone;
    await rw.close();
    await rawQueue.obliterate({ force: true });
    await rawQueue.close();

    const subjectBase = Date.now() + 2_000;
    const ids = [];
    for (let i = 0; i < reminders; i++) {
      const subject = randomUUID();
      ids.push(subject);
      await pipeline.addReminder(
        'VICTIM_UPDATE_DUE',
        subject,
        null,
        new Date(subjectBase + Math.floor((i / reminders) * 3_000)),
        {},
      );
    }
    // VICTIM_UPDATE_DUE's audience is the case's contacts: the bench directory answers one user.
    await until(
      async () =>
        (await count(
          `SELECT count(*) AS n FROM notifications.reminders WHERE subject_id = ANY($1::uuid[]) AND status = 'FIRED'`,
          [ids],
        )) >= reminders,
      60_000,
    );
    const productLate = (
      await admin.query(
        `SELECT extract(epoch FROM (fired_at - fire_at)) * 1000 AS ms FROM notifications.reminders WHERE subject_id = ANY($1::uuid[]) AND status = 'FIRED'`,
        [ids],
      )
    ).rows
      .map((x) => Number(x.ms))
      .sort((a, b2) => a - b2);
    rawLate.sort((a, b2) => a - b2);
    const rawP99 = quantile(rawLate, 0.99);
    const productP99 = quantile(productLate, 0.99);
    ctx.experiment('reminder lateness', tier, {
      raw_p50_ms: Math.round(quantile(rawLate, 0.5)),
      raw_p99_ms: Math.round(rawP99),
      product_p50_ms: Math.round(quantile(productLate, 0.5)),
      product_p99_ms: Math.round(productP99),
      product_over_raw_p99: +(productP99 / Math.max(rawP99, 1)).toFixed(2),
      target: '≤ 2× raw and ≤ 250 ms',
      fired: productLate.length,
    });
    ctx.gate(
      'notifications: every reminder fired once',
      tier,
      productLate.length === reminders,
      `${productLate.length}/${reminders}`,
    );
  } finally {
    await relay.stop();
    await worker.close();
    await jobs.close();
    producer.disconnect();
    workerConn.disconnect();
    await ds.destroy();
    await src.destroy();
    await admin.end();
    await redis.stop();
  }
  return results;
}
