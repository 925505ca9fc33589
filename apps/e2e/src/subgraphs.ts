import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { createCasesApp, migrateCasesDatabase } from '@scp/cases-app';

/** What every subgraph of the stack gets: one database, one Redis (with a per-run prefix), the key. */
export interface SubgraphContext {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  internalPublicKey: string;
}

export interface RunningSubgraph {
  url: string;
  close(): Promise<void>;
}

export const urlOf = (app: INestApplication) =>
  `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

/**
 * Every subgraph of the supergraph, in start order. The cases service owns the directory and the
 * audit schema, so it migrates and starts first. A new subgraph adds its starter here (one entry)
 * and its migration call in `migrateAll`.
 */
export const SUBGRAPH_STARTERS: Record<string, (ctx: SubgraphContext) => Promise<RunningSubgraph>> = {
  cases: async (ctx) => {
    const cases = await createCasesApp({
      databaseUrl: ctx.databaseUrl,
      internalPublicKey: ctx.internalPublicKey,
      production: false,
      devIdentities: true,
      redisUrl: ctx.redisUrl,
      queuePrefix: ctx.queuePrefix,
    });
    await cases.app.listen(0, '127.0.0.1');
    return { url: urlOf(cases.app), close: () => cases.close() };
  },
};

/** Migrates every service's schema, cases (with audit) first. */
export async function migrateAll(databaseUrl: string): Promise<void> {
  await migrateCasesDatabase(databaseUrl);
}
