#!/usr/bin/env node
// `npm run audit:verify`: checks the hash chain of audit.events, then the log against the signed
// checkpoints of its head (a log whose newest events were removed still chains; the checkpoints
// tell). Exit 0 when intact, 1 when broken or unreadable.
// Database: DATABASE_URL, else the dev stack's URL in .data/dev-stack.json. Checkpoints:
// AUDIT_CHECKPOINT_FILE (a file, or a folder of *.jsonl files: one per replica, as the Kubernetes
// manifests write them) with CASES_SERVICE_PUBLIC_KEY (PEM), else the dev stack's. Uses the built
// dist (`npm run build`).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './workspace.mjs';

const stackFile = path.join(repoRoot, '.data', 'dev-stack.json');
const stack = fs.existsSync(stackFile) ? JSON.parse(fs.readFileSync(stackFile, 'utf8')) : {};
const url = process.env.DATABASE_URL || stack.databaseUrl;
if (!url) {
  console.error(
    'audit:verify: set DATABASE_URL or start the dev stack (npm start writes .data/dev-stack.json)',
  );
  process.exit(1);
}
const checkpointFile = process.env.AUDIT_CHECKPOINT_FILE || stack.auditCheckpointFile;
const publicKey = process.env.CASES_SERVICE_PUBLIC_KEY || stack.casesServicePublicKey;

const { createDataSource } = await import('@scp/platform-database');
const { FileCheckpointStore, verifyAuditAnchors, verifyAuditChain } = await import('@scp/platform-audit');
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
  if (!checkpointFile) {
    console.log(
      'audit checkpoints: none configured (AUDIT_CHECKPOINT_FILE): removal of the newest events cannot be detected',
    );
  } else if (!publicKey) {
    console.log('audit checkpoints: CASES_SERVICE_PUBLIC_KEY is needed to check them');
    process.exitCode = 1;
  } else {
    const files = fs.statSync(checkpointFile).isDirectory()
      ? fs
          .readdirSync(checkpointFile)
          .filter((f) => f.endsWith('.jsonl'))
          .map((f) => path.join(checkpointFile, f))
      : [checkpointFile];
    const checkpoints = [];
    for (const file of files) checkpoints.push(...(await new FileCheckpointStore(file).readAll()));
    const anchors = await verifyAuditAnchors(ds, checkpoints, publicKey);
    if (anchors.ok) {
      console.log(
        `audit checkpoints OK (${anchors.checked} in ${checkpointFile}${anchors.anchoredSeq ? `, newest at seq ${anchors.anchoredSeq}` : ''})`,
      );
    } else {
      console.log(`audit checkpoints BROKEN: ${anchors.problem}`);
      process.exitCode = 1;
    }
  }
} catch (err) {
  console.error(`audit:verify failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  if (ds.isInitialized) await ds.destroy();
}
