#!/usr/bin/env node
// `npm run bench` (full: tiers S = 10k and M = 100k cases) or `npm run bench -- --quick` (S only).
// Exit code: 0 when every correctness gate holds (targets that miss are reported, not fatal),
// 1 when a correctness gate fails, 2 when the run itself breaks.
//
// The authorization test needs the bench build, whose category guard can be bypassed. It is
// compiled into .bench-build/ (lib/bench-build.mjs) and loaded from there (lib/bench-resolve.mjs):
// the packages' dist/ folders and the web app's built pages, which `npm start` serves, are never
// touched (issue #20 item 8).
import os from 'node:os';
import { runOnSupportedNode } from '../libs/tooling/scripts/node-runtime.mjs';

await runOnSupportedNode(import.meta.url);

const args = new Set(process.argv.slice(2));
const mode = args.has('--quick') ? 'quick' : 'full';
// Development aid: --tiers=S:2000,M:20000 replaces the mode's tiers (same tests, smaller data).
const tiersArg = [...args].find((a) => a.startsWith('--tiers='));
// --only=notifications runs the notification pipeline test alone (no case tiers).
const only = [...args].find((a) => a.startsWith('--only='))?.slice('--only='.length);
const tiers = tiersArg
  ?.slice('--tiers='.length)
  .split(',')
  .map((t) => {
    const [tier, count] = t.split(':');
    return { tier, count: Number(count) };
  });

/** CPU hygiene (performance.md §1): start on a quiet host, waiting at most a minute for one. */
async function waitForQuietHost(maxLoad = 2, maxWaitMs = 60_000) {
  const until = Date.now() + maxWaitMs;
  while (os.loadavg()[0] > maxLoad && Date.now() < until) {
    console.log(`waiting for the host to quiet down (1-min load ${os.loadavg()[0].toFixed(2)} > ${maxLoad})`);
    await new Promise((r) => setTimeout(r, 10_000));
  }
}

let exitCode = 2;
const started = Date.now();
try {
  await waitForQuietHost();
  const t0 = Date.now();
  const { buildBenchTree } = await import('./lib/bench-build.mjs');
  const files = await buildBenchTree();
  await import('./lib/bench-resolve.mjs');
  const { runSuite } = await import('./lib/suite.mjs');
  const { BENCH_GUARD_STUB } = await import('@scp/platform-graphql');
  if (BENCH_GUARD_STUB !== true)
    throw new Error('the loaded category guard is not the bench build (is bench-resolve.mjs registered?)');
  console.log(`bench build: ${files} files in .bench-build/ (${Date.now() - t0} ms), loaded. Mode: ${mode}.`);
  const { correctnessFailed } = await runSuite({ mode, tiers, only });
  exitCode = correctnessFailed ? 1 : 0;
} catch (e) {
  console.error(e);
  exitCode = 2;
} finally {
  console.log(`bench ${mode} finished in ${Math.round((Date.now() - started) / 1000)} s, exit ${exitCode}`);
}
process.exit(exitCode);
