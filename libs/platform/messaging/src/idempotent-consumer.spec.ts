import type { Redis } from 'ioredis';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_TYPES, QUEUES, type EventEnvelope } from '@scp/contracts';
import { createDataSource, runMigrations } from '@scp/platform-database';
import {
  createTestDatabase,
  eventually,
  testRedisUrl,
  uniquePrefix,
  type TestDatabase,
} from '@scp/platform-testing';
import { consumeOnce, processedEventsTableSql } from './idempotent-consumer.js';
import { createQueue, createWorker } from './queue.js';
import { createRedis } from './redis-connection.js';

const SCHEMA = 'consumer_spec';

class ConsumerSpecInit1700000000003 implements MigrationInterface {
  name = 'ConsumerSpecInit1700000000003';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(processedEventsTableSql(SCHEMA));
    await queryRunner.query(
      `CREATE TABLE ${SCHEMA}.effects (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id uuid NOT NULL)`,
    );
  }
  async down(): Promise<void> {}
}

const EVENT_A = '00000000-0000-4000-8000-00000000c0a1';
const EVENT_B = '00000000-0000-4000-8000-00000000c0b1';
const EVENT_C = '00000000-0000-4000-8000-00000000c0c1';

describe('consumeOnce', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('consumer');
    ds = createDataSource({ url: db.url, schema: SCHEMA, migrations: [ConsumerSpecInit1700000000003] });
    await runMigrations(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const effects = async (eventId: string) =>
    Number(
      (await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.effects WHERE event_id = $1`, [eventId]))[0]
        .n,
    );
  const effect = (eventId: string) => async (m: import('typeorm').EntityManager) => {
    await m.query(`INSERT INTO ${SCHEMA}.effects (event_id) VALUES ($1)`, [eventId]);
  };

  it('runs the side effect once for the same event delivered twice', async () => {
    expect(await consumeOnce(ds, SCHEMA, 'notify', EVENT_A, effect(EVENT_A))).toBe(true);
    expect(await consumeOnce(ds, SCHEMA, 'notify', EVENT_A, effect(EVENT_A))).toBe(false);
    expect(await effects(EVENT_A)).toBe(1);
    // Another consumer of the same event has its own mark.
    expect(await consumeOnce(ds, SCHEMA, 'replica', EVENT_A, async () => undefined)).toBe(true);
  });

  it('keeps no mark when the side effect throws, so the retry runs it', async () => {
    await expect(
      consumeOnce(ds, SCHEMA, 'notify', EVENT_B, async (m) => {
        await effect(EVENT_B)(m);
        throw new Error('smtp down');
      }),
    ).rejects.toThrow('smtp down');
    expect(await effects(EVENT_B)).toBe(0);
    expect(await ds.query(`SELECT 1 FROM ${SCHEMA}.processed_events WHERE event_id = $1`, [EVENT_B])).toEqual(
      [],
    );
    expect(await consumeOnce(ds, SCHEMA, 'notify', EVENT_B, effect(EVENT_B))).toBe(true);
    expect(await effects(EVENT_B)).toBe(1);
  });

  it('runs once when duplicates arrive at the same time', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => consumeOnce(ds, SCHEMA, 'notify', EVENT_C, effect(EVENT_C))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await effects(EVENT_C)).toBe(1);
  });

  it('works with the grants of the runtime role', async () => {
    const app = createDataSource({ url: db.url, schema: SCHEMA, runtimeRole: 'scp_app', poolSize: 2 });
    await app.initialize();
    try {
      const id = '00000000-0000-4000-8000-00000000c0e1';
      expect(await consumeOnce(app, SCHEMA, 'notify', id, async () => undefined)).toBe(true);
      expect(await consumeOnce(app, SCHEMA, 'notify', id, async () => undefined)).toBe(false);
    } finally {
      await app.destroy();
    }
  });

  it('absorbs a job delivered twice through BullMQ (e.g. re-run after a stall)', async () => {
    const prefix = uniquePrefix('consumer');
    const conn: Redis = createRedis(testRedisUrl(), 'worker');
    const queue = createQueue<EventEnvelope>(QUEUES.notifications, conn, prefix);
    const eventId = '00000000-0000-4000-8000-00000000c0d1';
    let runs = 0;
    const worker = createWorker<EventEnvelope>(
      QUEUES.notifications,
      async (job) => {
        runs++;
        await consumeOnce(ds, SCHEMA, 'notify', job.data.id, effect(job.data.id));
      },
      conn,
      { prefix },
    );
    try {
      const envelope: EventEnvelope = {
        id: eventId,
        type: EVENT_TYPES.caseCreated,
        aggregateType: 'Case',
        aggregateId: eventId,
        actorId: 'user-1',
        correlationId: null,
        occurredAt: new Date().toISOString(),
        payload: {},
      };
      // Two jobs for one event: what a re-send after the job history was trimmed looks like.
      await queue.add(envelope.type, envelope, { jobId: eventId });
      await queue.add(envelope.type, envelope, { jobId: `${eventId}-resend` });
      await eventually(() => runs === 2);
      await eventually(async () => (await queue.getCompletedCount()) === 2);
      expect(await effects(eventId)).toBe(1);
    } finally {
      await worker.close();
      await queue.close();
      conn.disconnect();
    }
  });
});
