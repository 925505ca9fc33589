import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createDataSource } from '@scp/platform-database';
import { generateDevKeyPair, InternalTokenSigner } from '@scp/platform-auth';
import { createTestDatabase, type TestDatabase } from '@scp/platform-testing';
import { CASES_ENTITIES, seedDemoData, type DemoFixture } from '@scp/cases';
import type { Actor } from '@scp/contracts';
import type { DataSource } from 'typeorm';
import { createCasesApp } from '../create-cases-app.js';
import { migrateCasesDatabase } from '../migrate.js';

export interface CasesHarness {
  url: string;
  db: TestDatabase;
  owner: DataSource;
  app: INestApplication;
  fixture: DemoFixture;
  signer: InternalTokenSigner;
  keys: { privateKeyPem: string; publicKeyPem: string };
  actor(username: string): Promise<Actor>;
  gql<T = Record<string, unknown>>(
    username: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{
    status: number;
    body: { data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] };
    text: string;
  }>;
  close(): Promise<void>;
}

/** A migrated, seeded database and a listening cases subgraph, for one test file. */
export async function startCasesHarness(
  opts: {
    canaries?: boolean;
    redisUrl?: string;
    queuePrefix?: string;
    serviceCallerKeys?: string[];
    notificationsCallerKeys?: string[];
  } = {},
): Promise<CasesHarness> {
  const db = await createTestDatabase('cases');
  await migrateCasesDatabase(db.url);
  const owner = createDataSource({ url: db.url, schema: 'cases', entities: CASES_ENTITIES });
  await owner.initialize();
  const fixture = await seedDemoData(owner, { canaries: opts.canaries ?? true });
  const keys = generateDevKeyPair();
  const signer = new InternalTokenSigner({ privateKey: keys.privateKeyPem });
  const { app, close } = await createCasesApp({
    databaseUrl: db.url,
    internalPublicKey: keys.publicKeyPem,
    production: false,
    devIdentities: true,
    redisUrl: opts.redisUrl,
    queuePrefix: opts.queuePrefix,
    serviceCallerKeys: opts.serviceCallerKeys,
    notificationsCallerKeys: opts.notificationsCallerKeys,
  });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const actorCache = new Map<string, Actor>();
  const actor = async (username: string): Promise<Actor> => {
    const cached = actorCache.get(username);
    if (cached) return { ...cached, requestId: randomUUID() };
    const res = await fetch(`${url}/internal/actor`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${signer.mintForService('gateway', 'cases', randomUUID())}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ subject: username }),
    });
    if (res.status !== 200) throw new Error(`no actor for ${username}: ${res.status}`);
    const a = { ...((await res.json()) as Omit<Actor, 'requestId'>), requestId: randomUUID() } as Actor;
    actorCache.set(username, a);
    return a;
  };

  return {
    url,
    db,
    owner,
    app,
    fixture,
    signer,
    keys,
    actor,
    async gql(username, query, variables) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (username) headers.authorization = `Bearer ${signer.mintForUser(await actor(username), 'cases')}`;
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      return { status: res.status, body: JSON.parse(text), text };
    },
    async close() {
      await close();
      await owner.destroy();
      await db.drop();
    },
  };
}
