import pg from 'pg';
import { Redis } from 'ioredis';
import { createTestDatabase, testRedisUrl } from './index.js';

describe('test harness', () => {
  it('gives each caller its own real PostgreSQL database', async () => {
    const a = await createTestDatabase('harness');
    const b = await createTestDatabase('harness');
    expect(a.name).not.toEqual(b.name);
    const client = new pg.Client({ connectionString: a.url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('select current_database() as db');
    await client.end();
    expect(rows[0]?.db).toEqual(a.name);
    await a.drop();
    await b.drop();
  });

  it('reaches a real Redis', async () => {
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
    await expect(redis.ping()).resolves.toEqual('PONG');
    redis.disconnect();
  });
});
