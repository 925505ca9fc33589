import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import type { INestApplication } from '@nestjs/common';
import { generateDevKeyPair, type DevKeyPairPem } from '@scp/platform-auth';
import { createDataSource } from '@scp/platform-database';
import { createTestDatabase, testRedisUrl, uniquePrefix, type TestDatabase } from '@scp/platform-testing';
import { CASES_ENTITIES, seedDemoData, type DemoFixture } from '@scp/cases';

import { createGatewayApp, loadGatewayConfig } from '@scp/gateway-app';
import { startDevMailCatcher, type DevMailCatcher } from '@scp/platform-mail';
import { migrateAll, startSubgraphs, type RunningSubgraph } from './subgraphs.js';

const SUPERGRAPH = fileURLToPath(new URL('../../../prisma-free-schemas/supergraph.graphql', import.meta.url));

export interface Stack {
  gatewayUrl: string;
  /** The gateway, in this process (tests read its runtime, e.g. whether it hears directory changes). */
  gateway: INestApplication;
  casesUrl: string;
  /** Base URL of every running subgraph, by name. */
  subgraphUrls: Record<string, string>;
  /** The subgraph processes (tests may kill and restart one). */
  subgraphs: Record<string, RunningSubgraph>;
  /** The BullMQ key prefix the services of this stack share. */
  queuePrefix: string;
  fixture: DemoFixture;
  owner: DataSource;
  /** The web server's own key pair: the gateway takes session events signed with it alone. */
  webKey: DevKeyPairPem;
  /** Every email the notifications service sent (a real SMTP server). */
  mail: DevMailCatcher;
  token(username: string): Promise<string>;
  gql<T = Record<string, unknown>>(
    username: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{
    status: number;
    text: string;
    body: { data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] };
  }>;
  close(): Promise<void>;
}

/** A GraphQL call that must succeed: its data, or an error naming the user and the answer's errors. */
export async function must<T = Record<string, unknown>>(
  gql: Stack['gql'],
  user: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const res = await gql<T>(user, query, variables);
  if (res.body.errors) throw new Error(`${user}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data as T;
}

/** The whole platform in one process: a seeded database, every subgraph and the gateway. */
export async function startStack(
  opts: {
    canaries?: boolean;
    redisUrl?: string;
    /** An OpenID provider for the gateway to verify user tokens with (instead of the dev issuer). */
    oidc?: { issuer: string; jwksUrl: string; audience: string };
  } = {},
): Promise<Stack> {
  const db: TestDatabase = await createTestDatabase('e2e');
  await migrateAll(db.url);
  const owner = createDataSource({ url: db.url, schema: 'cases', entities: CASES_ENTITIES });
  await owner.initialize();
  const fixture = await seedDemoData(owner, { canaries: opts.canaries ?? true });
  const keys = generateDevKeyPair();
  const webKey = generateDevKeyPair();
  const mail = await startDevMailCatcher({ smtpPort: 0, httpPort: 0 });
  const ctx = {
    smtpUrl: `smtp://127.0.0.1:${mail.smtpPort}`,
    databaseUrl: db.url,
    redisUrl: opts.redisUrl ?? testRedisUrl(),
    queuePrefix: uniquePrefix('e2e'),
    internalPublicKey: keys.publicKeyPem,
  };
  const running: Record<string, RunningSubgraph> = await startSubgraphs(ctx);
  const casesUrl = running.cases!.url;
  const config = loadGatewayConfig(
    {
      NODE_ENV: 'development',
      GATEWAY_PORT: '0',
      INTERNAL_JWT_PRIVATE_KEY: keys.privateKeyPem,
      INTERNAL_JWT_PUBLIC_KEY: keys.publicKeyPem,
      GATEWAY_WEB_CALLER_KEYS: webKey.publicKeyPem,
      ...Object.fromEntries(
        Object.entries(running).map(([name, r]) => [
          `SUBGRAPH_URL_${name.toUpperCase()}`,
          `${r.url}/graphql`,
        ]),
      ),
      LOG_LEVEL: 'silent',
      REDIS_URL: ctx.redisUrl,
      ...(opts.oidc
        ? {
            OIDC_ISSUER: opts.oidc.issuer,
            OIDC_JWKS_URL: opts.oidc.jwksUrl,
            OIDC_AUDIENCE: opts.oidc.audience,
          }
        : {}),
    },
    { supergraphSdl: fs.readFileSync(SUPERGRAPH, 'utf8') },
  );
  const gateway = await createGatewayApp(config);
  await gateway.listen(0, '127.0.0.1');
  const gatewayUrl = `http://127.0.0.1:${(gateway.getHttpServer().address() as AddressInfo).port}`;
  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    const cached = tokens.get(username);
    if (cached) return cached;
    const res = await fetch(`${gatewayUrl}/auth/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username }),
    });
    if (res.status !== 200) throw new Error(`no dev token for ${username}: ${res.status}`);
    const t = ((await res.json()) as { access_token: string }).access_token;
    tokens.set(username, t);
    return t;
  };
  return {
    gatewayUrl,
    webKey,
    gateway,
    casesUrl,
    subgraphs: running,
    subgraphUrls: Object.fromEntries(Object.entries(running).map(([n, r]) => [n, r.url])),
    queuePrefix: ctx.queuePrefix,
    fixture,
    owner,
    mail,
    token,
    async gql(username, query, variables) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (username) headers.authorization = `Bearer ${await token(username)}`;
      const res = await fetch(`${gatewayUrl}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      return { status: res.status, text, body: JSON.parse(text) };
    },
    async close() {
      await gateway.close();
      for (const r of Object.values(running).reverse()) await r.close();
      await mail.close();
      await owner.destroy();
      await db.drop();
    },
  };
}
