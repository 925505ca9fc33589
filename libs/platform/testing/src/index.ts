import { randomBytes } from 'node:crypto';
import pg from 'pg';

export { startRedis, startPostgres, freePort } from '../infra.mjs';
export type { RedisHandle, PostgresHandle } from '../infra.mjs';
export { startLocalS3, type LocalS3 } from './local-s3.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run tests through \`npm test\` (jest globalSetup starts the servers)`,
    );
  return value;
}

export function testAdminUrl(): string {
  return required('SCP_TEST_PG_URL');
}

export function testRedisUrl(): string {
  return required('SCP_TEST_REDIS_URL');
}

/** A key prefix unique to the caller, so BullMQ queues of parallel test files never meet. */
export function uniquePrefix(label = 't'): string {
  return `${label}-${randomBytes(6).toString('hex')}`;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh, empty database on the run's PostgreSQL; `drop()` removes it. */
export async function createTestDatabase(label = 't'): Promise<TestDatabase> {
  const admin = testAdminUrl();
  const name = `${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    // raw SQL: DDL (a test database of its own)
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(admin, name),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        // raw SQL: DDL (the test database dropped)
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Polls `check` until it returns a truthy value (no fixed sleeps in tests). */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 10000,
  intervalMs = 25,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until)
      throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
export * from './schema-files.js';

export { schemaDrift, PLATFORM_TABLES } from './schema-drift.js';
export * from './guessing-attack.js';
