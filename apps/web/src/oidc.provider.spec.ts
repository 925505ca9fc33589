import { performance } from 'node:perf_hooks';
import { generateDevKeyPair, UserTokenVerifier } from '@scp/platform-auth';
import {
  API_AUDIENCE,
  Browser,
  PROVIDER_CLIENT_ID,
  PROVIDER_CLIENT_SECRET,
  signInThroughProvider,
  startTestProvider,
  type TestProvider,
  type TestProviderOptions,
} from '@scp/platform-oidc-testing';
import { createLogger } from '@scp/platform-logging';
import { testRedisUrl, uniquePrefix } from '@scp/platform-testing';
import { createWebApp } from './create-web-app.js';
import { hashId, type Session } from './session.store.js';
import { fakeClientDir, fakeGateway, type FakeGateway } from './testing/fake-gateway.js';
import { specRedis } from './testing/spec-redis.js';
import { loadWebConfig } from './web.config.js';

/**
 * The web server (openid-client) against a real OpenID provider (oidc-provider) started here:
 * the code flow with PKCE, refresh ahead of expiry, the end of a refresh token and of a session's
 * absolute lifetime (a shifted clock shared by both, no sleeps), and RP-initiated logout.
 */
const WEB_ORIGIN = 'https://web.example.test';
const REDIRECT_URI = `${WEB_ORIGIN}/auth/callback`;
const POST_LOGOUT = `${WEB_ORIGIN}/signed-out`;
const { prefix: PREFIX, db } = specRedis('web-oidc-provider');
const clientDir = fakeClientDir();
const silent = createLogger('web', { level: 'silent' });
const csrf = { 'x-scp-csrf': '1', 'content-type': 'application/json' };
const realNow = Date.now;
let clockOffsetMs = 0;

