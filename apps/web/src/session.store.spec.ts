import { createLogger } from '@scp/platform-logging';
import { testRedisUrl } from '@scp/platform-testing';
import { createWebApp } from './create-web-app.js';
import {
  hashId,
  MemorySessionStore,
  RedisSessionStore,
  type Session,
  type SessionStore,
} from './session.store.js';
import { gqlMe, signedIn } from './testing/bff-client.js';
import { specRedis } from './testing/spec-redis.js';
import { fakeClientDir, fakeGateway, type FakeGateway } from './testing/fake-gateway.js';
import { loadWebConfig } from './web.config.js';

const { prefix: PREFIX, db } = specRedis('web-sessions');

const session = (ttlMs = 60_000, extra: Partial<Session> = {}): Session => {
  const now = Date.now();
  return {
    accessToken: 'access-token-abc',
    accessExpiresAt: now + ttlMs,
    expiresAt: now + ttlMs,
    maxExpiresAt: now + 12 * 3_600_000,
    username: 'chair.nvp',
    ...extra,
  };
};

const pending = () => ({
  state: 's',
  nonce: 'n',
  codeVerifier: 'v'.repeat(43),
  expiresAt: Date.now() + 600_000,
});

describe.each([
  ['memory', () => new MemorySessionStore()],
  ['redis', () => new RedisSessionStore(testRedisUrl(), { keyPrefix: `${PREFIX}each:` })],
] as const)('web: the %s session store', (_kind, make) => {
  let store: SessionStore;
  beforeAll(async () => {
    store = make();
    await store.ready();
  });
  afterAll(() => store.close());

  it('keeps a session until it is destroyed; an update replaces it', async () => {
    const s = session();
    const id = await store.create(s);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await store.get(id)).toEqual(s);
    expect(await store.get('another-id')).toBeUndefined();
    expect(await store.get(undefined)).toBeUndefined();
    const next = { ...s, accessToken: 'access-token-def' };
    expect(await store.update(id, next)).toBe(true);
    expect((await store.get(id))?.accessToken).toBe('access-token-def');
    await store.destroy(id);
    expect(await store.get(id)).toBeUndefined();
    // An ended session is not brought back by an update (a sign-out during a refresh).
    expect(await store.update(id, next)).toBe(false);
    expect(await store.get(id)).toBeUndefined();
  });

  it('forgets a session at its end', async () => {
    const id = await store.create(session(150));
    expect(await store.get(id)).toBeDefined();
    await new Promise((r) => setTimeout(r, 250));
    expect(await store.get(id)).toBeUndefined();
    expect(await store.get(await store.create(session(-1)))).toBeUndefined();
  });

  it('gives a pending sign-in out once, even to concurrent takers', async () => {
    const id = await store.savePending(pending());
    const taken = await Promise.all([1, 2, 3, 4, 5].map(() => store.takePending(id)));
    expect(taken.filter(Boolean)).toHaveLength(1);
    expect(taken.find(Boolean)).toMatchObject({ state: 's', nonce: 'n' });
    expect(await store.takePending(id)).toBeUndefined();
    expect(
      await store.takePending(await store.savePending({ ...pending(), expiresAt: Date.now() - 1 })),
    ).toBe(undefined);
  });

  it('lets one holder at a time take the refresh lock', async () => {
    const id = await store.create(session());
    const release = await store.lockRefresh(id, 5_000);
    expect(release).toBeDefined();
    expect(await store.lockRefresh(id, 5_000)).toBeUndefined();
    await release!();
    const again = await store.lockRefresh(id, 5_000);
    expect(again).toBeDefined();
    await again!();
  });
});

describe('web: sessions in Redis', () => {
  const prefix = `${PREFIX}redis:`;
  let store: RedisSessionStore;
  beforeAll(async () => {
    store = new RedisSessionStore(testRedisUrl(), { keyPrefix: prefix });
    await store.ready();
  });
  afterAll(() => store.close());

  it('keys hold the SHA-256 of the id, never the id; the TTL is the session end (PX)', async () => {
    const s = session(90_000);
    const id = await store.create(s);
    const pendingId = await store.savePending(pending());
    const keys = await db().keys(`${prefix}*`);
    expect(keys).toEqual(
      expect.arrayContaining([`${prefix}session:${hashId(id)}`, `${prefix}signin:${hashId(pendingId)}`]),
    );
    for (const k of keys) {
      expect(k).not.toContain(id);
      expect(k).not.toContain(pendingId);
      expect(await db().get(k)).not.toContain(id);
    }
    const ttl = await db().pttl(`${prefix}session:${hashId(id)}`);
    expect(ttl).toBeGreaterThan(85_000);
    expect(ttl).toBeLessThanOrEqual(90_000);
    const pendingTtl = await db().pttl(`${prefix}signin:${hashId(pendingId)}`);
    expect(pendingTtl).toBeGreaterThan(590_000);
    expect(pendingTtl).toBeLessThanOrEqual(600_000);
    // An update moves the TTL to the new end.
    await store.update(id, { ...s, expiresAt: Date.now() + 30_000 });
    const after = await db().pttl(`${prefix}session:${hashId(id)}`);
    expect(after).toBeGreaterThan(25_000);
    expect(after).toBeLessThanOrEqual(30_000);
    await store.destroy(id);
    expect(await db().exists(`${prefix}session:${hashId(id)}`)).toBe(0);
  });

  it('is shared: a session made by one store instance is read by another', async () => {
    const other = new RedisSessionStore(testRedisUrl(), { keyPrefix: prefix });
    await other.ready();
    try {
      const id = await store.create(session());
      expect((await other.get(id))?.username).toBe('chair.nvp');
      const pendingId = await other.savePending(pending());
      expect(await store.takePending(pendingId)).toBeDefined();
      expect(await other.takePending(pendingId)).toBeUndefined();
      const release = await store.lockRefresh(id, 5_000);
      expect(await other.lockRefresh(id, 5_000)).toBeUndefined();
      await release!();
    } finally {
      await other.close();
    }
  });
});

