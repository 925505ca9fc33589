// One PostgreSQL server for the whole bench run, a database per tier. Embedded (real binaries
// from npm) unless DATABASE_URL is set; started with pg_stat_statements preloaded so test (iii)
// can count statements from the server's side as well as from the driver's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, loadEmbeddedPostgres, postgresDataDir } from '../../libs/platform/testing/infra.mjs';

/** @returns {Promise<{ url: string, embedded: boolean, statStatements: boolean, stop(): Promise<void> }>} */
export async function startBenchPostgres({ log = () => {} } = {}) {
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    return { url, embedded: false, statStatements: await hasStatStatements(url), stop: async () => {} };
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir = postgresDataDir(fs.mkdtempSync(path.join(os.tmpdir(), 'scp-bench-pg-')));
  const port = await freePort();
  const password = 'scp-bench-only';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Durability off: nothing here is worth keeping, and the generator writes ~1M rows.
    postgresFlags: [
      ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'shared_buffers=512MB'],
      ...['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all'],
    ],
    onLog: () => {},
    onError: (e) => log(`postgres: ${e}`),
  });
  await server.initialise();
  await server.start();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    embedded: true,
    statStatements: await hasStatStatements(url),
    stop: async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function hasStatStatements(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT current_setting('shared_preload_libraries') AS libs`);
    return String(rows[0].libs).includes('pg_stat_statements');
  } finally {
    await client.end();
  }
}

export function databaseUrl(serverUrl, database) {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Drops and re-creates `name`, with pg_stat_statements installed in it when the server has it. */
export async function createDatabase(serverUrl, name, { statStatements }) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(serverUrl, name);
  if (statStatements) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.end();
  }
  return url;
}

export async function serverVersion(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SHOW server_version');
    return rows[0].server_version;
  } finally {
    await client.end();
  }
}
