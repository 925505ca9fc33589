import type { DataSource } from 'typeorm';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AuditAnchor,
  AuditWriter,
  FileCheckpointStore,
  verifyAuditAnchors,
  verifyAuditChain,
  type AuditEventInput,
} from '@scp/platform-audit';
import { createDataSource, runMigrations, withTransaction } from '@scp/platform-database';
// The migration's integration test needs the real-PostgreSQL harness (a test-only dependency).
import { createTestDatabase, type TestDatabase } from '@scp/platform-testing';
import { auditMigrations } from './index.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

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

describe('audit checkpoints: the end of the log is anchored outside the database', () => {
  let db: TestDatabase;
  let owner: DataSource;
  let app: DataSource;
  let dir: string;
  const keys = generateKeyPairSync('ed25519');
  const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  beforeAll(async () => {
    db = await createTestDatabase('audit_cp');
    owner = createDataSource({ url: db.url, schema: 'audit', migrations: auditMigrations });
    await runMigrations(owner);
    app = createDataSource({ url: db.url, schema: 'audit', runtimeRole: 'scp_app', poolSize: 2 });
    await app.initialize();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-audit-cp-'));
  });

  afterAll(async () => {
    await app?.destroy();
    await owner?.destroy();
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const removeNewest = (n: number) =>
    withTransaction(owner, async (m) => {
      await m.query(`ALTER TABLE audit.events DISABLE TRIGGER events_no_update_delete`);
      await m.query(
        `DELETE FROM audit.events WHERE seq IN (SELECT seq FROM audit.events ORDER BY seq DESC LIMIT ${n})`,
      );
      await m.query(`ALTER TABLE audit.events ENABLE TRIGGER events_no_update_delete`);
    });

  it('reports a log whose newest events were removed, which the chain alone cannot', async () => {
    const store = new FileCheckpointStore(path.join(dir, 'tail', 'checkpoints.jsonl'));
    const anchor = new AuditAnchor(app, privatePem, store);
    expect(await anchor.checkpoint()).toBeNull(); // nothing to anchor in an empty log
    const writer = new AuditWriter(app, 'cases');
    await writer.write(Array.from({ length: 6 }, (_, i) => event(i)));
    const first = await anchor.checkpoint();
    expect(first).toMatchObject({ v: 1, seq: expect.stringMatching(/^\d+$/) });
    expect(await anchor.checkpoint()).toBeNull(); // head unchanged: no new line
    await writer.write([event(6), event(7)]);
    await anchor.checkpoint();
    const checkpoints = await store.readAll();
    expect(checkpoints).toHaveLength(2);
    expect(await verifyAuditAnchors(owner, checkpoints, publicPem)).toMatchObject({ ok: true, checked: 2 });

    await removeNewest(2);
    // The shortened chain is still a valid chain: this is what went undetected before.
    expect(await verifyAuditChain(owner)).toEqual({ ok: true, checked: 6 });
    const result = await verifyAuditAnchors(owner, checkpoints, publicPem);
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(
      /^the log ends at seq \d+, but seq \d+ was anchored at .*: events were removed/,
    );
  });

  it('refuses a checkpoint not signed with the key, and an anchored event that changed', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const forgedStore = new FileCheckpointStore(path.join(dir, 'forged.jsonl'));
    await new AuditAnchor(app, other, forgedStore).checkpoint();
    const forged = await verifyAuditAnchors(owner, await forgedStore.readAll(), publicPem);
    expect(forged).toMatchObject({
      ok: false,
      problem: "checkpoint 1 is not signed by the cases service's key",
    });

    const store = new FileCheckpointStore(path.join(dir, 'changed.jsonl'));
    const [cp] = [await new AuditAnchor(app, privatePem, store).checkpoint()];
    await withTransaction(owner, async (m) => {
      await m.query(`ALTER TABLE audit.events DISABLE TRIGGER events_no_update_delete`);
      await m.query(`UPDATE audit.events SET hash = repeat('a', 64) WHERE seq = $1`, [cp!.seq]);
      await m.query(`ALTER TABLE audit.events ENABLE TRIGGER events_no_update_delete`);
    });
    expect(await verifyAuditAnchors(owner, await store.readAll(), publicPem)).toMatchObject({
      ok: false,
      problem: `event seq ${cp!.seq} differs from the one anchored at ${cp!.at}`,
    });
  });

  it('`npm run audit:verify` fails on a truncated log and says why', async () => {
    const fresh = await createTestDatabase('audit_cli');
    const o = createDataSource({ url: fresh.url, schema: 'audit', migrations: auditMigrations });
    try {
      await runMigrations(o);
      await new AuditWriter(o, 'cases').write([event(1), event(2), event(3)]);
      const file = path.join(dir, 'cli.jsonl');
      await new AuditAnchor(o, privatePem, new FileCheckpointStore(file)).checkpoint();
      const run = () =>
        spawnSync(process.execPath, [path.join(repoRoot, 'libs/tooling/scripts/audit-verify.mjs')], {
          encoding: 'utf8',
          env: {
            ...process.env,
            DATABASE_URL: fresh.url,
            AUDIT_CHECKPOINT_FILE: file,
            CASES_SERVICE_PUBLIC_KEY: publicPem,
            NODE_OPTIONS: '',
          },
        });
      const intact = run();
      expect(intact.stdout).toContain('audit chain OK (3 events)');
      expect(intact.stdout).toContain('audit checkpoints OK (1 in');
      expect(intact.status).toBe(0);
      await withTransaction(o, async (m) => {
        await m.query(`ALTER TABLE audit.events DISABLE TRIGGER events_no_update_delete`);
        await m.query(`DELETE FROM audit.events WHERE seq = (SELECT max(seq) FROM audit.events)`);
      });
      const truncated = run();
      expect(truncated.stdout).toContain('audit chain OK (2 events)');
      expect(truncated.stdout).toMatch(
        /audit checkpoints BROKEN: the log ends at seq \d+, but seq \d+ was anchored/,
      );
      expect(truncated.status).toBe(1);
    } finally {
      await o.destroy();
      await fresh.drop();
    }
  });
});
