import { AddressInfo, createServer } from 'node:net';
import pg from 'pg';
import { Redis } from 'ioredis';
import { GraphQLError } from 'graphql';
import { testAdminUrl, testRedisUrl } from '@scp/platform-testing';
import { isOutage, maskError } from './errors.js';

/**
 * What the real drivers throw when PostgreSQL or Redis goes away is recognised as an outage
 * (SERVICE_UNAVAILABLE, retryable), not masked as an internal error (docs/degradation.md).
 */

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function thrown(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** Disconnects and waits until the client has let go of its socket and timers. */
function expectUnavailable(error: unknown): void {
  expect(isOutage(error)).toBe(true);
  const wrapped = new GraphQLError('driver text', { originalError: error as Error, path: ['cases'] });
  expect(maskError({ message: wrapped.message, path: ['cases'] }, wrapped).extensions).toEqual({
    code: 'SERVICE_UNAVAILABLE',
    retryable: true,
  });
}

describe('outages as the real drivers report them', () => {
  it('PostgreSQL refusing connections (a pool, as TypeORM uses)', async () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port: await closedPort(), connectionTimeoutMillis: 2_000 });
    try {
      expectUnavailable(await thrown(() => pool.query('SELECT 1')));
    } finally {
      await pool.end();
    }
  });

  it('PostgreSQL ending the session (57P01), then the dead connection', async () => {
    const client = new pg.Client({ connectionString: testAdminUrl() });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const terminated = await thrown(() => client.query('SELECT pg_terminate_backend(pg_backend_pid())'));
      expect((terminated as { code?: string }).code).toBe('57P01');
      expectUnavailable(terminated);
      expectUnavailable(await thrown(() => client.query('SELECT 1')));
    } finally {
      await client.end().catch(() => undefined);
    }
  });

  it('Redis unreachable: retries exhausted, or no offline queue', async () => {
    const port = await closedPort();
    const retrying = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => 20 });
    const offline = new Redis({
      host: '127.0.0.1',
      port,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    for (const r of [retrying, offline]) r.on('error', () => undefined);
    try {
      expectUnavailable(await thrown(() => retrying.get('k')));
      expectUnavailable(await thrown(() => offline.get('k')));
    } finally {
      retrying.disconnect();
      offline.disconnect();
    }
  });

  it('a live Redis and PostgreSQL refusing a bad command are not outages', async () => {
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
    const client = new pg.Client({ connectionString: testAdminUrl() });
    await client.connect();
    try {
      expect(isOutage(await thrown(() => redis.call('NO-SUCH-COMMAND')))).toBe(false);
      expect(isOutage(await thrown(() => client.query('SELECT * FROM no_such_table_here')))).toBe(false);
    } finally {
      redis.disconnect();
      await client.end();
    }
  });
});
