import pg from 'pg';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_TYPES } from '@scp/contracts';
import { createTestDatabase, eventually, type TestDatabase } from '@scp/platform-testing';
import { createDataSource, runMigrations, withTransaction } from './data-source.js';
import { Outbox } from './outbox.js';
import { outboxTableSql } from './outbox-schema.js';
import { ensureRoleSql } from './runtime-role.js';

const SCHEMA = 'outbox_spec';

class OutboxSpecInit1700000000001 implements MigrationInterface {
  name = 'OutboxSpecInit1700000000001';
  async up(queryRunner: QueryRunner): Promise<void> {
    // outboxTableSql also creates the runtime role (if missing) and grants it the outbox.
    await queryRunner.query(outboxTableSql(SCHEMA));
    await queryRunner.query(`CREATE TABLE ${SCHEMA}.widgets (id uuid PRIMARY KEY, label text NOT NULL)`);
    await queryRunner.query(`GRANT SELECT, INSERT ON ${SCHEMA}.widgets TO scp_app`);
  }
  async down(): Promise<void> {}
}

const AGGREGATE = '00000000-0000-4000-8000-000000000001';

describe('database: data source, migrations and outbox', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const outbox = new Outbox(SCHEMA);

  beforeAll(async () => {
    db = await createTestDatabase('outbox');
    ds = createDataSource({ url: db.url, schema: SCHEMA, migrations: [OutboxSpecInit1700000000001] });
    await ds.initialize();
    expect(await runMigrations(ds)).toEqual(['OutboxSpecInit1700000000001']);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const event = () => ({
    type: EVENT_TYPES.caseCreated,
    aggregateType: 'Case',
    aggregateId: AGGREGATE,
    actorId: 'user-1',
    correlationId: 'req-1',
    payload: { caseId: AGGREGATE, clinicId: 'clinic-1' },
  });

  it('runs migrations idempotently, tracked in <schema>.migrations', async () => {
    expect(await runMigrations(ds)).toEqual([]);
    const rows = await ds.query(`SELECT name FROM ${SCHEMA}.migrations`);
    expect(rows).toEqual([{ name: 'OutboxSpecInit1700000000001' }]);
  });

  it('lets concurrent runMigrations calls take turns', async () => {
    const results = await Promise.all([runMigrations(ds), runMigrations(ds), runMigrations(ds)]);
    expect(results.flat()).toEqual([]);
  });

  it('commits the change and its event together', async () => {
    const id = '00000000-0000-4000-8000-0000000000a1';
    const eventId = await withTransaction(ds, async (m) => {
      await m.query(`INSERT INTO ${SCHEMA}.widgets (id, label) VALUES ($1, 'w')`, [id]);
      return outbox.write(m, event());
    });
    const [row] = await ds.query(
      `SELECT status, attempts, type, payload FROM ${SCHEMA}.outbox WHERE id = $1`,
      [eventId],
    );
    expect(row).toEqual({ status: 'pending', attempts: 0, type: 'case.created', payload: event().payload });
  });

  it('rolls the event back with the business transaction', async () => {
    const id = '00000000-0000-4000-8000-0000000000a2';
    const eventId = '00000000-0000-4000-8000-0000000000e2';
    await expect(
      withTransaction(ds, async (m) => {
        await m.query(`INSERT INTO ${SCHEMA}.widgets (id, label) VALUES ($1, 'w')`, [id]);
        await outbox.write(m, { ...event(), id: eventId });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await ds.query(`SELECT 1 FROM ${SCHEMA}.widgets WHERE id = $1`, [id])).toEqual([]);
    expect(await ds.query(`SELECT 1 FROM ${SCHEMA}.outbox WHERE id = $1`, [eventId])).toEqual([]);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(outbox.write(ds.manager, event())).rejects.toThrow(/inside the transaction/);
  });

  it('refuses payloads that carry content rather than ids', async () => {
    await expect(
      withTransaction(ds, (m) => outbox.write(m, { ...event(), payload: { victim: { address: 'x' } } })),
    ).rejects.toThrow(/scalar/);
    await expect(
      withTransaction(ds, (m) => outbox.write(m, { ...event(), payload: { note: 'x'.repeat(5000) } })),
    ).rejects.toThrow(/bytes/);
  });

  it('notifies <schema>_outbox on commit only', async () => {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const seen: string[] = [];
    listener.on('notification', (n) => seen.push(n.channel));
    await listener.query(`LISTEN ${SCHEMA}_outbox`);
    try {
      await withTransaction(ds, (m) => outbox.write(m, event()));
      await eventually(() => seen.length === 1);
      await withTransaction(ds, async (m) => {
        await outbox.write(m, event());
        throw new Error('rollback');
      }).catch(() => undefined);
      // A committed write afterwards proves the rolled-back one sent nothing.
      await withTransaction(ds, (m) => outbox.write(m, event()));
      await eventually(() => seen.length === 2);
      expect(seen).toEqual([`${SCHEMA}_outbox`, `${SCHEMA}_outbox`]);
    } finally {
      await listener.end();
    }
  });

  it('runs every pooled connection as the runtime role, whose grants then apply', async () => {
    const app = createDataSource({ url: db.url, schema: SCHEMA, runtimeRole: 'scp_app', poolSize: 2 });
    await app.initialize();
    try {
      const rows = await Promise.all(
        [1, 2, 3].map(() => app.query('SELECT current_user AS u, session_user AS s')),
      );
      for (const [r] of rows) expect(r.u).toEqual('scp_app');
      // After RESET ROLE the connection is still scp_app: the role came in the startup packet.
      const qr = app.createQueryRunner();
      await qr.connect();
      await qr.query('RESET ROLE');
      expect((await qr.query('SELECT current_user AS u'))[0].u).toEqual('scp_app');
      await qr.release();
      // Granted: insert; not granted: delete.
      await app.query(`INSERT INTO ${SCHEMA}.widgets (id, label) VALUES ($1, 'r')`, [
        '00000000-0000-4000-8000-0000000000a3',
      ]);
      await expect(app.query(`DELETE FROM ${SCHEMA}.widgets`)).rejects.toThrow(/permission denied/);
      await withTransaction(app, (m) => outbox.write(m, event()));
      await expect(runMigrations(app)).rejects.toThrow(/without runtimeRole/);
    } finally {
      await app.destroy();
    }
  });

  it('creates a role race-safely when several databases of the cluster migrate at once', async () => {
    const role = `scp_race_${Date.now().toString(36)}`;
    const clients = await Promise.all(
      [1, 2, 3, 4].map(async () => {
        const c = new pg.Client({ connectionString: db.url });
        await c.connect();
        await c.query('BEGIN');
        return c;
      }),
    );
    try {
      // All four try inside open transactions: whichever creates the role first commits; the others
      // wait on its catalog row, then get unique_violation, which the DO block swallows.
      await Promise.all(clients.map((c) => c.query(ensureRoleSql(role)).then(() => c.query('COMMIT'))));
      const rows = await ds.query('SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = $1', [role]);
      expect(rows).toEqual([{ rolname: role, rolcanlogin: false }]);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await ds.query(`DROP ROLE IF EXISTS "${role}"`);
    }
  });
});
