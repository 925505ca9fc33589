import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDevKeyPair } from '@scp/platform-auth';
import { GatewayConfigError, loadGatewayConfig, subgraphUrlEnvName } from './gateway.config.js';
import { readSubgraphs } from './supergraph.js';
import { composeSupergraph, type StubSubgraph } from './testing/stub-subgraphs.js';

const keys = generateDevKeyPair();
const stub = (name: 'cases' | 'referrals', sdl: string) => ({ name, sdl }) as StubSubgraph;
const supergraphSdl = composeSupergraph([
  stub(
    'cases',
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"]) type Query { ping: String } type Case @key(fields: "id") { id: ID! }',
  ),
  stub(
    'referrals',
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"]) type Case @key(fields: "id") { id: ID! n: Int }',
  ),
]);
const keyEnv = {
  INTERNAL_JWT_PRIVATE_KEY: keys.privateKeyPem,
  INTERNAL_JWT_PUBLIC_KEY: keys.publicKeyPem,
  GATEWAY_WEB_CALLER_KEYS: keys.publicKeyPem,
};
const oidcEnv = {
  OIDC_ISSUER: 'https://idp.invalid',
  OIDC_JWKS_URL: 'https://idp.invalid/jwks',
  OIDC_AUDIENCE: 'scp',
};

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a GatewayConfigError');
}

describe('loadGatewayConfig', () => {
  it('applies defaults and takes subgraph URLs from the supergraph unless SUBGRAPH_URL_<NAME> overrides them', () => {
    const config = loadGatewayConfig(
      { ...keyEnv, SUBGRAPH_URL_CASES: 'http://10.0.0.5:4001/graphql' },
      { supergraphSdl },
    );
    expect(config).toMatchObject({
      production: false,
      host: '127.0.0.1',
      port: 4000,
      actorCacheTtlMs: 5000,
      internalTokenTtlSeconds: 30,
      bodyLimit: '100kb',
      subgraphUrls: { cases: 'http://10.0.0.5:4001/graphql', referrals: 'http://referrals.invalid/graphql' },
      casesBaseUrl: 'http://10.0.0.5:4001',
      auth: { mode: 'dev', issuer: 'http://127.0.0.1:4000/auth/dev' },
    });
    expect(subgraphUrlEnvName('cases')).toBe('SUBGRAPH_URL_CASES');
    expect(readSubgraphs(supergraphSdl).map((s) => s.name)).toEqual(['cases', 'referrals']);
  });

  it('lets ACTOR_CACHE_TTL_MS=0 disable the actor cache and validates numbers', () => {
    expect(loadGatewayConfig({ ...keyEnv, ACTOR_CACHE_TTL_MS: '0' }, { supergraphSdl }).actorCacheTtlMs).toBe(
      0,
    );
    expect(
      problemsOf(() =>
        loadGatewayConfig(
          { ...keyEnv, INTERNAL_JWT_TTL_SECONDS: '120', GATEWAY_PORT: 'x' },
          { supergraphSdl },
        ),
      ),
    ).toMatch(/INTERNAL_JWT_TTL_SECONDS[\s\S]*GATEWAY_PORT|GATEWAY_PORT[\s\S]*INTERNAL_JWT_TTL_SECONDS/);
  });

  it('refuses to boot in production without an identity provider or internal keys', () => {
    const noIdp = problemsOf(() =>
      loadGatewayConfig({ ...keyEnv, NODE_ENV: 'production' }, { supergraphSdl }),
    );
    expect(noIdp).toMatch(/OIDC_ISSUER.*required in production/);
    const noKeys = problemsOf(() =>
      loadGatewayConfig({ ...oidcEnv, NODE_ENV: 'production' }, { supergraphSdl }),
    );
    expect(noKeys).toMatch(/required in production/);
    const noWebCaller = problemsOf(() =>
      loadGatewayConfig(
        { ...keyEnv, ...oidcEnv, GATEWAY_WEB_CALLER_KEYS: '', NODE_ENV: 'production' },
        { supergraphSdl },
      ),
    );
    expect(noWebCaller).toMatch(/GATEWAY_WEB_CALLER_KEYS is required in production/);
    const config = loadGatewayConfig({ ...keyEnv, ...oidcEnv, NODE_ENV: 'production' }, { supergraphSdl });
    expect(config.auth).toEqual({
      mode: 'oidc',
      ...{ issuer: oidcEnv.OIDC_ISSUER, jwksUrl: oidcEnv.OIDC_JWKS_URL, audience: 'scp' },
    });
  });

  it('requires an https JWKS URL in production (loopback excepted)', () => {
    const env = { ...keyEnv, ...oidcEnv, NODE_ENV: 'production', OIDC_JWKS_URL: 'http://idp.invalid/jwks' };
    expect(problemsOf(() => loadGatewayConfig(env, { supergraphSdl }))).toMatch(/https/);
  });

  it('reads the supergraph file and reports a missing one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-gw-'));
    const file = path.join(dir, 'supergraph.graphql');
    fs.writeFileSync(file, supergraphSdl);
    try {
      expect(loadGatewayConfig({ ...keyEnv, SUPERGRAPH_PATH: file }).supergraphSdl).toBe(supergraphSdl);
      expect(
        problemsOf(() => loadGatewayConfig({ ...keyEnv, SUPERGRAPH_PATH: path.join(dir, 'nope.graphql') })),
      ).toMatch(/cannot read/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a supergraph without a cases subgraph or with a subgraph name no token audience knows', () => {
    const withoutCases = composeSupergraph([
      stub(
        'referrals',
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"]) type Query { n: Int }',
      ),
    ]);
    expect(problemsOf(() => loadGatewayConfig(keyEnv, { supergraphSdl: withoutCases }))).toMatch(
      /no `cases` subgraph/,
    );
    const unknown = supergraphSdl.replace('name: "referrals"', 'name: "billing"');
    expect(problemsOf(() => loadGatewayConfig(keyEnv, { supergraphSdl: unknown }))).toMatch(
      /"billing" is not one of/,
    );
  });
});
