import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// One PostgreSQL and one Redis for the whole Jest run; each test file makes its own database.
import { startPostgres, startRedis } from './infra.mjs';

export default async function globalSetup() {
  const pg = await startPostgres();
  const redis = await startRedis();
  process.env.SCP_TEST_PG_URL = pg.url;
  process.env.SCP_TEST_REDIS_URL = redis.url;
  // Documents seeded or uploaded by tests go to a throwaway folder, never the repo's .data/.
  process.env.DOCUMENT_STORE_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'scp-documents-'));
  globalThis.__SCP_INFRA__ = { pg, redis };
}