describe('web: the BFF with WEB_SESSION_STORE=redis', () => {
  const prefix = `${PREFIX}bff:`;
  const clientDir = fakeClientDir();
  const silent = createLogger('web', { level: 'silent' });
  const csrf = { 'x-scp-csrf': '1', 'content-type': 'application/json' };
  let gateway: FakeGateway;

  beforeAll(async () => {
    gateway = await fakeGateway({ accessToken: 'demo-token-1' });
  });
  afterAll(() => gateway.close());

  async function startWeb() {
    const config = loadWebConfig({
      GATEWAY_URL: gateway.url,
      WEB_CLIENT_DIR: clientDir,
      REDIS_URL: testRedisUrl(),
      WEB_REDIS_KEY_PREFIX: prefix,
    });
    const web = createWebApp(config, { logger: silent });
    const { server, url } = await web.listen(0, '127.0.0.1');
    return {
      web,
      url,
      close: async () => {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
        await web.close();
      },
    };
  }

  const signIn = signedIn;
  const gql = gqlMe;

  it('chooses Redis when REDIS_URL is set, memory otherwise or when asked', () => {
    expect(loadWebConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toMatchObject({
      sessionStore: 'redis',
      redisUrl: 'redis://127.0.0.1:6379',
      redisKeyPrefix: 'scp:web:',
      sessionMaxMs: 12 * 3_600_000,
    });
    expect(loadWebConfig({})).toMatchObject({ sessionStore: 'memory', redisUrl: undefined });
    expect(
      loadWebConfig({
        REDIS_URL: 'redis://a:6379',
        WEB_REDIS_URL: 'redis://b:6379',
        WEB_SESSION_MAX_HOURS: '2',
      }),
    ).toMatchObject({ redisUrl: 'redis://b:6379', sessionMaxMs: 2 * 3_600_000 });
    expect(loadWebConfig({ REDIS_URL: 'redis://a:6379', WEB_SESSION_STORE: 'memory' }).sessionStore).toBe(
      'memory',
    );
    expect(() => loadWebConfig({ WEB_SESSION_STORE: 'redis' })).toThrow(/needs WEB_REDIS_URL or REDIS_URL/);
    expect(() => loadWebConfig({ WEB_SESSION_STORE: 'disk' })).toThrow(/redis or memory/);
    expect(() => loadWebConfig({ WEB_SESSION_MAX_HOURS: '0' })).toThrow(/WEB_SESSION_MAX_HOURS/);
  });

  it('keeps the session across a restart of the BFF, and between replicas', async () => {
    const first = await startWeb();
    expect(first.web.sessions.kind).toBe('redis');
    const { cookie, id } = await signIn(first.url);
    expect((await gql(first.url, cookie)).status).toBe(200);
    expect(await db().exists(`${prefix}session:${hashId(id)}`)).toBe(1);
    const replica = await startWeb();
    try {
      expect((await gql(replica.url, cookie)).status).toBe(200);
    } finally {
      await replica.close();
    }
    await first.close();

    const restarted = await startWeb();
    try {
      const info = await (await fetch(`${restarted.url}/auth/session`, { headers: { cookie } })).json();
      expect(info).toMatchObject({ mode: 'demo', signedIn: true });
      expect((await gql(restarted.url, cookie)).status).toBe(200);
      expect(gateway.graphqlTokens()).toEqual(['demo-token-1', 'demo-token-1', 'demo-token-1']);
    } finally {
      await restarted.close();
    }
  });

  it('signing out deletes the session from Redis; nothing in Redis names the cookie value', async () => {
    const s = await startWeb();
    try {
      const { cookie, id } = await signIn(s.url);
      const keys = await db().keys(`${prefix}*`);
      expect(keys).toContain(`${prefix}session:${hashId(id)}`);
      expect(keys.some((k) => k.includes(id))).toBe(false);
      const ttl = await db().pttl(`${prefix}session:${hashId(id)}`);
      expect(ttl).toBeGreaterThan(3_500_000);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
      const out = await fetch(`${s.url}/auth/sign-out`, { method: 'POST', headers: { ...csrf, cookie } });
      expect(out.status).toBe(200);
      expect(await db().exists(`${prefix}session:${hashId(id)}`)).toBe(0);
      expect((await gql(s.url, cookie)).status).toBe(401);
    } finally {
      await s.close();
    }
  });
});
