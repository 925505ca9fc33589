import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '@scp/platform-graphql';
import { DevIssuer } from './dev-issuer.js';
import { oidcConfigFromEnv, UserTokenVerifier } from './user-token.verifier.js';

const ISSUER = 'http://127.0.0.1:4000/auth/dev';
const NOW = 1_900_000_000_000;
const { privateKey } = generateKeyPairSync('ed25519');
const issuer = new DevIssuer({ issuer: ISSUER, privateKey, clock: () => NOW });
const verifierAt = (now: number) =>
  new UserTokenVerifier({ issuer: ISSUER, audience: issuer.audience, jwks: issuer.jwks(), clock: () => now });
const verifier = verifierAt(NOW);

async function expectRefused(promise: Promise<unknown>) {
  const caught = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).message).toBe('Unauthenticated');
  expect((caught as AppError).extensions.code).toBe('UNAUTHENTICATED');
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('DevIssuer + UserTokenVerifier', () => {
  it('verifies a dev token and returns its subject', async () => {
    const token = await issuer.signUserToken('demo.chair');
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'demo.chair' });
  });

  it('publishes only the public key in its JWKS', () => {
    const [key] = issuer.jwks().keys;
    expect(key).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: expect.any(String),
      alg: 'EdDSA',
      use: 'sig',
      kid: issuer.kid,
    });
    expect(key).not.toHaveProperty('d');
  });

  it('refuses malformed tokens', async () => {
    for (const token of [
      '',
      'garbage',
      'a.b.c',
      `${b64({ alg: 'EdDSA' })}.${b64({ sub: 'x' })}.AAAA`,
      'x'.repeat(9000),
    ]) {
      await expectRefused(verifier.verify(token));
    }
  });

  it('refuses an expired token', async () => {
    const past = new DevIssuer({ issuer: ISSUER, privateKey, clock: () => NOW - 7_200_000 });
    await expectRefused(verifier.verify(await past.signUserToken('demo.chair', 3600)));
  });

  it('refuses a token from another issuer, for another audience, or signed by another key', async () => {
    const otherIssuer = new DevIssuer({ issuer: 'https://elsewhere.invalid', privateKey, clock: () => NOW });
    await expectRefused(verifier.verify(await otherIssuer.signUserToken('demo.chair')));
    const otherAudience = new DevIssuer({
      issuer: ISSUER,
      audience: 'another-app',
      privateKey,
      clock: () => NOW,
    });
    await expectRefused(verifier.verify(await otherAudience.signUserToken('demo.chair')));
    const otherKey = new DevIssuer({ issuer: ISSUER, clock: () => NOW });
    await expectRefused(verifier.verify(await otherKey.signUserToken('demo.chair')));
  });

  it('refuses alg none and an HS256 token keyed with the published key', async () => {
    const claims = {
      iss: ISSUER,
      aud: issuer.audience,
      sub: 'demo.chair',
      iat: NOW / 1000,
      exp: NOW / 1000 + 600,
    };
    await expectRefused(verifier.verify(`${b64({ alg: 'none' })}.${b64(claims)}.`));
    const input = `${b64({ alg: 'HS256', kid: issuer.kid })}.${b64(claims)}`;
    const secret = JSON.stringify(issuer.jwks().keys[0]);
    await expectRefused(
      verifier.verify(`${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`),
    );
    expect(
      () =>
        new UserTokenVerifier({ issuer: ISSUER, audience: 'a', jwks: issuer.jwks(), algorithms: ['HS256'] }),
    ).toThrow(/asymmetric/);
  });

  it('does not let its cache outlive a token', async () => {
    const token = await issuer.signUserToken('demo.chair', 30);
    let now = NOW;
    const cachingVerifier = new UserTokenVerifier({
      issuer: ISSUER,
      audience: issuer.audience,
      jwks: issuer.jwks(),
      clock: () => now,
    });
    await expect(cachingVerifier.verify(token)).resolves.toEqual({ subject: 'demo.chair' });
    await expect(cachingVerifier.verify(token)).resolves.toEqual({ subject: 'demo.chair' });
    now = NOW + 40_000;
    await expectRefused(cachingVerifier.verify(token));
  });

  it('fetches keys from a remote JWKS endpoint', async () => {
    let hits = 0;
    const server: Server = createServer((_req, res) => {
      hits++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(issuer.jwks()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
      const remote = new UserTokenVerifier({
        issuer: ISSUER,
        audience: issuer.audience,
        jwksUrl,
        clock: () => NOW,
      });
      await expect(remote.verify(await issuer.signUserToken('demo.advocate'))).resolves.toEqual({
        subject: 'demo.advocate',
      });
      expect(hits).toBe(1);
      const stranger = new DevIssuer({ issuer: ISSUER, clock: () => NOW });
      await expectRefused(remote.verify(await stranger.signUserToken('demo.advocate')));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('reads OIDC settings all together or not at all', () => {
    expect(oidcConfigFromEnv({})).toBeUndefined();
    expect(
      oidcConfigFromEnv({
        OIDC_ISSUER: 'https://idp.invalid',
        OIDC_JWKS_URL: 'https://idp.invalid/jwks',
        OIDC_AUDIENCE: 'scp',
      }),
    ).toEqual({
      issuer: 'https://idp.invalid',
      jwksUrl: 'https://idp.invalid/jwks',
      audience: 'scp',
    });
    expect(() => oidcConfigFromEnv({ OIDC_ISSUER: 'https://idp.invalid' })).toThrow(/together/);
  });
});