describe('web: sign-in against a real OpenID provider (oidc-provider, openid-client)', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeAll(() => {
    Date.now = () => realNow() + clockOffsetMs;
  });
  afterAll(() => {
    Date.now = realNow;
  });
  afterEach(async () => {
    clockOffsetMs = 0;
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(provider: Partial<TestProviderOptions> = {}, sessionMaxMs?: number) {
    const idp: TestProvider = await startTestProvider({
      redirectUri: REDIRECT_URI,
      postLogoutRedirectUri: POST_LOGOUT,
      ...provider,
    });
    cleanups.push(idp.close);
    const gateway: FakeGateway = await fakeGateway();
    cleanups.push(gateway.close);
    const prefix = `${PREFIX}${uniquePrefix('t')}:`;
    const loaded = loadWebConfig({
      GATEWAY_URL: gateway.url,
      WEB_CLIENT_DIR: clientDir,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: PROVIDER_CLIENT_ID,
      OIDC_CLIENT_SECRET: PROVIDER_CLIENT_SECRET,
      OIDC_REDIRECT_URI: REDIRECT_URI,
      OIDC_POST_LOGOUT_REDIRECT_URI: POST_LOGOUT,
      REDIS_URL: testRedisUrl(),
      WEB_REDIS_KEY_PREFIX: prefix,
      WEB_SERVICE_PRIVATE_KEY: generateDevKeyPair().privateKeyPem,
    });
    const web = createWebApp(sessionMaxMs ? { ...loaded, sessionMaxMs } : loaded, { logger: silent });
    const { server, url } = await web.listen(0, '127.0.0.1');
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await web.close();
    });
    const stored = async (id: string) => {
      const raw = await db().get(`${prefix}session:${hashId(id)}`);
      return raw ? (JSON.parse(raw) as Session) : undefined;
    };
    const verifier = new UserTokenVerifier({
      issuer: idp.issuer,
      jwksUrl: idp.jwksUrl,
      audience: API_AUDIENCE,
      cacheMaxEntries: 0,
    });
    return { idp, gateway, url, stored, verifier };
  }

  /** The browser's side of the code flow: web → provider (interaction) → web's callback. */
  async function signIn(web: string, given = new Browser()) {
    const { browser, res, authorize, ms } = await signInThroughProvider(web, REDIRECT_URI, given);
    expect(res.status).toBe(200);
    const id = browser.jar.get('scp_session');
    expect(id).toBeDefined();
    return { browser, id: id!, cookie: `scp_session=${id}`, authorize, ms, html: await res.text() };
  }

  const gql = (url: string, cookie: string) =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { ...csrf, cookie },
      body: '{"query":"{ me { id } }"}',
    });

  /** The provider's token endpoint, called directly with a refresh token (as an attacker holding it would). */
  const refreshDirect = (idp: TestProvider, refreshToken: string) =>
    fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: PROVIDER_CLIENT_ID,
        client_secret: PROVIDER_CLIENT_SECRET,
      }),
    });

  it('signs in with the code flow and PKCE; the gateway would accept the token; sign-in is audited with the service token', async () => {
    const t = await setup();
    const s = await signIn(t.url);
    expect(s.authorize.origin).toBe(t.idp.issuer);
    expect(s.authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(s.authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.authorize.searchParams.get('nonce')).toBeTruthy();
    // The provider's interaction was reached and the browser came back with a code.
    expect(s.browser.visited.some((u) => u.includes('/interaction/'))).toBe(true);

    const session = (await t.stored(s.id))!;
    expect(session.username).toBe('user.user-42');
    expect(session.refreshToken).toBeTruthy();
    expect(s.html).not.toContain(session.accessToken);
    expect(s.html).not.toContain(session.refreshToken);
    // A JWT for the API, which the gateway's verifier accepts against the provider's JWKS.
    expect(await t.verifier.verify(session.accessToken)).toEqual({ subject: 'user-42' });
    expect(t.gateway.sessionEvents()).toEqual([
      expect.objectContaining({ event: 'SIGNED_IN', token: session.accessToken }),
    ]);
    expect(t.gateway.sessionCallers()[0]).toMatch(/^ey/);
    expect((await gql(t.url, s.cookie)).status).toBe(200);
    expect(t.gateway.graphqlTokens()).toEqual([session.accessToken]);
    // Once more, warm (discovery and the JWKS already fetched; a new browser, a new provider session).
    const warm = await signIn(t.url);
    process.stdout.write(
      `OIDC sign-in round trip (oidc-provider, ${s.browser.visited.length} browser requests): first ${s.ms.toFixed(1)} ms, warm ${warm.ms.toFixed(1)} ms\n`,
    );
  });

  it('refreshes ahead of the access token expiry: rotated refresh token, new JWT, audited', async () => {
    // A 30 s access token is inside the BFF's one-minute refresh window from the start.
    const t = await setup({ accessTokenTtl: 30 });
    const s = await signIn(t.url);
    const before = (await t.stored(s.id))!;
    const t0 = performance.now();
    expect((await gql(t.url, s.cookie)).status).toBe(200);
    const refreshMs = performance.now() - t0;
    expect(t.idp.tokenCalls('refresh_token')).toBe(1);
    const after = (await t.stored(s.id))!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(t.gateway.graphqlTokens()).toEqual([after.accessToken]);
    expect(await t.verifier.verify(after.accessToken)).toEqual({ subject: 'user-42' });
    expect(t.gateway.sessionEvents().map((e) => e.event)).toEqual(['SIGNED_IN', 'REFRESHED']);
    // The provider rotated it: the old refresh token is spent.
    const replay = await refreshDirect(t.idp, before.refreshToken!);
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
    process.stdout.write(`OIDC refresh-ahead on a proxied request: ${refreshMs.toFixed(1)} ms\n`);
  });

  it("ends the session when the provider's refresh token has expired", async () => {
    const t = await setup({ accessTokenTtl: 120, refreshTokenTtl: 150 });
    const s = await signIn(t.url);
    // Not yet due: the token is used as it is.
    expect((await gql(t.url, s.cookie)).status).toBe(200);
    expect(t.idp.tokenCalls('refresh_token')).toBe(0);
    clockOffsetMs = 200_000; // both clocks: access and refresh tokens are past their end
    const res = await gql(t.url, s.cookie);
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toMatch(/^scp_session=; .*Max-Age=0/);
    // The provider was asked and refused (invalid_grant): the web server did not just give up.
    expect(t.idp.tokenCalls('refresh_token', 'error')).toBe(1);
    expect(t.idp.tokenCalls('refresh_token')).toBe(0);
    expect(await t.stored(s.id)).toBeUndefined();
    expect(t.gateway.graphqlTokens()).toHaveLength(1);
  });

  it('never goes past the absolute session lifetime, however fresh the tokens', async () => {
    const t = await setup({ accessTokenTtl: 3600, refreshTokenTtl: 86_400 }, 5 * 60_000);
    const s = await signIn(t.url);
    expect((await gql(t.url, s.cookie)).status).toBe(200);
    clockOffsetMs = 5 * 60_000 + 1_000;
    expect((await gql(t.url, s.cookie)).status).toBe(401);
    expect(t.idp.tokenCalls('refresh_token')).toBe(0);
    const info = (await (await fetch(`${t.url}/auth/session`, { headers: { cookie: s.cookie } })).json()) as {
      signedIn: boolean;
    };
    expect(info.signedIn).toBe(false);
  });

  it("signs out at the provider too (RP-initiated logout): its session and the web server's grant end", async () => {
    const t = await setup();
    const s = await signIn(t.url);
    const session = (await t.stored(s.id))!;
    const out = await s.browser.request(`${t.url}/auth/sign-out`, { method: 'POST', headers: csrf });
    const { redirect } = (await out.json()) as { redirect: string };
    const endSession = new URL(redirect);
    expect(endSession.origin).toBe(t.idp.issuer);
    expect(endSession.searchParams.get('id_token_hint')).toBe(session.idToken);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(POST_LOGOUT);
    expect(endSession.searchParams.get('client_id')).toBe(PROVIDER_CLIENT_ID);
    expect(t.gateway.sessionEvents().map((e) => e.event)).toEqual(['SIGNED_IN', 'SIGNED_OUT']);
    expect(await t.stored(s.id)).toBeUndefined();
    expect((await gql(t.url, s.cookie)).status).toBe(401);

    // The provider asks the user to confirm (its logout page), then returns to the web server.
    const page = await s.browser.request(redirect);
    expect(page.status).toBe(200);
    const html = await page.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const confirmed = await s.browser.request(new URL(action, t.idp.issuer).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(POST_LOGOUT);
    // The grant is revoked: the refresh token the web server held is no good any more…
    expect((await refreshDirect(t.idp, session.refreshToken!)).status).toBe(400);
    // …and the next sign-in goes through the provider's interaction again (no provider session).
    const again = await signIn(t.url, s.browser);
    expect(again.browser.visited.filter((u) => u.includes('/interaction/'))).toHaveLength(2);
  });
});
