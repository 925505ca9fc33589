import type { DataSource } from 'typeorm';
import { AuditWriter, verifyAuditChain, type AuditEventInput } from '@scp/platform-audit';
import { createDataSource, runMigrations, withTransaction } from '@scp/platform-database';
// The migration's integration test needs the real-PostgreSQL harness (a test-only dependency).
import { createTestDatabase, type TestDatabase } from '@scp/platform-testing';
import { auditMigrations } from './index.js';

// The audit schema as the services see it: the migration (triggers, grants to scp_app) together
// with @scp/platform-audit's writer and verifier.

const event = (n: number, extra: Partial<AuditEventInput> = {}): AuditEventInput => ({
  actorId: `user-${n % 3}`,
  actorAgencyId: `agency-${n % 2}`,
  action: n % 5 === 0 ? 'SEARCH' : 'VIEW',
  entityType: 'Case',
  entityId: `case-${n}`,
  caseId: `case-${n}`,
  ownerAgencyId: `agency-${n % 4}`,
  categories: n % 2 ? ['D1', 'D12'] : ['D1'],
  purpose: n % 2 ? 'safety planning review' : 'participant of the case (clinic meeting)',
  recipients: n % 7 === 0 ? ['agency-9'] : [],
  requestId: `req-${n}`,
  ...extra,
});

