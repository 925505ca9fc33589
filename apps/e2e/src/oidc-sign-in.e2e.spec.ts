import { generateKeyPair, SignJWT } from 'jose';
import { SESSION_EVENTS } from '@scp/contracts';
import { createLogger } from '@scp/platform-logging';
import {
  API_AUDIENCE,
  PROVIDER_CLIENT_ID,
  PROVIDER_CLIENT_SECRET,
  signInThroughProvider,
  startTestProvider,
  type TestProvider,
} from '@scp/platform-oidc-testing';
import { createWebApp, loadWebConfig, type WebApp } from '@scp/web-app';
import { startStack, type Stack } from './stack.js';

/**
 * Issue 17: a real OpenID provider (oidc-provider) → the web server (openid-client, code flow with
 * PKCE) → the gateway, which verifies the provider's JWT access tokens against its JWKS and resolves
 * the user from the directory; sign-in, refresh and sign-out land in the audit chain.
 */
const REDIRECT_URI = 'https://web.example.test/auth/callback';
const POST_LOGOUT = 'https://web.example.test/signed-out';
const csrf = { 'x-scp-csrf': '1', 'content-type': 'application/json' };

describe('end to end: OpenID provider → web server → gateway', () => {
  let idp: TestProvider;
  let s: Stack;
  let web: WebApp;
  let webUrl: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    // A 30 s access token: inside the web server's refresh window, so the first API call refreshes.
    idp = await startTestProvider({
      redirectUri: REDIRECT_URI,
      postLogoutRedirectUri: POST_LOGOUT,
      accessTokenTtl: 30,
    });
    idp.signInAs.accountId = 'chair.nvp';
    s = await startStack({
      canaries: false,
      oidc: { issuer: idp.issuer, jwksUrl: idp.jwksUrl, audience: API_AUDIENCE },
    });
    web = createWebApp(
      loadWebConfig({
        GATEWAY_URL: s.gatewayUrl,
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: PROVIDER_CLIENT_ID,
        OIDC_CLIENT_SECRET: PROVIDER_CLIENT_SECRET,
        OIDC_REDIRECT_URI: REDIRECT_URI,
        OIDC_POST_LOGOUT_REDIRECT_URI: POST_LOGOUT,
        WEB_SERVICE_PRIVATE_KEY: s.webKey.privateKeyPem,
      }),
      { logger: createLogger('web', { level: 'silent' }) },
    );
    const { server, url } = await web.listen(0, '127.0.0.1');
    webUrl = url;
    close = async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await web.close();
    };
  }, 120_000);
  afterAll(async () => {
    await close?.();
    await s?.close();
    await idp?.close();
  });

  const loginEvents = async () =>
    (
      (await s.owner.query(
        `SELECT purpose, entity_id FROM audit.events WHERE action = 'LOGIN' AND actor_id = $1 ORDER BY seq`,
        [s.fixture.users['chair.nvp']],
      )) as { purpose: string; entity_id: string }[]
    ).map((e) => e.purpose);

  it('signs in at the provider, reaches the API as the directory user, refreshes and signs out — all audited', async () => {
    const signIn = await signInThroughProvider(webUrl, REDIRECT_URI);
    expect(signIn.res.status).toBe(200);
    const cookie = `scp_session=${signIn.browser.jar.get('scp_session')}`;
    expect(await loginEvents()).toEqual([SESSION_EVENTS.SIGNED_IN]);

    // The gateway verified the provider's token (JWKS) and found the user by its subject.
    const t0 = performance.now();
    const res = await fetch(`${webUrl}/graphql`, {
      method: 'POST',
      headers: { ...csrf, cookie },
      body: JSON.stringify({ query: '{ me { userId displayName } }' }),
    });
    const apiMs = performance.now() - t0;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data?: { me: { userId: string; displayName: string } } };
    expect(body.data?.me).toEqual({
      userId: s.fixture.users['chair.nvp'],
      displayName: 'Demo Chair (North Vale Police)',
    });
    // That first call refreshed the 30 s token ahead of its expiry, and the refresh was audited.
    expect(idp.tokenCalls('refresh_token')).toBe(1);
    expect(await loginEvents()).toEqual([SESSION_EVENTS.SIGNED_IN, SESSION_EVENTS.REFRESHED]);

    const out = await signIn.browser.request(`${webUrl}/auth/sign-out`, { method: 'POST', headers: csrf });
    expect(new URL(((await out.json()) as { redirect: string }).redirect).origin).toBe(idp.issuer);
    expect(await loginEvents()).toEqual([
      SESSION_EVENTS.SIGNED_IN,
      SESSION_EVENTS.REFRESHED,
      SESSION_EVENTS.SIGNED_OUT,
    ]);
    const after = await fetch(`${webUrl}/graphql`, {
      method: 'POST',
      headers: { ...csrf, cookie },
      body: JSON.stringify({ query: '{ me { userId } }' }),
    });
    expect(after.status).toBe(401);
    process.stdout.write(
      `e2e OIDC: sign-in round trip ${signIn.ms.toFixed(1)} ms; first API call (with refresh) ${apiMs.toFixed(1)} ms\n`,
    );
  }, 60_000);

  it('the gateway refuses a token the provider did not sign, even with its issuer, audience and key id', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ aud: API_AUDIENCE })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-1' })
      .setIssuer(idp.issuer)
      .setSubject('chair.nvp')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const res = await fetch(`${s.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
      body: JSON.stringify({ query: '{ me { userId } }' }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
