import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { DevIssuer, generateDevKeyPair } from '@scp/platform-auth';
import { createGatewayApp } from './create-gateway-app.js';
import { loadGatewayConfig } from './gateway.config.js';
import { createLogger } from './logger.js';
import {
  composeSupergraph,
  DIRECTORY,
  startStubSubgraphs,
  type StubSubgraph,
} from './testing/stub-subgraphs.js';

const internalKeys = generateDevKeyPair();
// Stands in for the force's identity provider: same token shape, keys published over HTTP.
const idp = new DevIssuer({ issuer: 'https://idp.test.invalid', audience: 'scp-web' });

let cases: StubSubgraph;
let referrals: StubSubgraph;
let jwksServer: Server;
let app: INestApplication;
let base: string;

beforeAll(async () => {
  ({ cases, referrals } = await startStubSubgraphs(internalKeys.publicKeyPem));
  jwksServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(idp.jwks()));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', () => resolve()));
  const config = loadGatewayConfig(
    {
      NODE_ENV: 'production',
      GATEWAY_PORT: '0',
      INTERNAL_JWT_PRIVATE_KEY: internalKeys.privateKeyPem,
      INTERNAL_JWT_PUBLIC_KEY: internalKeys.publicKeyPem,
      GATEWAY_WEB_CALLER_KEYS: internalKeys.publicKeyPem,
      OIDC_ISSUER: idp.issuer,
      OIDC_AUDIENCE: idp.audience,
      OIDC_JWKS_URL: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`,
      SUBGRAPH_URL_CASES: cases.url,
      SUBGRAPH_URL_REFERRALS: referrals.url,
    },
    { supergraphSdl: composeSupergraph([cases, referrals]) },
  );
  app = await createGatewayApp(config, { logger: createLogger('silent') });
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await cases?.close();
  await referrals?.close();
  await new Promise<void>((resolve) => jwksServer?.close(() => resolve()));
});

async function gql(query: string, token?: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: JSON.parse(text) as {
      data?: unknown;
      errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }>;
    },
  };
}

describe('gateway (production mode, external identity provider)', () => {
  it("accepts the identity provider's tokens (verified against its remote JWKS)", async () => {
    const res = await gql('{ me { userId roles } }', await idp.signUserToken('demo.chair'));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      me: { userId: DIRECTORY['demo.chair']!.userId, roles: DIRECTORY['demo.chair']!.roles },
    });
  });

  it('refuses a token made by a dev issuer', async () => {
    const dev = new DevIssuer({ issuer: idp.issuer, audience: idp.audience });
    expect((await gql('{ me { userId } }', await dev.signUserToken('demo.chair'))).status).toBe(401);
  });

  it('disables introspection', async () => {
    const token = await idp.signUserToken('demo.chair');
    for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Query") { name } }']) {
      const res = await gql(query, token);
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('suggests nothing: no field, argument, type, enum value or input field names in any error', async () => {
    const token = await idp.signUserToken('demo.chair');
    const cases = 'query($s: CaseStatus, $f: CaseFilter) { cases(status: $s, filter: $f) { id } }';
    const attempts: Array<[string, Record<string, unknown>?]> = [
      ['{ mee { userId } }'],
      ['{ cases(statu: OPEN) { id } }'],
      ['{ cases(status: OPN) { id } }'],
      ['{ cases(filter: { statu: OPEN }) { id } }'],
      ['query($s: CaseStatu) { cases(status: $s) { id } }'],
      [cases, { s: 'OPN' }],
      [cases, { f: { status: 'OPN' } }],
      [cases, { f: { statu: 'OPEN' } }],
    ];
    for (const [query, variables] of attempts) {
      const res = await gql(query, token, variables);
      expect(res.body.errors?.length).toBeGreaterThan(0);
      expect(res.text).not.toMatch(/did you mean/i);
      for (const name of ['"me"', '"status"', '"OPEN"']) expect(res.text).not.toContain(name);
    }
    const type = await gql('query($s: CaseStatu) { cases(status: $s) { id } }', token);
    expect(type.text).not.toContain('"CaseStatus"');
  });

  it('has no landing page', async () => {
    const res = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(await res.text()).not.toMatch(/<html|graphiql|sandbox/i);
  });

  it('has no dev issuer routes', async () => {
    const responses = [
      await fetch(`${base}/auth/dev/users`),
      await fetch(`${base}/auth/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"username":"demo.chair"}',
      }),
      await fetch(`${base}/.well-known/jwks.json`),
    ];
    for (const res of responses) {
      expect(res.status).toBe(404);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('answers with Cache-Control: no-store and no framework banner', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
