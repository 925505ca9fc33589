import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { CASE_EVENT_QUEUES, EVENT_TYPES, QUEUES, type EventEnvelope } from '@scp/contracts';
import { generateDevKeyPair } from '@scp/platform-auth';
import { createDataSource } from '@scp/platform-database';
import { createRedis } from '@scp/platform-messaging';
import {
  createTestDatabase,
  eventually,
  testRedisUrl,
  uniquePrefix,
  type TestDatabase,
} from '@scp/platform-testing';
import { CASES_ENTITIES, seedDemoData } from '@scp/cases';
import { migrateAll } from './subgraphs.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const OUTBOX_ROWS = 3_000;
const MEETING_JOBS = 400;

/**
 * Issue 16 §5: a rollout sends SIGTERM, and the service stops without losing or doubling work.
 * The built cases service (as production runs it) is stopped while its outbox relay is moving a
 * backlog of events to BullMQ and its worker is applying the meetings service's events; then it
 * is started again and stopped again. Every event reaches its queues exactly once (one job per
 * event id, none left behind) and every consumed job ran exactly once (attemptsStarted 1, no
 * stalled job picked up again after the restart) — a process killed mid-job would show 2.
 */
describe('graceful shutdown: SIGTERM mid-batch and mid-job loses nothing and doubles nothing', () => {
  let db: TestDatabase;
  let owner: DataSource;
  const prefix = uniquePrefix('shutdown');
  const keys = generateDevKeyPair();
  const connection = createRedis(testRedisUrl(), 'producer');
  const queue = (name: string) => new Queue(name, { connection, prefix });
  const meetingQueue = queue(QUEUES.meetingEventsForCases);
  const caseQueues = CASE_EVENT_QUEUES.map(queue);
  let caseId: string;

  const children: ChildProcess[] = [];
  const start = () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'apps/cases/dist/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'development',
        DATABASE_URL: db.url,
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: prefix,
        INTERNAL_JWT_PUBLIC_KEY: keys.publicKeyPem,
        CASES_PORT: '0',
        DEV_IDENTITIES: 'false',
        LOG_LEVEL: 'info',
        LIFECYCLE_SWEEP_INTERVAL_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, output: () => output };
  };
  const stop = async (svc: { child: ChildProcess; exited: Promise<number | null>; output(): string }) => {
    svc.child.kill('SIGTERM');
    const code = await svc.exited;
    expect({ code, output: svc.output().slice(-2000) }).toMatchObject({ code: 0 });
    expect(svc.output()).toMatch(/"msg":"stopped"/);
  };
  const outboxStatus = async () => {
    const rows: { status: string; n: number }[] = await owner.query(
      `SELECT status, count(*)::int AS n FROM cases.outbox GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
  };

  beforeAll(async () => {
    db = await createTestDatabase('shutdown');
    await migrateAll(db.url);
    owner = createDataSource({ url: db.url, schema: 'cases', entities: CASES_ENTITIES });
    await owner.initialize();
    caseId = (await seedDemoData(owner, { canaries: false })).cases.NV1!;
    // A backlog for the relay: events of a case, as the service's own writes leave them.
    await owner.query(
      `INSERT INTO cases.outbox (type, aggregate_type, aggregate_id, payload)
       SELECT $1, 'Case', $2::uuid, jsonb_build_object('caseId', $2::text, 'n', n) FROM generate_series(1, $3) n`,
      [EVENT_TYPES.caseUpdated, caseId, OUTBOX_ROWS],
    );
    // Work for the worker: the meetings service's action events, one new action each.
    await meetingQueue.addBulk(
      Array.from({ length: MEETING_JOBS }, () => {
        const id = randomUUID();
        const data: EventEnvelope = {
          id,
          type: EVENT_TYPES.actionStatusChanged,
          aggregateType: 'AgreedAction',
          aggregateId: id,
          occurredAt: new Date().toISOString(),
          actorId: null,
          correlationId: null,
          payload: { actionId: randomUUID(), caseId, status: 'OPEN' },
        };
        return { name: data.type, data, opts: { jobId: id } };
      }),
    );
  }, 120_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all(
      [meetingQueue, ...caseQueues].map((q) => q.obliterate({ force: true }).catch(() => undefined)),
    );
    await Promise.all([meetingQueue, ...caseQueues].map((q) => q.close()));
    connection.disconnect();
    await owner?.destroy();
    await db?.drop();
  });

  it('stops mid-work, starts again, and every event and job is handled exactly once', async () => {
    const first = start();
    // Stop as soon as both are under way: some events relayed and some jobs done, not all.
    await eventually(
      async () => ((await outboxStatus()).enqueued ?? 0) > 0 && (await meetingQueue.getCompletedCount()) > 0,
      60_000,
    );
    await stop(first);
    const afterStop = await outboxStatus();
    // Stopped mid-way (otherwise this test proves nothing), with no job left active.
    expect(afterStop.pending ?? 0).toBeGreaterThan(0);
    expect(await meetingQueue.getActiveCount()).toBe(0);
    expect(await meetingQueue.getCompletedCount()).toBeLessThan(MEETING_JOBS);
    // Nothing lost: every row the relay marked enqueued has its job in every queue.
    const enqueued: { id: string }[] = await owner.query(
      `SELECT id FROM cases.outbox WHERE status = 'enqueued'`,
    );
    for (const q of caseQueues) {
      const ids = new Set((await q.getJobs(['waiting', 'prioritized', 'delayed'])).map((j) => j.id));
      expect(enqueued.filter((r) => !ids.has(r.id))).toEqual([]);
    }

    const second = start();
    await eventually(async () => {
      const status = await outboxStatus();
      const counts = await meetingQueue.getJobCounts();
      // The worker's own writes add events of their own (the case's lifecycle): all are relayed.
      if (!status.pending && status.enqueued >= OUTBOX_ROWS && counts.completed === MEETING_JOBS) return true;
      throw new Error(JSON.stringify({ status, counts, log: second.output().slice(-1500) }));
    }, 60_000);
    await stop(second);

    // Every event once in every queue: as many jobs as events, their ids the events' ids.
    const events: { id: string }[] = await owner.query(`SELECT id FROM cases.outbox`);
    const eventIds = new Set(events.map((e) => e.id));
    for (const q of caseQueues) {
      const jobs = await q.getJobs(['waiting', 'prioritized', 'delayed', 'completed', 'failed']);
      expect(jobs).toHaveLength(events.length);
      expect(new Set(jobs.map((j) => j.id))).toEqual(eventIds);
    }
    // Every job ran once: none started twice, none picked up again as stalled, none failed.
    const done = await meetingQueue.getJobs(['completed', 'failed']);
    expect(done).toHaveLength(MEETING_JOBS);
    expect(done.filter((j) => j.attemptsStarted !== 1 || j.stalledCounter > 0 || j.failedReason)).toEqual([]);
    const replica: { n: number }[] = await owner.query(
      `SELECT count(*)::int AS n FROM cases.open_actions WHERE case_id = $1`,
      [caseId],
    );
    expect(replica[0]!.n).toBe(MEETING_JOBS);
  }, 180_000);
});
