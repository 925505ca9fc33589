import { createDataSource, RUNTIME_ROLE, runMigrations } from '@scp/platform-database';
import { OutboxRelay, createRedis } from '@scp/platform-messaging';
import { QUEUES } from '@scp/contracts';
// The migrations' integration test needs the real-PostgreSQL harness (a test-only dependency).
import { createTestDatabase, testRedisUrl } from '@scp/platform-testing';
import { auditMigrations, casesMigrations, meetingsMigrations, referralsMigrations } from './index.js';

/**
 * Each service's relay purges its delivered outbox rows as the runtime role (scp_app), as the
 * service runs: with the schema's migrations alone, not the superuser the tests connect as.
 */
describe.each([
  ['cases', casesMigrations],
  ['meetings', meetingsMigrations],
  ['referrals', referralsMigrations],
] as const)('%s outbox: the runtime role purges delivered rows', (schema, migrations) => {
  it('deletes delivered rows past the retention through OutboxRelay.purgeDelivered', async () => {
    const db = await createTestDatabase(`purge_${schema}`);
    const owner = createDataSource({ url: db.url, schema: 'audit', migrations: [...auditMigrations] });
    const service = createDataSource({ url: db.url, schema, migrations: [...migrations] });
    const app = createDataSource({ url: db.url, schema, runtimeRole: RUNTIME_ROLE, poolSize: 2 });
    const connection = createRedis(testRedisUrl(), 'producer');
    try {
      await runMigrations(owner);
      await runMigrations(service);
      const [old, recent] = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
      await service.query(
        `INSERT INTO ${schema}.outbox (id, type, aggregate_type, aggregate_id, status, delivered_at) VALUES
           ($1, 'x', 'X', $1, 'delivered', now() - interval '31 days'),
           ($2, 'x', 'X', $2, 'delivered', now() - interval '1 day')`,
        [old, recent],
      );
      await app.initialize();
      const relay = new OutboxRelay({
        ds: app,
        schema,
        queueFor: () => QUEUES.caseEvents,
        connection,
        deliveredRetentionMs: 30 * 24 * 60 * 60_000,
      });
      expect(await relay.purgeDelivered()).toBe(1);
      const left: { id: string }[] = await service.query(`SELECT id FROM ${schema}.outbox`);
      expect(left.map((r) => r.id)).toEqual([recent]);
    } finally {
      connection.disconnect();
      if (app.isInitialized) await app.destroy();
      if (service.isInitialized) await service.destroy();
      if (owner.isInitialized) await owner.destroy();
      await db.drop();
    }
  });
});
