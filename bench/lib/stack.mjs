// One tier of the bench: a database (migrated, demo directory seeded, cases generated), the
// cases subgraph twice (full guards, and the bench build's guard stub), and the gateway in front
// of the full one. All in this process, each on port 0.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createCasesApp, migrateCasesDatabase } from '@scp/cases-app';
import { CASES_ENTITIES, seedDemoData } from '@scp/cases';
import { createDataSource } from '@scp/platform-database';
import { generateDevKeyPair, InternalTokenSigner } from '@scp/platform-auth';
import { createLogger as createServiceLogger } from '@scp/platform-logging';
import { createGatewayApp, createLogger as createGatewayLogger, loadGatewayConfig } from '@scp/gateway-app';
import { createDatabase } from './postgres.mjs';
import { generateCases } from './data.mjs';
import { TimedClient } from './http.mjs';
import { withGuardBypass } from '@scp/platform-graphql';

/** Log lines go nowhere, but are still produced: the gateway's per-request line is part of its cost. */
const nullSink = () =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

const addressOf = (app) => `http://127.0.0.1:${app.getHttpServer().address().port}`;

export async function startCases({ databaseUrl, keys, bypass }) {
  const start = async () => {
    const cases = await createCasesApp({
      databaseUrl,
      internalPublicKey: keys.publicKeyPem,
      production: false,
      devIdentities: true,
      logger: createServiceLogger('cases', { level: 'warn' }),
    });
    // Nest builds the GraphQL schema here (module init), so this is inside the bypass too.
    await cases.app.listen(0, '127.0.0.1');
    return cases;
  };
  // The bench build's guard module (category-guard.bench.mjs) stubs the guards of a schema built inside this.
  const cases = bypass ? await withGuardBypass(start) : await start();
  return { ...cases, url: addressOf(cases.app) };
}

export async function startGateway({ casesUrl, keys, devKey, env = {} }) {
  const config = loadGatewayConfig({
    NODE_ENV: 'development',
    GATEWAY_PORT: '0',
    INTERNAL_JWT_PRIVATE_KEY: keys.privateKeyPem,
    INTERNAL_JWT_PUBLIC_KEY: keys.publicKeyPem,
    DEV_ISSUER_PRIVATE_KEY: devKey.privateKeyPem,
    SUBGRAPH_URL_CASES: `${casesUrl}/graphql`,
    LOG_LEVEL: 'info',
    ...env,
  });
  const app = await createGatewayApp(config, { logger: createGatewayLogger('info', nullSink()) });
  await app.listen(0, '127.0.0.1');
  return { app, url: addressOf(app), close: () => app.close() };
}

/** The same gateway configuration, in a child process (bench/lib/gateway-child.mjs). */
export async function startGatewayProcess({ casesUrl, keys, devKey }) {
  const child = fork(fileURLToPath(new URL('./gateway-child.mjs', import.meta.url)), [], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      GATEWAY_PORT: '0',
      INTERNAL_JWT_PRIVATE_KEY: keys.privateKeyPem,
      INTERNAL_JWT_PUBLIC_KEY: keys.publicKeyPem,
      DEV_ISSUER_PRIVATE_KEY: devKey.privateKeyPem,
      SUBGRAPH_URL_CASES: `${casesUrl}/graphql`,
      LOG_LEVEL: 'info',
    },
    // The child loads the bench build too (bench-resolve.mjs), not the tree's dist/.
    execArgv: ['--import', new URL('./bench-resolve.mjs', import.meta.url).href],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`gateway child exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send('close');
      }),
  };
}

/**
 * @param {{ serverUrl: string, statStatements: boolean, tier: string, count: number, log: (s: string) => void }} opts
 */
export async function startTier({ serverUrl, statStatements, tier, count, log }) {
  const dbName = `bench_${tier.toLowerCase()}`;
  let t = Date.now();
  const databaseUrl = await createDatabase(serverUrl, dbName, { statStatements });
  await migrateCasesDatabase(databaseUrl);
  const owner = createDataSource({ url: databaseUrl, schema: 'cases', entities: CASES_ENTITIES });
  await owner.initialize();
  const fixture = await seedDemoData(owner, { canaries: false });
  await owner.destroy();
  const sql = new pg.Client({ connectionString: databaseUrl });
  await sql.connect();
  const counts = await generateCases(sql, count, fixture);
  const generateMs = Date.now() - t;
  log(`  tier ${tier}: ${JSON.stringify(counts)} generated in ${(generateMs / 1000).toFixed(1)} s`);

  t = Date.now();
  const keys = generateDevKeyPair();
  const devKey = generateDevKeyPair();
  const signer = new InternalTokenSigner({ privateKey: keys.privateKeyPem, ttlSeconds: 60 });
  const full = await startCases({ databaseUrl, keys, bypass: false });
  const bypass = await startCases({ databaseUrl, keys, bypass: true });
  const gateway = await startGateway({ casesUrl: full.url, keys, devKey });
  log(`  tier ${tier}: cases ×2 and gateway up in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const clients = {
    full: new TimedClient(full.url),
    bypass: new TimedClient(bypass.url),
    gateway: new TimedClient(gateway.url),
  };

  const actors = new Map();
  /** The actor record as the gateway would put it in a token (via /internal/actor, like the harness). */
  async function actor(username) {
    if (!actors.has(username)) {
      const res = await clients.full.post(
        '/internal/actor',
        Buffer.from(JSON.stringify({ subject: username })),
        { authorization: `Bearer ${signer.mintForService('gateway', 'cases', randomUUID())}` },
      );
      if (res.status !== 200) throw new Error(`no actor for ${username}: HTTP ${res.status}`);
      actors.set(username, JSON.parse(res.text));
    }
    return actors.get(username);
  }
  /** A fresh internal token (new request id), as the gateway mints one per request. */
  async function internalToken(username) {
    return signer.mintForUser({ ...(await actor(username)), requestId: randomUUID() }, 'cases');
  }
  const userTokens = new Map();
  /** A dev-issuer user token for the gateway (POST /auth/dev/token). */
  async function userToken(username) {
    if (!userTokens.has(username)) {
      const res = await clients.gateway.post('/auth/dev/token', Buffer.from(JSON.stringify({ username })));
      if (res.status !== 200) throw new Error(`no dev token for ${username}: HTTP ${res.status}`);
      userTokens.set(username, JSON.parse(res.text).access_token);
    }
    return userTokens.get(username);
  }

  return {
    tier,
    count,
    dbName,
    databaseUrl,
    fixture,
    counts,
    generateMs,
    sql,
    keys,
    devKey,
    signer,
    full,
    bypass,
    gateway,
    clients,
    actor,
    internalToken,
    userToken,
    async close() {
      for (const c of Object.values(clients)) c.close();
      await gateway.close();
      await full.close();
      await bypass.close();
      await sql.end();
    },
  };
}
