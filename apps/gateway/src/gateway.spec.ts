import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { DevIssuer } from '@scp/platform-auth';
import { ActorChangePublisher, createRedis, waitForRedis } from '@scp/platform-messaging';
import { eventually, testRedisUrl } from '@scp/platform-testing';
import { createGatewayApp } from './create-gateway-app.js';
import { createLogger } from './logger.js';
import {
  CANARY_MESSAGE,
  generateStubKeys,
  stubGatewayConfig,
  DIRECTORY,
  sessionEvents,
  startStubSubgraphs,
  SUBGRAPH_ERROR_ID,
  type StubSubgraph,
} from './testing/stub-subgraphs.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNAUTHENTICATED = { errors: [{ message: 'Unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }] };

const keys = generateStubKeys();
const logLines: string[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _enc, done) {
    logLines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  },
});

let cases: StubSubgraph;
let referrals: StubSubgraph;
let app: INestApplication;
let base: string;
let devIssuerUrl: string;

interface GqlBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as GqlBody };
}

const gql = (query: string, token?: string, headers: Record<string, string> = {}) =>
  post('/graphql', { query }, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });

async function devToken(username: string): Promise<string> {
  const res = await post('/auth/dev/token', { username });
  expect(res.status).toBe(200);
  return (res.body as unknown as { access_token: string }).access_token;
}

