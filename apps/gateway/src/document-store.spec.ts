import { parse } from 'graphql';
import { boundedDocumentStore, boundedQueryPlanStore, QUERY_CACHE_MAX_ENTRIES } from './document-store.js';
import { gatewayDriverOptions } from './graphql.options.js';
import type { GatewayRuntime } from './gateway.runtime.js';

const doc = (i: number) => parse(`{ me { displayName } a${i}: unreadNotificationCount }`);

describe("the gateway's per-query caches are bounded (issue #20 item 9)", () => {
  it('keeps at most the last N documents, evicting the least recently used', async () => {
    const store = boundedDocumentStore(3, 1 << 20);
    for (let i = 0; i < 5; i++) await store.set(`k${i}`, doc(i));
    await store.get('k2'); // used: k3 is now the oldest
    await store.set('k5', doc(5));
    const kept = [];
    for (let i = 0; i < 6; i++) if (await store.get(`k${i}`)) kept.push(`k${i}`);
    expect(kept).toEqual(['k2', 'k4', 'k5']);
  });

  it('keeps at most the given amount of query text, however few documents', async () => {
    const big = parse(`{ me { displayName } ${'x: unreadNotificationCount '.repeat(100)} }`);
    const size = big.loc!.end;
    const store = boundedDocumentStore(1_000, size * 2);
    for (let i = 0; i < 4; i++) await store.set(`big${i}`, big);
    const kept = [];
    for (let i = 0; i < 4; i++) if (await store.get(`big${i}`)) kept.push(`big${i}`);
    expect(kept).toEqual(['big2', 'big3']);
  });

  it('after 5,000 distinct queries holds 500, the newest', async () => {
    const store = boundedDocumentStore();
    for (let i = 0; i < 5_000; i++) await store.set(`q${i}`, doc(i));
    let held = 0;
    for (let i = 0; i < 5_000; i++) if (await store.get(`q${i}`)) held++;
    expect(held).toBe(QUERY_CACHE_MAX_ENTRIES);
    expect(await store.get('q4999')).toBeDefined();
    expect(await store.get('q0')).toBeUndefined();
  });

  it('holds at most 500 query plans, and clear() empties it', async () => {
    const plans = boundedQueryPlanStore();
    const plan = { kind: 'QueryPlan' as const, node: undefined };
    for (let i = 0; i < 2_000; i++) await plans.set(`p${i}`, plan);
    let held = 0;
    for (let i = 0; i < 2_000; i++) if (await plans.get(`p${i}`)) held++;
    expect(held).toBe(QUERY_CACHE_MAX_ENTRIES);
    plans.clear();
    expect(await plans.get('p1999')).toBeUndefined();
  });

  it('is what the gateway uses for documents and for query plans', () => {
    const rt = {
      config: { supergraphSdl: '', subgraphUrls: {}, production: true },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    } as unknown as GatewayRuntime;
    const options = gatewayDriverOptions(rt);
    expect(options.server?.documentStore).toBeDefined();
    expect(options.server?.documentStore).not.toBeNull();
    expect(options.gateway?.queryPlannerConfig?.cache).toBeDefined();
  });
});
