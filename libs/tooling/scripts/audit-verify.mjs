#!/usr/bin/env node
// `npm run audit:verify`: checks the hash chain of audit.events. Exit 0 when intact, 1 when broken or unreadable.
// Database: DATABASE_URL, else the dev stack's URL in .data/dev-stack.json. Uses the built dist (`npm run build`).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './workspace.mjs';

const stackFile = path.join(repoRoot, '.data', 'dev-stack.json');
const url =
  process.env.DATABASE_URL ||
  (fs.existsSync(stackFile) ? JSON.parse(fs.readFileSync(stackFile, 'utf8')).databaseUrl : undefined);
if (!url) {
  console.error(
    'audit:verify: set DATABASE_URL or start the dev stack (npm start writes .data/dev-stack.json)',
  );
  process.exit(1);
}

const { createDataSource } = await import('@scp/platform-database');
const { verifyAuditChain } = await import('@scp/platform-audit');
const ds = createDataSource({ url, schema: 'audit', applicationName: 'audit-verify', poolSize: 1 });
try {
  await ds.initialize();
  const result = await verifyAuditChain(ds);
  if (result.ok) {
    console.log(`audit chain OK (${result.checked} events)`);
  } else {
    const b = result.firstBroken;
    console.log(`audit chain BROKEN at seq ${b.seq} (id ${b.id}): ${b.reason}`);
    process.exitCode = 1;
  }
} catch (err) {
  console.error(`audit:verify failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  if (ds.isInitialized) await ds.destroy();
}
