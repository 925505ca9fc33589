import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDevKeyPair } from '@scp/platform-auth';
import { freePort } from '@scp/platform-testing';
import { migrate as migrateCases } from '@scp/cases-app';
import { migrate as migrateReferrals } from '@scp/referrals-app';
import { migrate as migrateMeetings } from '@scp/meetings-app';
import { migrate as migrateNotifications } from '@scp/notifications-app';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** What every subgraph of the stack gets: one database, one Redis (with a per-run prefix), the key. */
export interface SubgraphContext {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  internalPublicKey: string;
  /** The SMTP server the notifications service sends to (the stack's mail catcher). */
  smtpUrl: string;
}

export interface RunningSubgraph {
  url: string;
  close(): Promise<void>;
  /** Kills the process at once (as a crash would); `start()` runs it again on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
}

/** The subgraphs of the supergraph, in start order (cases owns the directory and the audit schema). */
export const SUBGRAPH_NAMES = ['cases', 'referrals', 'meetings', 'notifications'] as const;

/**
 * Starts one subgraph as its own process from its build (`apps/<name>/dist/main.js`), as in
 * production. One process per subgraph is not only realism: Nest's code-first type registry is
 * per process, so two subgraphs that both declare `Case` cannot share one.
 */
async function spawnSubgraph(
  name: string,
  port: number,
  env: Record<string, string>,
): Promise<RunningSubgraph> {
  const entry = path.join(ROOT, 'apps', name, 'dist', 'main.js');
  if (!fs.existsSync(entry))
    throw new Error(`${entry} is missing: run \`npm run build\` (npm test builds before Jest)`);
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(
      process.execPath,
      ['--enable-source-maps', '--import', '@scp/platform-telemetry/register', entry],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'development', LOG_LEVEL: 'error', ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const until = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${name} exited (${child.exitCode}) while starting:\n${stderr}`);
      const ready = await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      if (Date.now() > until) {
        child.kill('SIGKILL');
        throw new Error(`${name} did not become ready in 60 s:\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
      if (signal !== 'SIGKILL') setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  await launch();
  return { url, close: () => stop('SIGTERM'), kill: () => stop('SIGKILL'), start: launch };
}

/** Starts every subgraph (in parallel) with the wiring production has between them. */
export async function startSubgraphs(ctx: SubgraphContext): Promise<Record<string, RunningSubgraph>> {
  const ports = Object.fromEntries(
    await Promise.all(SUBGRAPH_NAMES.map(async (n) => [n, await freePort()] as const)),
  );
  // The cases service fetches an accepted referral's people from the referrals service with a
  // service token of its own key; referrals accepts only that key on its internal endpoints.
  const casesServiceKey = generateDevKeyPair();
  // The meetings service checks free text with the cases service, signing with its own key.
  const meetingsServiceKey = generateDevKeyPair();
  // The notifications service asks the cases service who a message goes to, with its own key.
  const notificationsServiceKey = generateDevKeyPair();
  const common = {
    DATABASE_URL: ctx.databaseUrl,
    REDIS_URL: ctx.redisUrl,
    QUEUE_PREFIX: ctx.queuePrefix,
    INTERNAL_JWT_PUBLIC_KEY: ctx.internalPublicKey,
  };
  const envs: Record<string, Record<string, string>> = {
    cases: {
      ...common,
      CASES_PORT: String(ports.cases),
      DEV_IDENTITIES: 'true',
      CASES_SERVICE_PRIVATE_KEY: casesServiceKey.privateKeyPem,
      REFERRALS_INTERNAL_URL: `http://127.0.0.1:${ports.referrals}`,
      CASES_SERVICE_CALLER_KEYS: meetingsServiceKey.publicKeyPem,
      CASES_NOTIFICATIONS_CALLER_KEYS: notificationsServiceKey.publicKeyPem,
      // Reviews falling due move within a second, so scenarios wait on the status, not a clock.
      LIFECYCLE_SWEEP_INTERVAL_MS: '1000',
    },
    referrals: {
      ...common,
      REFERRALS_PORT: String(ports.referrals),
      REFERRALS_SERVICE_CALLER_KEYS: casesServiceKey.publicKeyPem,
    },
    meetings: {
      ...common,
      MEETINGS_PORT: String(ports.meetings),
      CASES_INTERNAL_URL: `http://127.0.0.1:${ports.cases}`,
      MEETINGS_SERVICE_PRIVATE_KEY: meetingsServiceKey.privateKeyPem,
    },
    notifications: {
      ...common,
      NOTIFICATIONS_PORT: String(ports.notifications),
      CASES_INTERNAL_URL: `http://127.0.0.1:${ports.cases}`,
      NOTIFICATIONS_SERVICE_PRIVATE_KEY: notificationsServiceKey.privateKeyPem,
      SMTP_URL: ctx.smtpUrl,
      RECONCILE_INTERVAL_MS: '5000',
    },
  };
  const started = await Promise.allSettled(SUBGRAPH_NAMES.map((n) => spawnSubgraph(n, ports[n]!, envs[n]!)));
  const running: Record<string, RunningSubgraph> = {};
  started.forEach((r, i) => {
    if (r.status === 'fulfilled') running[SUBGRAPH_NAMES[i]!] = r.value;
  });
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(Object.values(running).map((r) => r.close()));
    throw failed.reason;
  }
  return running;
}

/** Migrates every service's schema, cases (with audit) first. */
export async function migrateAll(databaseUrl: string): Promise<void> {
  await migrateCases(databaseUrl);
  await migrateReferrals(databaseUrl);
  await migrateMeetings(databaseUrl);
  await migrateNotifications(databaseUrl);
}
