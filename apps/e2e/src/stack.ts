import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { generateDevKeyPair } from '@scp/platform-auth';
import { createDataSource } from '@scp/platform-database';
import { createTestDatabase, type TestDatabase } from '@scp/platform-testing';
import { CASES_ENTITIES, seedDemoData, type DemoFixture } from '@scp/cases';
import { createCasesApp, migrateCasesDatabase } from '@scp/cases-app';
import { createGatewayApp, loadGatewayConfig } from '@scp/gateway-app';

const SUPERGRAPH = fileURLToPath(new URL('../../../prisma-free-schemas/supergraph.graphql', import.meta.url));

export interface Stack {
  gatewayUrl: string;
  casesUrl: string;
  fixture: DemoFixture;
  owner: DataSource;
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

const urlOf = (app: INestApplication) =>
  `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

/** The whole platform in one process: a seeded database, every subgraph and the gateway. */
export async function startStack(opts: { canaries?: boolean } = {}): Promise<Stack> {
  const db: TestDatabase = await createTestDatabase('e2e');
  await migrateCasesDatabase(db.url);
  const owner = createDataSource({ url: db.url, schema: 'cases', entities: CASES_ENTITIES });
  await owner.initialize();
  const fixture = await seedDemoData(owner, { canaries: opts.canaries ?? true });
  const keys = generateDevKeyPair();
  const cases = await createCasesApp({
    databaseUrl: db.url,
    internalPublicKey: keys.publicKeyPem,
    production: false,
    devIdentities: true,
  });
  await cases.app.listen(0, '127.0.0.1');
  const casesUrl = urlOf(cases.app);
  const config = loadGatewayConfig(
    {
      NODE_ENV: 'development',
      GATEWAY_PORT: '0',
      INTERNAL_JWT_PRIVATE_KEY: keys.privateKeyPem,
      INTERNAL_JWT_PUBLIC_KEY: keys.publicKeyPem,
      SUBGRAPH_URL_CASES: `${casesUrl}/graphql`,
      LOG_LEVEL: 'silent',
    },
    { supergraphSdl: fs.readFileSync(SUPERGRAPH, 'utf8') },
  );
  const gateway = await createGatewayApp(config);
  await gateway.listen(0, '127.0.0.1');
  const gatewayUrl = urlOf(gateway);
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
    casesUrl,
    fixture,
    owner,
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
      await cases.close();
      await owner.destroy();
      await db.drop();
    },
  };
}