function claimsOf(authorization: string | string[] | undefined): Record<string, unknown> {
  const token = String(authorization).replace(/^Bearer /, '');
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

beforeAll(async () => {
  ({ cases, referrals } = await startStubSubgraphs(keys.internalPublicKeyPem));
  const config = stubGatewayConfig(keys, { cases, referrals }, { REDIS_URL: testRedisUrl() });
  devIssuerUrl = config.auth.mode === 'dev' ? config.auth.issuer : '';
  app = await createGatewayApp(config, { logger: createLogger('info', logSink) });
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await cases?.close();
  await referrals?.close();
});

describe('gateway (development mode, dev issuer)', () => {
  describe('authentication', () => {
    it('refuses a request without a token with HTTP 401 UNAUTHENTICATED', async () => {
      const res = await gql('{ me { userId } }');
      expect(res.status).toBe(401);
      expect(res.body).toEqual(UNAUTHENTICATED);
    });

    it('refuses malformed, foreign, expired and wrong-issuer user tokens the same way', async () => {
      const now = Date.now();
      const expired = await new DevIssuer({
        issuer: devIssuerUrl,
        privateKey: keys.devIssuerPrivateKeyPem,
        clock: () => now - 7_200_000,
      }).signUserToken('demo.chair', 3600);
      const foreignKey = await new DevIssuer({ issuer: devIssuerUrl }).signUserToken('demo.chair');
      const wrongIssuer = await new DevIssuer({
        issuer: 'https://elsewhere.invalid',
        privateKey: keys.devIssuerPrivateKeyPem,
      }).signUserToken('demo.chair');
      for (const token of ['not-a-jwt', 'a.b.c', expired, foreignKey, wrongIssuer]) {
        const res = await gql('{ me { userId } }', token);
        expect(res.status).toBe(401);
        expect(res.body).toEqual(UNAUTHENTICATED);
      }
      const basic = await gql('{ me { userId } }', undefined, { authorization: 'Basic ZGVtbzpkZW1v' });
      expect(basic.status).toBe(401);
    });

    it('refuses a valid token whose subject is not in the directory', async () => {
      const token = await new DevIssuer({
        issuer: devIssuerUrl,
        privateKey: keys.devIssuerPrivateKeyPem,
      }).signUserToken('nobody.here');
      const res = await gql('{ me { userId } }', token);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(UNAUTHENTICATED);
    });

    it('issues a development token only with its LOGIN event, told to the cases service as that user', async () => {
      const before = sessionEvents.length;
      await devToken('demo.advocate');
      expect(sessionEvents.slice(before)).toEqual([
        { userId: DIRECTORY['demo.advocate']!.userId, event: 'TOKEN_ISSUED' },
      ]);
    });

    it('sends each subgraph a valid internal token for its own audience with the actor claims', async () => {
      const token = await devToken('demo.chair');
      cases.seen.length = 0;
      referrals.seen.length = 0;
      const res = await gql(
        '{ me { userId agencyId agencyType roles clinicIds requestId } cases { id reference referrals { id } } }',
        token,
      );
      expect(res.status).toBe(200);
      const requestId = res.headers.get('x-request-id');
      expect(requestId).toMatch(UUID);
      const { userId, agencyId, agencyType, roles, clinicIds } = DIRECTORY['demo.chair']!;
      expect(res.body.data).toEqual({
        me: { userId, agencyId, agencyType, roles, clinicIds, requestId },
        cases: [
          { id: 'case-0001', reference: 'REF-0001', referrals: [{ id: 'case-0001-R1' }] },
          { id: 'case-0002', reference: 'REF-0002', referrals: [{ id: 'case-0002-R1' }] },
        ],
      });

      const actor = { userId, agencyId, agencyType, roles, clinicIds, requestId };
      const atCases = cases.seen.filter((r) => r.path === '/graphql');
      const atReferrals = referrals.seen.filter((r) => r.path === '/graphql');
      expect(atCases).toHaveLength(1);
      expect(atReferrals).toHaveLength(1);
      // The stubs' middleware verified these tokens against their own audience: principals prove it.
      expect(atCases[0]!.principal).toEqual({ kind: 'user', actor });
      expect(atReferrals[0]!.principal).toEqual({ kind: 'user', actor });
      const casesClaims = claimsOf(atCases[0]!.headers.authorization);
      const referralsClaims = claimsOf(atReferrals[0]!.headers.authorization);
      expect(casesClaims).toMatchObject({
        iss: 'scp-gateway',
        aud: 'cases',
        kind: 'user',
        sub: userId,
        rid: requestId,
      });
      expect(referralsClaims).toMatchObject({ aud: 'referrals', sub: userId, rid: requestId });
      expect((casesClaims.exp as number) - (casesClaims.iat as number)).toBeLessThanOrEqual(60);
      expect(atCases[0]!.headers['x-request-id']).toBe(requestId);
      // The user's own token never reaches a subgraph.
      expect(atCases[0]!.headers.authorization).not.toContain(token);
    });

    it('forwards no client header: x-user-*, cookies and the client request id stay at the gateway', async () => {
      const token = await devToken('demo.advocate');
      cases.seen.length = 0;
      const res = await gql('{ me { agencyId requestId } }', token, {
        'x-user-agency': 'agency-9999',
        'x-user-roles': 'SYSTEM_ADMIN',
        cookie: 'session=abc',
        'x-forwarded-for': '203.0.113.7',
        'x-request-id': 'client-chosen-id',
      });
      expect(res.status).toBe(200);
      const me = res.body.data?.me as { agencyId: string; requestId: string };
      expect(me.agencyId).toBe(DIRECTORY['demo.advocate']!.agencyId);
      expect(me.requestId).toMatch(UUID);
      expect(res.headers.get('x-request-id')).toBe(me.requestId);
      const seen = cases.seen.find((r) => r.path === '/graphql')!;
      const names = Object.keys(seen.headers).sort();
      expect(names.filter((h) => h.startsWith('x-user-'))).toEqual([]);
      expect(names).not.toContain('cookie');
      expect(names).not.toContain('x-forwarded-for');
      expect(seen.headers['x-request-id']).toBe(me.requestId);
      expect(
        names.every((h) =>
          [
            'accept',
            'authorization',
            'connection',
            'content-length',
            'content-type',
            'host',
            'x-request-id',
            'accept-encoding',
            'user-agent',
          ].includes(h),
        ),
      ).toBe(true);
    });

    it('reuses a resolved actor for a few seconds, until the directory announces a change to it', async () => {
      const token = await devToken('demo.advocate');
      const lookups = () => cases.seen.filter((r) => r.path === '/internal/actor').length;
      // Reused once the gateway listens for changes (it subscribes at boot).
      await eventually(async () => {
        await gql('{ me { userId } }', token);
        cases.seen.length = 0;
        await gql('{ me { userId } }', token);
        await gql('{ me { userId } }', token);
        return lookups() === 0;
      }, 5_000);
      const redis = createRedis(testRedisUrl(), 'producer');
      try {
        await waitForRedis(redis);
        await new ActorChangePublisher(redis).publish({ userId: 'user-0002' });
        // Asked again at once, and not reused again for a TTL (the change may not be committed yet).
        await eventually(async () => {
          await gql('{ me { userId } }', token);
          return lookups() > 0;
        }, 2_000);
        const seen = lookups();
        await gql('{ me { userId } }', token);
        expect(lookups()).toBe(seen + 1);
      } finally {
        redis.disconnect();
      }
    });
  });

  describe('error masking', () => {
    it('turns a subgraph database error into "Internal error" with an errorId and no canary anywhere', async () => {
      const token = await devToken('demo.chair');
      const res = await gql('{ boom }', token);
      expect(res.status).toBe(200);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0]).toMatchObject({
        message: 'Internal error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(res.body.errors![0]!.extensions!.errorId).toMatch(UUID);
      for (const leak of [
        'CANARY',
        'uq_victim_phone',
        'duplicate key',
        'stacktrace',
        'serviceName',
        '127.0.0.1',
      ]) {
        expect(res.text).not.toContain(leak);
      }
      expect(logLines.join('\n')).not.toContain(CANARY_MESSAGE);
    });

    it("keeps a subgraph's own errorId for an error it masked already", async () => {
      const res = await gql('{ maskedBoom }', await devToken('demo.chair'));
      expect(res.body.errors![0]).toEqual({
        message: 'Internal error',
        path: ['maskedBoom'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: SUBGRAPH_ERROR_ID },
      });
    });

    it('passes deliberate errors with a whitelisted code', async () => {
      const res = await gql('{ missing }', await devToken('demo.chair'));
      expect(res.body.errors![0]).toMatchObject({
        message: 'Case not found',
        extensions: { code: 'NOT_FOUND' },
      });
      expect(Object.keys(res.body.errors![0]!.extensions!)).toEqual(['code']);
    });

    it("forwards a subgraph's refusal of a variable as BAD_USER_INPUT naming it, never the value", async () => {
      const token = await devToken('demo.chair');
      const query = 'query($since: DateTime) { cases(updatedSince: $since) { id } }';
      for (const since of ['2026-99-99T00:00:00Z', '2027-02-30T10:00:00Z', 'CANARY-DATE', 1700000000000]) {
        const res = await post(
          '/graphql',
          { query, variables: { since } },
          { authorization: `Bearer ${token}` },
        );
        expect(res.body.data ?? null).toBeNull();
        expect(res.body.errors).toHaveLength(1);
        expect(res.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'since' });
        expect(res.body.errors![0]!.message).toMatch(/^Variable "\$since" has an invalid value/);
        expect(res.text).not.toContain(String(since));
      }
      const ok = await post(
        '/graphql',
        { query, variables: { since: '2026-12-01T09:30:00.123+01:00' } },
        { authorization: `Bearer ${token}` },
      );
      expect(ok.body.errors).toBeUndefined();
    });

    it('hides field suggestions', async () => {
      const res = await gql('{ mee { userId } }', await devToken('demo.chair'));
      expect(res.status).toBe(400);
      expect(res.text).not.toMatch(/Did you mean/);
      expect(res.text).not.toContain('"me"');
    });
  });

  describe('query limits', () => {
    let token: string;
    beforeAll(async () => {
      token = await devToken('demo.chair');
    });

    const expectLimit = (res: Awaited<ReturnType<typeof gql>>, limit: string) => {
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors![0]!.extensions).toEqual({ code: 'QUERY_LIMIT_EXCEEDED', limit });
    };

    it('rejects alias overloading, aliased __typename included (16 > 15)', async () => {
      const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ');
      expect((await gql(`{ ${aliases(15)} }`, token)).status).toBe(200);
      expectLimit(await gql(`{ ${aliases(16)} }`, token), 'maxAliases');
    });

    it('rejects directive overloading (6 > 5)', async () => {
      const fields = (n: number) =>
        Array.from({ length: n }, (_, i) => `a${i}: __typename @include(if: true)`).join(' ');
      expect((await gql(`{ ${fields(5)} }`, token)).status).toBe(200);
      expectLimit(await gql(`{ ${fields(6)} }`, token), 'maxDirectives');
    });

    it('rejects depth 11 and accepts depth 10', async () => {
      // Depth counts the fields on the longest path: node › child × (depth - 2) › name.
      const deep = (depth: number) => {
        let q = 'name';
        for (let i = 2; i < depth; i++) q = `child { ${q} }`;
        return `{ node { ${q} } }`;
      };
      expect((await gql(deep(10), token)).status).toBe(200);
      expectLimit(await gql(deep(11), token), 'maxDepth');
    });

    it('counts fragments towards depth: twenty nested inline fragments are refused', async () => {
      const nested = (n: number, inner: string) => {
        let q = inner;
        for (let i = 0; i < n; i++) q = `... on Query { ${q} }`;
        return `{ ${q} }`;
      };
      expectLimit(await gql(nested(20, '__typename'), token), 'maxDepth');
      // node › (fragment › child) × 4 › name: ten levels, accepted; one more fragment is not.
      const viaFragments = (n: number) => {
        let q = 'name';
        for (let i = 0; i < n; i++) q = `... on Node { child { ${q} } }`;
        return `{ node { ${q} } }`;
      };
      expect((await gql(viaFragments(4), token)).status).toBe(200);
      expectLimit(
        await gql(viaFragments(4).replace('{ node {', '{ node { ... on Node {') + ' }', token),
        'maxDepth',
      );
    });

    it('rejects more than 2000 tokens, before validation', async () => {
      const res = await gql(`{ me { ${'userId '.repeat(2001)} } }`, token);
      expectLimit(res, 'maxTokens');
    });

    it('rejects a query over the character limit and a body over the size limit', async () => {
      expectLimit(await gql(`# ${'x'.repeat(16_000)}\n{ __typename }`, token), 'characterLimit');
      const big = await post(
        '/graphql',
        { query: '{ __typename }', variables: { pad: 'x'.repeat(200_000) } },
        { authorization: `Bearer ${token}` },
      );
      expect(big.status).toBe(413);
      expect(big.body.errors![0]!.extensions).toEqual({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'bodyLimit' });
    });

    it('refuses batched requests', async () => {
      const res = await post('/graphql', [{ query: '{ __typename }' }, { query: '{ __typename }' }], {
        authorization: `Bearer ${token}`,
      });
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
    });

    it('keeps CSRF prevention on: a simple GET without a preflight header is refused', async () => {
      const url = `${base}/graphql?query=${encodeURIComponent('{ __typename }')}`;
      const simple = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(simple.status).toBe(400);
      // Apollo's refusal, not an internal error.
      const refused = (await simple.json()) as GqlBody;
      expect(refused.errors).toHaveLength(1);
      expect(refused.errors![0]!.extensions).toEqual({ code: 'BAD_REQUEST' });
      expect(refused.errors![0]!.message).toMatch(/Cross-Site Request Forgery/);
      const preflighted = await fetch(url, {
        headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
      });
      expect(preflighted.status).toBe(200);
    });
  });

  describe('HTTP surface', () => {
    it('answers every response with Cache-Control: no-store', async () => {
      const token = await devToken('demo.chair');
      const responses = [
        await fetch(`${base}/health`),
        await fetch(`${base}/health/ready`),
        await fetch(`${base}/nowhere`),
        await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"{ __typename }"}',
        }),
        await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: '{"query":"{ __typename }"}',
        }),
        await fetch(`${base}/auth/dev/users`),
      ];
      for (const res of responses) expect(res.headers.get('cache-control')).toBe('no-store');
      expect(responses[4]!.status).toBe(200);
    });

    it('serves liveness and readiness', async () => {
      expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
    });

    it('allows introspection in development', async () => {
      const res = await gql('{ __schema { queryType { name } } }', await devToken('demo.chair'));
      expect(res.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    });

    it('puts the request id on every log line of a request and never logs tokens', async () => {
      const token = await devToken('demo.chair');
      const before = logLines.length;
      await gql('{ boom }', token);
      const lines = logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line.requestId).toMatch(UUID);
      const all = logLines.join('\n');
      expect(all).not.toContain(token);
      expect(all).not.toMatch(/eyJhbGciOiJFZERTQSIsInR5cCI6InNjcC1pbnRlcm5hbCtqd3QifQ\.[A-Za-z0-9_-]+\./);
    });
  });

  describe('dev issuer routes', () => {
    it('lists demo users, asking cases with a service token', async () => {
      cases.seen.length = 0;
      const res = await fetch(`${base}/auth/dev/users`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual([
        {
          username: 'demo.chair',
          displayName: 'Demo Chair',
          agencyName: 'Test Constabulary',
          roles: ['CLINIC_CHAIR', 'POLICE_SPOC'],
        },
        {
          username: 'demo.advocate',
          displayName: 'Demo Advocate',
          agencyName: 'Test Advocacy Service',
          roles: ['VICTIM_ADVOCATE'],
        },
      ]);
      const seen = cases.seen.find((r) => r.path === '/internal/demo-users')!;
      expect(seen.principal).toEqual({
        kind: 'service',
        service: 'gateway',
        requestId: expect.stringMatching(UUID),
      });
    });

    it('issues a token for a known user only', async () => {
      const ok = await post('/auth/dev/token', { username: 'demo.chair' });
      expect(ok.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
      const unknown = await post('/auth/dev/token', { username: 'nobody.here' });
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual({ error: 'invalid_grant' });
      const bad = await post('/auth/dev/token', { user: 'demo.chair' });
      expect(bad.status).toBe(400);
      const malformed = await post('/auth/dev/token', '{"username":');
      expect(malformed.status).toBe(400);
    });

    it('publishes its public key as a JWKS', async () => {
      const res = await fetch(`${base}/.well-known/jwks.json`);
      const jwks = (await res.json()) as { keys: Array<Record<string, unknown>> };
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(jwks.keys[0]).not.toHaveProperty('d');
    });
  });
});
