import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createLogger } from '@scp/platform-logging';
import { testRedisUrl, uniquePrefix } from '@scp/platform-testing';
import { createWebApp } from './create-web-app.js';
import { hashId, type Session } from './session.store.js';
import { specRedis } from './testing/spec-redis.js';
import { fakeClientDir, fakeGateway } from './testing/fake-gateway.js';
import { loadWebConfig, type WebConfig } from './web.config.js';

const CLIENT_ID = 'scp-web';
const CLIENT_SECRET = 'client-secret-for-tests';
const REDIRECT_URI = 'https://web.example.test/auth/callback';

interface ProviderOptions {
  /** Lifetime of the access token from the code exchange (s). */
  firstAccessSeconds: number;
  /** Lifetime of a refreshed access token (s). */
  refreshedAccessSeconds: number;
  /** `refresh_expires_in` at sign-in and at each refresh (omitted when undefined). */
  refreshExpiresIn?: number;
  refreshExpiresInAfterRefresh?: number;
  /** How the refresh grant answers. */
  refresh: 'ok' | 'rejected' | 'unavailable';
  refreshDelayMs: number;
}

/**
 * A small OpenID provider: discovery, JWKS, an authorisation endpoint that approves at once, and a
 * token endpoint for the code (PKCE checked) and refresh grants. Refresh tokens rotate and each is
 * good once, as with refresh-token rotation: a second refresh with the same token fails.
 */
async function startProvider(initial: Partial<ProviderOptions> = {}) {
  const opts: ProviderOptions = {
    firstAccessSeconds: 30,
    refreshedAccessSeconds: 3600,
    refresh: 'ok',
    refreshDelayMs: 150,
    ...initial,
  };
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  const codes = new Map<string, { nonce: string; challenge: string; redirectUri: string }>();
  const refreshTokens = new Set<string>();
  const tokenRequests: Record<string, string>[] = [];
  let issued = 0;
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sign = (claims: Record<string, unknown>, seconds: number) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(issuer)
      .setSubject('user-42')
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
      .sign(privateKey);
  const tokens = async (accessSeconds: number, nonce?: string, refreshExpiresIn?: number) => {
    const refreshToken = `rt-${randomBytes(12).toString('hex')}`;
    refreshTokens.add(refreshToken);
    issued++;
    return {
      token_type: 'Bearer',
      access_token: await sign({ aud: 'scp', n: issued }, accessSeconds),
      expires_in: accessSeconds,
      id_token: await sign(
        { aud: CLIENT_ID, preferred_username: 'chair.nvp', ...(nonce ? { nonce } : {}) },
        3600,
      ),
      refresh_token: refreshToken,
      ...(refreshExpiresIn ? { refresh_expires_in: refreshExpiresIn } : {}),
    };
  };

  app.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      id_token_signing_alg_values_supported: ['ES256'],
      end_session_endpoint: `${issuer}/logout`,
    });
  });
  app.get('/jwks', (_req, res) => {
    res.json({ keys: [jwk] });
  });
  app.get('/authorize', (req, res) => {
    const q = req.query as Record<string, string>;
    const code = randomBytes(12).toString('hex');
    codes.set(code, { nonce: q.nonce!, challenge: q.code_challenge!, redirectUri: q.redirect_uri! });
    const back = new URL(q.redirect_uri!);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.state!);
    res.redirect(302, back.toString());
  });
  app.post('/token', express.urlencoded({ extended: false }), async (req, res) => {
    const body = req.body as Record<string, string>;
    tokenRequests.push(body);
    if (body.client_id !== CLIENT_ID || body.client_secret !== CLIENT_SECRET) {
      res.status(401).json({ error: 'invalid_client' });
      return;
    }
    if (body.grant_type === 'authorization_code') {
      const c = codes.get(body.code ?? '');
      codes.delete(body.code ?? '');
      const challenge = createHash('sha256')
        .update(body.code_verifier ?? '')
        .digest('base64url');
      if (!c || c.challenge !== challenge || c.redirectUri !== body.redirect_uri) {
        res.status(400).json({ error: 'invalid_grant' });
        return;
      }
      res.json(await tokens(opts.firstAccessSeconds, c.nonce, opts.refreshExpiresIn));
      return;
    }
    if (body.grant_type === 'refresh_token') {
      await new Promise((r) => setTimeout(r, opts.refreshDelayMs));
      if (opts.refresh === 'unavailable') {
        res.status(503).json({ error: 'temporarily_unavailable' });
        return;
      }
      if (opts.refresh === 'rejected' || !refreshTokens.delete(body.refresh_token ?? '')) {
        res.status(400).json({ error: 'invalid_grant' });
        return;
      }
      res.json(
        await tokens(
          opts.refreshedAccessSeconds,
          undefined,
          opts.refreshExpiresInAfterRefresh ?? opts.refreshExpiresIn,
        ),
      );
      return;
    }
    res.status(400).json({ error: 'unsupported_grant_type' });
  });

  return {
    issuer,
    opts,
    tokenRequests,
    refreshRequests: () => tokenRequests.filter((b) => b.grant_type === 'refresh_token'),
    close: () => new Promise((r) => server.close(r)),
  };
}

