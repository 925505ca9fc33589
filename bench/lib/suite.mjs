// The whole run: one PostgreSQL, a database and a stack per tier, the tests, the report.
// Importing this module loads every workspace package's dist/ (the bench build): run.mjs
// rebuilds dist normally right after, while this process keeps the bench build in memory.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startBenchPostgres, serverVersion } from './postgres.mjs';
import { startTier } from './stack.mjs';
import { installStatementCounter } from './probes.mjs';
import {
  authzTests,
  createContext,
  explainTests,
  gatewayExperiments,
  gatewayTests,
  scaleTests,
  statementTests,
} from './tests.mjs';
import { markdown, writeReport } from './report.mjs';

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export const MODES = {
  quick: {
    tiers: [{ tier: 'S', count: 10_000 }],
    rounds: 5,
    warmupMs: 800,
    n: { detail: 120, list: 30, scale: 60, raw: 60, experiment: 60 },
  },
  full: {
    tiers: [
      { tier: 'S', count: 10_000 },
      { tier: 'M', count: 100_000 },
    ],
    rounds: 5,
    warmupMs: 2_000,
    n: { detail: 300, list: 60, scale: 120, raw: 150, experiment: 150 },
  },
};

/** @param {{ mode: 'quick' | 'full', tiers?: { tier: string, count: number }[], log?: (s: string) => void }} opts */
export async function runSuite({ mode, tiers: tierOverride, only, log = console.log }) {
  const started = Date.now();
  const cfg = { ...MODES[mode], ...(tierOverride ? { tiers: tierOverride } : {}) };
  installStatementCounter();
  const phase = (name) => log(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${name}`);

  phase('PostgreSQL');
  const server = await startBenchPostgres({ log });
  const env = {
    node: process.version,
    pg: await serverVersion(server.url),
    cpus: os.cpus().length,
    embeddedPg: server.embedded,
    pgStatStatements: server.statStatements,
  };
  const ctx = createContext({ cfg, env, log });
  const tiers = [];
  try {
    if (only === 'notifications') cfg.tiers = [];
    for (const t of cfg.tiers) {
      phase(`tier ${t.tier}: ${t.count} cases`);
      tiers.push(
        await startTier({ serverUrl: server.url, statStatements: server.statStatements, ...t, log }),
      );
    }
    phase('(vi) notification pipeline');
    // Loaded only now, after every tier's cases service is built: the notifications library declares
    // its own `Case` reference type, and Nest's code-first registry is one per process, so loading it
    // first made the cases schema fail ("multiple types named Case").
    const { notificationTests } = await import('./notifications.mjs');
    await notificationTests(ctx, { serverUrl: server.url, events: mode === 'quick' ? 2_000 : 5_000 });
    const largest = tiers.at(-1);
    for (const tier of tiers) {
      phase(`tier ${tier.tier}: (i) gateway`);
      await gatewayTests(ctx, tier);
      phase(`tier ${tier.tier}: (ii) authorization`);
      await authzTests(ctx, tier, { experiments: tier === largest });
      phase(`tier ${tier.tier}: (iii) statements per request`);
      await statementTests(ctx, tier, { statStatements: server.statStatements });
    }
    if (largest) phase(`tier ${largest.tier}: gateway experiments`);
    if (largest)
      try {
        await gatewayExperiments(ctx, largest);
      } catch (e) {
        // An experiment explains; it gates nothing. Record the failure and carry on.
        ctx.experiment('experiments aborted', largest.tier, { error: String(e?.stack ?? e).slice(0, 500) });
      }
    let scale;
    if (tiers.length > 1) {
      phase(`(iv) scale curve ${tiers[0].tier} → ${largest.tier}`);
      scale = await scaleTests(ctx, tiers[0], largest);
    } else {
      log('  (iv) scale curve needs two tiers: skipped in --quick');
    }
    for (const tier of tiers) {
      phase(`tier ${tier.tier}: (v) plans`);
      await explainTests(ctx, tier, scale?.[tier.tier]?.statements);
    }
  } finally {
    for (const tier of tiers) await tier.close().catch((e) => log(`close ${tier.tier}: ${e.message}`));
    await server.stop().catch((e) => log(`postgres stop: ${e.message}`));
  }

  const report = {
    meta: {
      mode,
      startedAt: new Date(started).toISOString(),
      durationS: Math.round((Date.now() - started) / 1000),
      rounds: cfg.rounds,
      iterations: cfg.n,
      tiers: tiers.map((t) => ({ tier: t.tier, cases: t.count, rows: t.counts, generateMs: t.generateMs })),
      env,
    },
    results: ctx.results,
    gates: ctx.gates,
    experiments: ctx.experiments,
  };
  const { json } = writeReport(report, RESULTS_DIR);
  log('');
  log(markdown(report));
  log(`results: ${json} (and bench/results/latest.md)`);
  return { report, correctnessFailed: ctx.gates.some((g) => !g.pass) };
}