describe('audit log', () => {
  let db: TestDatabase;
  let owner: DataSource;
  let app: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('audit');
    owner = createDataSource({ url: db.url, schema: 'audit', migrations: auditMigrations });
    expect(await runMigrations(owner)).toEqual(['AuditInit1767225600000', 'AuditRoleChange1767225600600']);
    // The services' view of the database: the scp_app role with its grants.
    app = createDataSource({ url: db.url, schema: 'audit', runtimeRole: 'scp_app', poolSize: 8 });
    await app.initialize();
  });

  afterAll(async () => {
    await app?.destroy();
    await owner?.destroy();
    await db?.drop();
  });

  it('verifies an empty log', async () => {
    expect(await verifyAuditChain(owner)).toEqual({ ok: true, checked: 0 });
  });

  it('chains 50 events written by concurrent writers as scp_app, and verifies them page by page', async () => {
    const writer = new AuditWriter(app, 'cases');
    await writer.write([event(0), event(1), event(2), event(3), event(4)]);
    // 5 parallel batches of 9: the advisory lock serialises them into one chain.
    await Promise.all(
      [0, 1, 2, 3, 4].map((b) => writer.write(Array.from({ length: 9 }, (_, i) => event(5 + b * 9 + i)))),
    );
    const [{ n }] = await owner.query('SELECT count(*)::int AS n FROM audit.events');
    expect(n).toBe(50);
    expect(await verifyAuditChain(owner)).toEqual({ ok: true, checked: 50 });
    expect(await verifyAuditChain(owner, { pageSize: 7 })).toEqual({ ok: true, checked: 50 });
    const [row] = await owner.query(
      `SELECT service, purpose, categories, recipients, case_id, owner_agency_id FROM audit.events WHERE entity_id = 'case-7'`,
    );
    expect(row).toEqual({
      service: 'cases',
      purpose: 'safety planning review',
      categories: ['D1', 'D12'],
      recipients: ['agency-9'],
      case_id: 'case-7',
      owner_agency_id: 'agency-3',
    });
  });

  it('commits audit rows with the caller transaction, or not at all', async () => {
    const writer = new AuditWriter(app, 'cases');
    const before = (await owner.query('SELECT count(*)::int AS n FROM audit.events'))[0].n;
    await expect(
      withTransaction(app, async (m) => {
        await writer.write([event(100)], m);
        throw new Error('read failed after audit');
      }),
    ).rejects.toThrow('read failed after audit');
    await withTransaction(app, (m) => writer.write([event(101)], m));
    expect((await owner.query('SELECT count(*)::int AS n FROM audit.events'))[0].n).toBe(before + 1);
    expect((await verifyAuditChain(owner)).ok).toBe(true);
  });

  it('rejects an empty purpose, in the writer and in the database', async () => {
    const writer = new AuditWriter(app, 'cases');
    await expect(writer.write([event(200, { purpose: '' })])).rejects.toMatchObject({
      name: 'AuditValidationError',
      field: 'purpose',
    });
    await expect(writer.write([event(201, { purpose: '   ' })])).rejects.toThrow(/purpose/);
    await expect(
      owner.query(
        `INSERT INTO audit.events (id, occurred_at, actor_id, action, entity_type, purpose, service, prev_hash, hash)
         VALUES (gen_random_uuid(), now(), 'u', 'VIEW', 'Case', ' ', 'cases', repeat('0', 64), repeat('0', 64))`,
      ),
    ).rejects.toThrow(/events_purpose_ck/);
  });

  it('refuses to extend the chain from a REPEATABLE READ snapshot (it could fork the chain)', async () => {
    const writer = new AuditWriter(app, 'cases');
    await expect(
      withTransaction(app, (m) => writer.write([event(400)], m), 'REPEATABLE READ'),
    ).rejects.toThrow(/READ COMMITTED/);
  });

  it('rejects unknown actions and categories', async () => {
    const writer = new AuditWriter(app, 'cases');
    await expect(writer.write([event(300, { action: 'PEEK' as never })])).rejects.toThrow(/action/);
    await expect(writer.write([event(301, { categories: ['D99' as never] })])).rejects.toThrow(/category/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE: as scp_app by grants, as the owner by triggers', async () => {
    await expect(app.query(`UPDATE audit.events SET purpose = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`DELETE FROM audit.events`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`TRUNCATE audit.events`)).rejects.toThrow(/permission denied/);
    await expect(owner.query(`UPDATE audit.events SET purpose = 'x'`)).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(owner.query(`DELETE FROM audit.events`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(owner.query(`TRUNCATE audit.events`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    // scp_app cannot switch the triggers off either.
    await expect(
      app.query(`ALTER TABLE audit.events DISABLE TRIGGER events_no_update_delete`),
    ).rejects.toThrow(/must be owner/);
    expect((await verifyAuditChain(owner)).ok).toBe(true);
  });

  it('names the first tampered row', async () => {
    const [target] = await owner.query(
      `SELECT seq::text AS seq, id::text AS id FROM audit.events e ORDER BY e.seq OFFSET 20 LIMIT 1`,
    );
    await withTransaction(owner, async (m) => {
      await m.query(`ALTER TABLE audit.events DISABLE TRIGGER events_no_update_delete`);
      await m.query(`UPDATE audit.events SET purpose = 'tampered' WHERE seq = $1`, [target.seq]);
      await m.query(`ALTER TABLE audit.events ENABLE TRIGGER events_no_update_delete`);
    });
    const result = await verifyAuditChain(owner, { pageSize: 8 });
    expect(result.ok).toBe(false);
    expect(result.checked).toBe(20);
    expect(result.firstBroken).toEqual({
      seq: target.seq,
      id: target.id,
      reason: expect.stringMatching(/altered/),
    });
  });

  it('detects a removed row and a microsecond change of a timestamp', async () => {
    // Fresh database so the earlier tamper does not mask these.
    const db2 = await createTestDatabase('audit2');
    const ds2 = createDataSource({ url: db2.url, schema: 'audit', migrations: auditMigrations });
    try {
      await runMigrations(ds2);
      await new AuditWriter(ds2, 'meetings').write(Array.from({ length: 6 }, (_, i) => event(i)));
      const rows = await ds2.query(
        `SELECT e.seq::text AS seq, id::text AS id FROM audit.events e ORDER BY e.seq`,
      );
      await withTransaction(ds2, async (m) => {
        await m.query(`ALTER TABLE audit.events DISABLE TRIGGER events_no_update_delete`);
        await m.query(`DELETE FROM audit.events WHERE seq = $1`, [rows[2].seq]);
        await m.query(`ALTER TABLE audit.events ENABLE TRIGGER events_no_update_delete`);
      });
      expect((await verifyAuditChain(ds2)).firstBroken).toEqual({
        seq: rows[3].seq,
        id: rows[3].id,
        reason: expect.stringMatching(/removed/),
      });
      await withTransaction(ds2, async (m) => {
        await m.query(`ALTER TABLE audit.events DISABLE TRIGGER events_no_update_delete`);
        await m.query(
          `UPDATE audit.events SET occurred_at = occurred_at + interval '1 microsecond' WHERE seq = $1`,
          [rows[1].seq],
        );
        await m.query(`ALTER TABLE audit.events ENABLE TRIGGER events_no_update_delete`);
      });
      expect((await verifyAuditChain(ds2)).firstBroken).toMatchObject({ seq: rows[1].seq });
    } finally {
      await ds2.destroy();
      await db2.drop();
    }
  });
});