const { prefix: PREFIX, db } = specRedis('web-refresh');
const clientDir = fakeClientDir();
const silent = createLogger('web', { level: 'silent' });
const csrf = { 'x-scp-csrf': '1', 'content-type': 'application/json' };

describe('web: OIDC refresh tokens', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(provider: Partial<ProviderOptions> = {}, override: Partial<WebConfig> = {}) {
    const idp = await startProvider(provider);
    cleanups.push(idp.close);
    const gateway = await fakeGateway();
    cleanups.push(gateway.close);
    const prefix = `${PREFIX}${uniquePrefix('t')}:`;
    const config: WebConfig = {
      ...loadWebConfig({
        GATEWAY_URL: gateway.url,
        WEB_CLIENT_DIR: clientDir,
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_REDIRECT_URI: REDIRECT_URI,
        REDIS_URL: testRedisUrl(),
        WEB_REDIS_KEY_PREFIX: prefix,
      }),
      ...override,
    };
    /** One BFF replica; every replica of one setup shares the Redis prefix. */
    const replica = async () => {
      const web = createWebApp(config, { logger: silent });
      const { server, url } = await web.listen(0, '127.0.0.1');
      cleanups.push(async () => {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
        await web.close();
      });
      return url;
    };
    const stored = async (id: string): Promise<{ session?: Session; pttl: number }> => {
      const key = `${prefix}session:${hashId(id)}`;
      const raw = await db().get(key);
      return { session: raw ? (JSON.parse(raw) as Session) : undefined, pttl: await db().pttl(key) };
    };
    return { idp, gateway, replica, stored, prefix };
  }

  /** The browser's side of the code flow; returns the session cookie and what the browser saw. */
  async function signIn(webUrl: string) {
    const login = await fetch(`${webUrl}/auth/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const pendingCookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const approved = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    const back = new URL(approved.headers.get('location')!);
    const callback = `${webUrl}/auth/callback${back.search}`;
    const res = await fetch(callback, { headers: { cookie: pendingCookie }, redirect: 'manual' });
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('scp_session='))!;
    const cookie = setCookie.split(';')[0]!;
    const seen = `${setCookie}\n${await res.text()}`;
    return {
      cookie,
      id: cookie.split('=')[1]!,
      seen,
      replay: () => fetch(callback, { headers: { cookie: pendingCookie }, redirect: 'manual' }),
    };
  }

  const gql = (url: string, cookie: string) =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { ...csrf, cookie },
      body: '{"query":"{ me { id } }"}',
    });
  const sessionInfo = async (url: string, cookie: string) =>
    (await (await fetch(`${url}/auth/session`, { headers: { cookie } })).json()) as {
      signedIn: boolean;
      expiresAt: string | null;
    };

  it('refreshes a token near its expiry once for concurrent requests on two replicas; the refresh token stays on the server', async () => {
    const t = await setup({
      firstAccessSeconds: 30,
      refreshedAccessSeconds: 300,
      refreshExpiresIn: 600,
      refreshExpiresInAfterRefresh: 1800,
    });
    const [a, b] = [await t.replica(), await t.replica()];
    const signInAt = Date.now();
    const { cookie, id, seen, replay } = await signIn(a);
    // The pending sign-in (state, nonce, verifier) was used once: a replayed callback fails.
    const again = await replay();
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toBe('/sign-in?problem=failed');

    const before = await t.stored(id);
    expect(before.session?.refreshToken).toMatch(/^rt-/);
    expect(seen).not.toContain(before.session!.refreshToken);
    expect(seen).not.toContain(before.session!.accessToken);
    // With a refresh token the session outlives the 30 s access token: here until the refresh token's end.
    const info = await sessionInfo(b, cookie);
    expect(JSON.stringify(info)).not.toContain('rt-');
    const firstEnd = Date.parse(info.expiresAt!);
    expect(firstEnd).toBeGreaterThanOrEqual(signInAt + 599_000);
    expect(firstEnd).toBeLessThanOrEqual(Date.now() + 600_000);

    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => gql(i % 2 ? a : b, cookie)));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(t.idp.refreshRequests()).toHaveLength(1);
    expect(t.idp.refreshRequests()[0]).toEqual({
      grant_type: 'refresh_token',
      refresh_token: before.session!.refreshToken,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    const after = await t.stored(id);
    expect(after.session!.accessToken).not.toBe(before.session!.accessToken);
    expect(after.session!.refreshToken).not.toBe(before.session!.refreshToken);
    expect(new Set(t.gateway.graphqlTokens())).toEqual(new Set([after.session!.accessToken]));
    expect(after.session!.accessExpiresAt).toBeGreaterThan(Date.now() + 290_000);
    expect(after.session!.accessExpiresAt).toBeLessThanOrEqual(Date.now() + 300_000);
    // The session end (and the Redis TTL) moved with the new refresh token, and /auth/session says so.
    expect(after.session!.expiresAt).toBeGreaterThanOrEqual(Date.now() + 1_790_000);
    expect(after.session!.expiresAt).toBeLessThanOrEqual(Date.now() + 1_800_000);
    expect(after.pttl).toBeGreaterThan(1_790_000);
    expect(Date.parse((await sessionInfo(a, cookie)).expiresAt!)).toBe(after.session!.expiresAt);
    // The cookie was renewed to the new end.
    const renewed = answers
      .flatMap((r) => r.headers.getSetCookie())
      .find((c) => c.startsWith('scp_session='));
    expect(renewed).toMatch(/Max-Age=17\d\d/);

    // A fresh token is not refreshed again.
    expect((await gql(b, cookie)).status).toBe(200);
    expect(t.idp.refreshRequests()).toHaveLength(1);
  });

  it('ends the session when the provider refuses the refresh', async () => {
    const t = await setup({ firstAccessSeconds: 30, refresh: 'rejected' });
    const web = await t.replica();
    const { cookie, id } = await signIn(web);
    expect((await t.stored(id)).session).toBeDefined();
    const res = await gql(web, cookie);
    expect(res.status).toBe(401);
    expect(
      ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe('UNAUTHENTICATED');
    expect(res.headers.get('set-cookie')).toMatch(/^scp_session=; .*Max-Age=0/);
    expect(t.idp.refreshRequests()).toHaveLength(1);
    expect(t.gateway.graphqlTokens()).toHaveLength(0);
    expect((await t.stored(id)).session).toBeUndefined();
    expect(await sessionInfo(web, cookie)).toMatchObject({ signedIn: false, expiresAt: null });
  });

  it('goes on with the current token while it is valid when the provider is unavailable', async () => {
    const t = await setup({ firstAccessSeconds: 30, refresh: 'unavailable' });
    const web = await t.replica();
    const { cookie, id } = await signIn(web);
    const token = (await t.stored(id)).session!.accessToken;
    expect((await gql(web, cookie)).status).toBe(200);
    expect(t.gateway.graphqlTokens()).toEqual([token]);
    expect(t.idp.refreshRequests()).toHaveLength(1);
    expect((await t.stored(id)).session?.accessToken).toBe(token);
  });

  it('never keeps a session past its absolute lifetime, refresh or not', async () => {
    const maxMs = 4_000;
    const t = await setup(
      { firstAccessSeconds: 2, refreshedAccessSeconds: 3600, refreshExpiresIn: 1800, refreshDelayMs: 0 },
      { sessionMaxMs: maxMs },
    );
    const web = await t.replica();
    const signInAt = Date.now();
    const { cookie, id } = await signIn(web);
    const first = (await t.stored(id)).session!;
    expect(first.maxExpiresAt).toBeGreaterThanOrEqual(signInAt + maxMs);
    expect(first.maxExpiresAt).toBeLessThanOrEqual(Date.now() + maxMs);
    expect(first.expiresAt).toBe(first.maxExpiresAt);
    // The 2 s token is within a minute of its end: refreshed, yet the session still ends at the cap.
    expect((await gql(web, cookie)).status).toBe(200);
    expect(t.idp.refreshRequests()).toHaveLength(1);
    const refreshed = await t.stored(id);
    expect(refreshed.session!.accessExpiresAt).toBeGreaterThan(Date.now() + 3_500_000);
    expect(refreshed.session!.expiresAt).toBe(first.maxExpiresAt);
    expect(refreshed.pttl).toBeLessThanOrEqual(maxMs);
    expect(Date.parse((await sessionInfo(web, cookie)).expiresAt!)).toBe(first.maxExpiresAt);
    // A fresh token is used as it is, until the cap.
    expect((await gql(web, cookie)).status).toBe(200);
    expect(t.idp.refreshRequests()).toHaveLength(1);

    await new Promise((r) => setTimeout(r, Math.max(0, first.maxExpiresAt - Date.now()) + 100));
    expect((await gql(web, cookie)).status).toBe(401);
    expect(t.idp.refreshRequests()).toHaveLength(1);
    expect((await t.stored(id)).session).toBeUndefined();
    expect((await sessionInfo(web, cookie)).signedIn).toBe(false);
  });
});
