import { Redis } from 'ioredis';
import { createLogger } from '@scp/platform-logging';
import { eventually, startRedis, uniquePrefix, type RedisHandle } from '@scp/platform-testing';
import { createWebApp, SESSION_STORE_UNAVAILABLE } from './create-web-app.js';
import type { OidcClient } from './oidc.client.js';
import { SessionRefresher } from './session.refresh.js';
import { hashId, RedisSessionStore, SessionStoreUnavailableError, type Session } from './session.store.js';
import { CSRF_JSON, demoSignIn, gqlMe, signedIn } from './testing/bff-client.js';
import { fakeClientDir, fakeGateway, type FakeGateway } from './testing/fake-gateway.js';
import { loadWebConfig } from './web.config.js';

/**
 * The BFF while its session Redis is down (issue 20 §6, docs/sessions.md). This file runs its own
 * redis-server, append-only with every write synced, so that it can kill it (as a crash would)
 * and bring it back with its data, without disturbing other test files.
 */
describe('web: sessions during a Redis outage', () => {
  const clientDir = fakeClientDir();
  const silent = createLogger('web', { level: 'silent' });
  const prefix = `${uniquePrefix('web-outage')}:`;
  let redis: RedisHandle;
  let db: Redis;
  let gateway: FakeGateway;
  const replicas: { url: string; store: RedisSessionStore; close(): Promise<void> }[] = [];

  beforeAll(async () => {
    redis = await startRedis({ own: true, persistent: true });
    db = new Redis(redis.url, { maxRetriesPerRequest: null });
    db.on('error', () => undefined);
    // Every write on disk before its reply: the restarted server has all of them.
    await db.config('SET', 'appendfsync', 'always');
    gateway = await fakeGateway({ accessToken: 'demo-token-1' });
  });
  afterAll(async () => {
    for (const r of replicas) await r.close();
    db?.disconnect();
    await gateway?.close();
    await redis?.stop();
  });

  async function replica(env: Record<string, string> = {}) {
    const config = loadWebConfig({
      GATEWAY_URL: gateway.url,
      WEB_CLIENT_DIR: clientDir,
      REDIS_URL: redis.url,
      WEB_REDIS_KEY_PREFIX: prefix,
      ...env,
    });
    const web = createWebApp(config, { logger: silent });
    const { server, url } = await web.listen(0, '127.0.0.1');
    const r = {
      url,
      store: web.sessions as RedisSessionStore,
      close: async () => {
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
        await web.close();
      },
    };
    replicas.push(r);
    return r;
  }

  const signIn = demoSignIn;
  const gql = gqlMe;
  const signOut = (url: string, cookie: string) =>
    fetch(`${url}/auth/sign-out`, { method: 'POST', headers: { ...CSRF_JSON, cookie } });
  const sessionKey = (id: string) => `${prefix}session:${hashId(id)}`;
  /** Down as the BFF sees it: a sign-in is refused. */
  const down = async (url: string) => {
    await redis.kill!();
    await eventually(async () => (await signIn(url)).status === 503, 10_000);
  };
  const up = async (...urls: string[]) => {
    await redis.start!();
    await eventually(async () => {
      for (const url of urls) if ((await signIn(url)).status !== 200) return false;
      return true;
    }, 15_000);
  };

  it('a session in use goes on through /graphql; sign-in is 503; sign-out works and stays out when Redis is back', async () => {
    const a = await replica();
    const b = await replica();
    const working = await signedIn(a.url);
    const leaving = await signedIn(a.url);
    expect((await gql(a.url, working.cookie)).status).toBe(200);
    // Replica b has read `leaving` (it holds a copy); it has never seen `working`.
    expect((await gql(b.url, leaving.cookie)).status).toBe(200);

    await down(a.url);
    const tokensBefore = gateway.graphqlTokens().length;
    const res = await gql(a.url, working.cookie);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { me: { displayName: 'Demo Chair' } } });
    expect(gateway.graphqlTokens().slice(tokensBefore)).toEqual(['demo-token-1']);
    const info = await (await fetch(`${a.url}/auth/session`, { headers: { cookie: working.cookie } })).json();
    expect(info).toMatchObject({ signedIn: true });
    // A new sign-in needs the shared store: 503, a clear message, and no cookie.
    const refused = await signIn(a.url);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect(await refused.json()).toEqual({
      errors: [
        { message: SESSION_STORE_UNAVAILABLE, extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } },
      ],
    });
    // A replica without a copy cannot tell: 503, and the cookie is kept (not a sign-out).
    const unknown = await gql(b.url, working.cookie);
    expect(unknown.status).toBe(503);
    expect(unknown.headers.get('set-cookie')).toBeNull();

    // Sign-out during the outage: the cookie is cleared and this replica refuses the session at once.
    const out = await signOut(a.url, leaving.cookie);
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await gql(a.url, leaving.cookie)).status).toBe(401);
    expect(a.store.pendingSignOuts()).toBe(1);
    // The stated cost: a replica holding a copy honours it until its access token expires.
    expect((await gql(b.url, leaving.cookie)).status).toBe(200);

    await up(a.url, b.url);
    // Redis came back with the session (synced before the crash); the sign-out reaches it at once.
    await eventually(async () => (await db.exists(sessionKey(leaving.id))) === 0, 5_000);
    expect(a.store.pendingSignOuts()).toBe(0);
    expect((await gql(a.url, leaving.cookie)).status).toBe(401);
    expect((await gql(b.url, leaving.cookie)).status).toBe(401);
    // The other session never noticed.
    expect(await db.exists(sessionKey(working.id))).toBe(1);
    expect((await gql(a.url, working.cookie)).status).toBe(200);
    expect((await gql(b.url, working.cookie)).status).toBe(200);
  }, 60_000);

  it('a sign-out while Redis is up drops the copies every replica holds, so an outage later does not revive it', async () => {
    const [a, b] = replicas;
    const s = await signedIn(a!.url);
    expect((await gql(b!.url, s.cookie)).status).toBe(200);
    expect(b!.store.hasLocalCopy(s.id)).toBe(true);
    expect((await signOut(a!.url, s.cookie)).status).toBe(200);
    await eventually(() => !b!.store.hasLocalCopy(s.id), 5_000);

    await down(b!.url);
    const sent = gateway.graphqlTokens().length;
    expect((await gql(b!.url, s.cookie)).status).toBe(503);
    expect(gateway.graphqlTokens()).toHaveLength(sent);
    await up(a!.url, b!.url);
    expect((await gql(b!.url, s.cookie)).status).toBe(401);
  }, 60_000);

  it('OIDC: signing in while Redis is down sends the browser to the sign-in page that says so', async () => {
    // The provider is never reached: the pending sign-in cannot be stored first.
    const oidc = await replica({
      OIDC_ISSUER: 'http://127.0.0.1:9/never-reached',
      OIDC_CLIENT_ID: 'scp-web',
      OIDC_REDIRECT_URI: 'https://web.example.test/auth/callback',
    });
    const [a] = replicas;
    await down(a!.url);
    try {
      const login = await fetch(`${oidc.url}/auth/login`, { redirect: 'manual' });
      expect(login.status).toBe(302);
      expect(login.headers.get('location')).toBe('/sign-in?problem=unavailable');
      expect(login.headers.get('set-cookie')).toBeNull();
      const back = await fetch(`${oidc.url}/auth/callback?code=c&state=s`, {
        redirect: 'manual',
        headers: { cookie: 'scp_signin=pending-1' },
      });
      expect(back.status).toBe(302);
      expect(back.headers.get('location')).toBe('/sign-in?problem=unavailable');
    } finally {
      await up(a!.url);
    }
    // Redis back: past the store, as far as the provider (unreachable here: its discovery fails),
    // which is a retryable 503 like any unreachable upstream (docs/degradation.md).
    const login = await fetch(`${oidc.url}/auth/login`, { redirect: 'manual' });
    expect(login.status).toBe(503);
  }, 60_000);

  it('offline, a session is never refreshed: the copy has no refresh token and ends with its access token', async () => {
    const store = new RedisSessionStore(redis.url, { keyPrefix: prefix });
    await store.ready();
    let refreshes = 0;
    const oidc = {
      refresh: async () => {
        refreshes++;
        throw new Error('no refresh without the shared store');
      },
    } as unknown as OidcClient;
    const refresher = new SessionRefresher(store, oidc, silent);
    const now = Date.now();
    // Due for a refresh (within a minute of its expiry), with an hour of session left.
    const s: Session = {
      accessToken: 'access-1',
      accessExpiresAt: now + 30_000,
      expiresAt: now + 3_600_000,
      maxExpiresAt: now + 12 * 3_600_000,
      refreshToken: 'refresh-secret-1',
      idToken: 'id-1',
    };
    const id = await store.create(s);
    try {
      expect(await store.get(id)).toEqual(s);
      await redis.kill!();
      const copy = await eventually(async () => {
        const got = await store.get(id);
        return got && !('refreshToken' in got) ? got : undefined;
      }, 10_000);
      expect(copy).toEqual({ ...s, refreshToken: undefined, expiresAt: s.accessExpiresAt });
      expect(await refresher.live(id, copy!)).toEqual(copy);
      // A request that read the session just before Redis went: its refresh needs the store (the
      // lock), so it goes on with the current token instead.
      expect(await refresher.live(id, s)).toEqual(s);
      expect(refreshes).toBe(0);
      await expect(
        store.savePending({ state: 's', nonce: 'n', codeVerifier: 'v', expiresAt: now + 600_000 }),
      ).rejects.toBeInstanceOf(SessionStoreUnavailableError);
      await expect(store.create(s)).rejects.toBeInstanceOf(SessionStoreUnavailableError);
    } finally {
      await redis.start!();
      await store.ready();
      await store.close();
    }
  }, 60_000);
});
