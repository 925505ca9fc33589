import { Redis } from 'ioredis';
import { testRedisUrl, uniquePrefix } from '@scp/platform-testing';

/**
 * For a spec file: a key prefix of its own on the test run's Redis and a client to look at the
 * keys with. Call at the top of the file; every key under the prefix is deleted after it.
 */
export function specRedis(label: string): { prefix: string; db: () => Redis } {
  const prefix = `${uniquePrefix(label)}:`;
  let client: Redis | undefined;
  beforeAll(() => {
    client = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    if (!client) return;
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
    await client.quit();
  });
  return { prefix, db: () => client! };
}
