import http from 'node:http';
import { generateDevKeyPair, InternalTokenVerifier } from '@scp/platform-auth';
import { createLogger, type Logger } from '@scp/platform-logging';
import { CSP, createWebApp, sessionReference } from './create-web-app.js';
import { fakeClientDir, fakeGateway } from './testing/fake-gateway.js';
import { loadWebConfig } from './web.config.js';

describe('web: the BFF (sessions, CSRF, proxy, security headers)', () => {
  const clientDir = fakeClientDir();
  const silent = createLogger('web', { level: 'silent' });

  async function start(env: Record<string, string> = {}, gatewayOpts = {}, logger: Logger = silent) {
    const gateway = await fakeGateway(gatewayOpts);
    const web = createWebApp(loadWebConfig({ GATEWAY_URL: gateway.url, WEB_CLIENT_DIR: clientDir, ...env }), {
      logger,
    });
    const { server, url } = await web.listen(0, '127.0.0.1');
    return { gateway, url, web, close: async () => (server.close(), gateway.close()) };
  }
  const csrf = { 'x-scp-csrf': '1', 'content-type': 'application/json' };
  const signIn = async (url: string) => {
    const res = await fetch(`${url}/auth/demo-sign-in`, {
      method: 'POST',
      headers: csrf,
      body: JSON.stringify({ username: 'chair.nvp' }),
    });
    return { res, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
  };

  it('serves the app with a CSP that allows no inline script, and nosniff', async () => {
    const s = await start();
    try {
      const res = await fetch(`${s.url}/cases/123`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>t</title>');
      expect(res.headers.get('content-security-policy')).toBe(CSP);
      expect(CSP).toContain("script-src 'self'");
      expect(CSP).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await s.close();
    }
  });

  it('signs in with an HttpOnly SameSite=Strict cookie; the token never reaches the browser', async () => {
    const s = await start();
    try {
      const { res, cookie } = await signIn(s.url);
      expect(res.status).toBe(200);
      const setCookie = res.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Strict/);
      expect(setCookie).not.toMatch(/Secure/);
      const body = await res.text();
      expect(body).not.toContain('opaque-token-123');
      expect(cookie).not.toContain('opaque-token-123');
      const gql = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { ...csrf, cookie },
        body: '{"query":"{ me { displayName } }"}',
      });
      expect(gql.status).toBe(200);
      expect(gql.headers.get('cache-control')).toBe('no-store');
      expect(await gql.json()).toEqual({ data: { me: { displayName: 'Demo Chair' } } });
      expect(s.gateway.seen.find((x) => x.url === '/graphql')?.authorization).toBe('Bearer opaque-token-123');
      // Sign-out ends the session at once.
      await fetch(`${s.url}/auth/sign-out`, { method: 'POST', headers: { ...csrf, cookie } });
      const after = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { ...csrf, cookie },
        body: '{}',
      });
      expect(after.status).toBe(401);
      expect(
        ((await after.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
      ).toBe('UNAUTHENTICATED');
    } finally {
      await s.close();
    }
  });

  it('audits sign-in and sign-out through the gateway, with a session reference that is not the cookie', async () => {
    const s = await start();
    try {
      const { res, cookie } = await signIn(s.url);
      expect(res.status).toBe(200);
      const id = cookie.split('=')[1]!;
      await fetch(`${s.url}/auth/sign-out`, { method: 'POST', headers: { ...csrf, cookie } });
      const events = s.gateway.sessionEvents();
      expect(events).toEqual([
        { event: 'SIGNED_IN', session: sessionReference(id), token: 'opaque-token-123' },
        { event: 'SIGNED_OUT', session: sessionReference(id), token: 'opaque-token-123' },
      ]);
      expect(sessionReference(id)).toMatch(/^[0-9a-f]{32}$/);
      expect(JSON.stringify(events)).not.toContain(id);
    } finally {
      await s.close();
    }
  });

  it('signs each session event with the web server’s own key, for the gateway alone', async () => {
    const key = generateDevKeyPair();
    const s = await start({ WEB_SERVICE_PRIVATE_KEY: key.privateKeyPem });
    try {
      const { cookie } = await signIn(s.url);
      await fetch(`${s.url}/auth/sign-out`, { method: 'POST', headers: { ...csrf, cookie } });
      const callers = s.gateway.sessionCallers();
      expect(callers).toHaveLength(2);
      const gateway = new InternalTokenVerifier({ publicKey: key.publicKeyPem, audience: 'gateway' });
      for (const token of callers)
        expect(gateway.verify(token!)).toMatchObject({ kind: 'service', service: 'web' });
      const cases = new InternalTokenVerifier({ publicKey: key.publicKeyPem, audience: 'cases' });
      expect(() => cases.verify(callers[0]!)).toThrow();
      expect(new Set(callers).size).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('starts no session when the sign-in cannot be audited; sign-out never waits on the audit', async () => {
    const s = await start({}, { sessionEventsFail: true });
    try {
      const { res, cookie } = await signIn(s.url);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'Sign-in is unavailable just now. Try again in a minute.' });
      expect(cookie).toBe('');
      const session = await fetch(`${s.url}/auth/session`);
      expect(((await session.json()) as { signedIn: boolean }).signedIn).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('refuses state-changing requests without the CSRF header or from another origin', async () => {
    const s = await start();
    try {
      const noHeader = await fetch(`${s.url}/auth/demo-sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'chair.nvp' }),
      });
      expect(noHeader.status).toBe(403);
      const { cookie } = await signIn(s.url);
      const crossSite = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { ...csrf, cookie, origin: 'https://evil.example' },
        body: '{}',
      });
      expect(crossSite.status).toBe(403);
      const noCsrf = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: '{}',
      });
      expect(noCsrf.status).toBe(403);
      expect(s.gateway.seen.filter((x) => x.url === '/graphql')).toHaveLength(0);
    } finally {
      await s.close();
    }
  });

  it('proxies only /files/<id> and /files/exports/<id>, judged after normalising, and carries only their parameters', async () => {
    const s = await start();
    try {
      const { cookie } = await signIn(s.url);
      const { port } = new URL(s.url);
      // fetch would normalise the dots itself; a client that does not is what this is about.
      const rawGet = (p: string) =>
        new Promise<number>((resolve, reject) =>
          http
            .get({ host: '127.0.0.1', port, path: p, headers: { cookie } }, (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            })
            .on('error', reject),
        );
      const id = '0b4f3c1e-8a1d-4c6e-9f2a-5d7b8c9e0f1a';
      s.gateway.seen.length = 0;
      for (const p of [
        '/files/../auth/dev/users',
        '/files/%2e%2e/auth/dev/users',
        '/files/..%2fauth%2fdev%2fusers',
        `/files/${id}/../../graphql`,
        `/files/${id}/extra`,
        `/files/exports/${id}/extra`,
        `/files/exports/../../graphql`,
        '/files/exports/not-an-id',
        '/files/not-an-id',
      ])
        expect([p, await rawGet(p)]).toEqual([p, 404]);
      expect(s.gateway.seen).toEqual([]);
      await rawGet(`/files/${id.toUpperCase()}?purpose=Safety%20visit&format=json&x=1`);
      // A subject access pack: the PDF, or its JSON (no other parameter goes on).
      await rawGet(`/files/exports/${id.toUpperCase()}?purpose=x`);
      await rawGet(`/files/exports/${id}?format=json&x=1`);
      expect(s.gateway.seen.map((x) => [x.url, x.authorization])).toEqual([
        [`/files/${id}?purpose=Safety+visit`, 'Bearer opaque-token-123'],
        [`/files/exports/${id}`, 'Bearer opaque-token-123'],
        [`/files/exports/${id}?format=json`, 'Bearer opaque-token-123'],
      ]);
    } finally {
      await s.close();
    }
  });

  it('says what went wrong: a 413 naming the limit, the client content type for the gateway to judge, 503 when the gateway is down', async () => {
    const logged: Array<{ level: string; obj: unknown }> = [];
    const capture: Logger = new Proxy({} as Logger, {
      get: (_t, level) =>
        level === 'child' ? () => capture : (obj: unknown) => void logged.push({ level: String(level), obj }),
    });
    const s = await start({}, {}, capture);
    try {
      const { cookie } = await signIn(s.url);
      const tooBig = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { ...csrf, cookie },
        body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1024 * 1024) } }),
      });
      expect(tooBig.status).toBe(413);
      expect(await tooBig.json()).toEqual({
        errors: [
          {
            message: 'Request body exceeds the limit of 1 MiB',
            extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'bodyLimit' },
          },
        ],
      });
      expect(s.gateway.seen.filter((x) => x.url === '/graphql')).toHaveLength(0);

      await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { ...csrf, cookie, 'content-type': 'text/plain' },
        body: '{"query":"{ __typename }"}',
      });
      expect(s.gateway.seen.find((x) => x.url === '/graphql')?.contentType).toBe('text/plain');

      await s.gateway.close();
      const down = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { ...csrf, cookie },
        body: '{}',
      });
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('5');
      expect(
        ((await down.json()) as { errors: Array<{ extensions: unknown }> }).errors[0]!.extensions,
      ).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        retryable: true,
      });
      // Neither is our error: warn, and no stack anywhere.
      expect(logged.filter((l) => l.level === 'error')).toEqual([]);
      expect(logged.filter((l) => l.level === 'warn')).toHaveLength(2);
      expect(JSON.stringify(logged)).not.toMatch(/stack|frames|at \//);
    } finally {
      await s.close();
    }
  });

  it('ends the session when the token expires', async () => {
    const s = await start({}, { expiresIn: 0 });
    try {
      const { cookie } = await signIn(s.url);
      const res = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { ...csrf, cookie },
        body: '{}',
      });
      expect(res.status).toBe(401);
      const session = await (await fetch(`${s.url}/auth/session`, { headers: { cookie } })).json();
      expect(session).toMatchObject({ mode: 'demo', signedIn: false });
    } finally {
      await s.close();
    }
  });

  it('lists only what the demo sign-in page needs; Secure cookies over https', async () => {
    const s = await start({ WEB_SECURE_COOKIES: 'true' });
    try {
      expect(await (await fetch(`${s.url}/auth/demo-users`)).json()).toEqual([
        { username: 'chair.nvp', displayName: 'Demo Chair', agencyName: 'NVP', roles: ['CLINIC_CHAIR'] },
      ]);
      const { res } = await signIn(s.url);
      expect(res.headers.get('set-cookie')).toMatch(/^__Host-scp_session=.*; Secure$/);
    } finally {
      await s.close();
    }
  });

  it('has no demo sign-in when OIDC is configured; OIDC needs issuer, client and redirect', () => {
    expect(() => loadWebConfig({ OIDC_ISSUER: 'https://id.example' })).toThrow(
      /OIDC_CLIENT_ID.*\n.*OIDC_REDIRECT_URI/s,
    );
    expect(() => loadWebConfig({ NODE_ENV: 'production' })).toThrow(/required in production/);
    const web = createWebApp(
      loadWebConfig({
        OIDC_ISSUER: 'https://id.example',
        OIDC_CLIENT_ID: 'web',
        OIDC_REDIRECT_URI: 'https://web.example/auth/callback',
        WEB_CLIENT_DIR: clientDir,
      }),
      { logger: silent },
    );
    const routes = (web.app.router as unknown as { stack: { route?: { path: string } }[] }).stack
      .map((l) => l.route?.path)
      .filter(Boolean);
    expect(routes).toEqual(expect.arrayContaining(['/auth/login', '/auth/callback']));
    expect(routes).not.toContain('/auth/demo-sign-in');
  });
});
