import { createHmac, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Actor } from '@scp/contracts';
import { AppError } from '@scp/platform-graphql';
import { InternalTokenSigner, InternalTokenVerifier, INTERNAL_TOKEN_TYPE } from './internal-token.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const NOW = 1_900_000_000_000;
const clock = () => NOW;

const actor: Actor = {
  userId: 'user-0001',
  agencyId: 'agency-0001',
  agencyType: 'POLICE',
  roles: ['POLICE_SPOC', 'CLINIC_CHAIR'],
  clinicIds: ['clinic-0001', 'clinic-0002'],
  requestId: '00000000-0000-4000-8000-000000000001',
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs arbitrary header and claims with Ed25519: lets a test build tokens the signer refuses to. */
function handSigned(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  key: KeyObject = privateKey,
) {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
}

const nowS = Math.floor(NOW / 1000);
const goodClaims = {
  iss: 'scp-gateway',
  aud: 'cases',
  iat: nowS,
  exp: nowS + 30,
  kind: 'user',
  sub: actor.userId,
  agency: actor.agencyId,
  agencyType: actor.agencyType,
  roles: actor.roles,
  clinicIds: actor.clinicIds,
  rid: actor.requestId,
};
const goodHeader = { alg: 'EdDSA', typ: INTERNAL_TOKEN_TYPE };

const signer = new InternalTokenSigner({ privateKey, clock });
const verifier = new InternalTokenVerifier({ publicKey, audience: 'cases', clock });

function expectRefused(token: string, v: InternalTokenVerifier = verifier) {
  let caught: unknown;
  try {
    v.verify(token);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(AppError);
  // Same message and code for every defect: the caller learns nothing about which check failed.
  expect((caught as AppError).message).toBe('Unauthenticated');
  expect((caught as AppError).extensions.code).toBe('UNAUTHENTICATED');
}

describe('InternalTokenSigner / InternalTokenVerifier', () => {
  it('accepts a valid user token and rebuilds the actor from its claims', () => {
    const token = signer.mintForUser(actor, 'cases');
    expect(verifier.verify(token)).toEqual({ kind: 'user', actor });
    const [header, payload] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual(goodHeader);
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims).toMatchObject({
      iss: 'scp-gateway',
      aud: 'cases',
      kind: 'user',
      sub: actor.userId,
      rid: actor.requestId,
    });
    expect(claims.exp - claims.iat).toBe(30);
  });

  it('accepts a service token and returns a service principal', () => {
    const token = signer.mintForService('gateway', 'cases', 'rid-1');
    expect(verifier.verify(token)).toEqual({ kind: 'service', service: 'gateway', requestId: 'rid-1' });
  });

  it('accepts PEM keys as well as KeyObjects', () => {
    const pemSigner = new InternalTokenSigner({
      privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      clock,
    });
    const pemVerifier = new InternalTokenVerifier({
      publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      audience: 'cases',
      clock,
    });
    expect(pemVerifier.verify(pemSigner.mintForUser(actor, 'cases')).kind).toBe('user');
  });

  it('refuses a forged signature (another key, or a tampered payload)', () => {
    const foreign = new InternalTokenSigner({ privateKey: other.privateKey, clock });
    expectRefused(foreign.mintForUser(actor, 'cases'));

    const [h, , s] = signer.mintForUser(actor, 'cases').split('.');
    expectRefused(`${h}.${b64({ ...goodClaims, roles: ['SYSTEM_ADMIN'] })}.${s}`);
  });

  it('refuses alg none', () => {
    expectRefused(`${b64({ alg: 'none', typ: INTERNAL_TOKEN_TYPE })}.${b64(goodClaims)}.`);
    expectRefused(`${b64({ alg: 'none' })}.${b64(goodClaims)}.${'A'.repeat(86)}`);
  });

  it('refuses HS256 keyed with the public key as the secret', () => {
    const secret = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const input = `${b64({ alg: 'HS256', typ: INTERNAL_TOKEN_TYPE })}.${b64(goodClaims)}`;
    expectRefused(`${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`);
  });

  it('refuses a token of another type or with unexpected header members', () => {
    expectRefused(handSigned({ alg: 'EdDSA', typ: 'JWT' }, goodClaims));
    expectRefused(handSigned({ alg: 'EdDSA' }, goodClaims));
    expectRefused(handSigned({ ...goodHeader, jku: 'https://attacker.invalid/jwks' }, goodClaims));
    expect(verifier.verify(handSigned({ ...goodHeader, kid: 'k1' }, goodClaims)).kind).toBe('user');
  });

  it('refuses an expired token and one issued in the future (beyond the clock tolerance)', () => {
    const past = new InternalTokenSigner({ privateKey, clock: () => NOW - 36_000 });
    expectRefused(past.mintForUser(actor, 'cases'));
    const future = new InternalTokenSigner({ privateKey, clock: () => NOW + 60_000 });
    expectRefused(future.mintForUser(actor, 'cases'));
    // Within the 5 s tolerance both ways.
    const skewed = new InternalTokenSigner({ privateKey, clock: () => NOW + 4_000 });
    expect(verifier.verify(skewed.mintForUser(actor, 'cases')).kind).toBe('user');
  });

  it('refuses a token addressed to another subgraph', () => {
    expectRefused(signer.mintForUser(actor, 'referrals'));
    expectRefused(handSigned(goodHeader, { ...goodClaims, aud: ['cases', 'referrals'] }));
  });

  it('refuses a token from another issuer', () => {
    const foreign = new InternalTokenSigner({ privateKey, clock, issuer: 'someone-else' });
    expectRefused(foreign.mintForUser(actor, 'cases'));
  });

  it('refuses a lifetime above 60 s at mint and at verify', () => {
    expect(() => new InternalTokenSigner({ privateKey, ttlSeconds: 61 })).toThrow(/1\.\.60/);
    expect(() => new InternalTokenSigner({ privateKey, ttlSeconds: 0 })).toThrow(/1\.\.60/);
    expect(() => new InternalTokenSigner({ privateKey, ttlSeconds: 1.5 })).toThrow(/1\.\.60/);
    expect(verifier.verify(handSigned(goodHeader, { ...goodClaims, exp: nowS + 60 })).kind).toBe('user');
    expectRefused(handSigned(goodHeader, { ...goodClaims, exp: nowS + 61 }));
    expectRefused(handSigned(goodHeader, { ...goodClaims, iat: nowS - 3600, exp: nowS + 30 }));
    expectRefused(handSigned(goodHeader, { ...goodClaims, exp: nowS }));
  });

  it('refuses unknown roles, an unknown agency type and malformed claims (fail closed)', () => {
    expectRefused(handSigned(goodHeader, { ...goodClaims, roles: ['POLICE_SPOC', 'SUPERUSER'] }));
    expectRefused(handSigned(goodHeader, { ...goodClaims, agencyType: 'MI5' }));
    expectRefused(handSigned(goodHeader, { ...goodClaims, roles: 'POLICE_SPOC' }));
    expectRefused(handSigned(goodHeader, { ...goodClaims, clinicIds: [1, 2] }));
    expectRefused(handSigned(goodHeader, { ...goodClaims, kind: 'admin' }));
    expectRefused(handSigned(goodHeader, { ...goodClaims, sub: '' }));
    expectRefused(handSigned(goodHeader, { ...goodClaims, rid: undefined }));
    expectRefused(handSigned(goodHeader, { ...goodClaims, exp: String(nowS + 30) }));
  });

  it('refuses strings that are not compact JWS', () => {
    for (const token of [
      '',
      'abc',
      'a.b',
      'a.b.c.d',
      '..',
      `${b64(goodHeader)}.${b64(goodClaims)}.!!!`,
      'x'.repeat(9000),
    ]) {
      expectRefused(token);
    }
    const valid = signer.mintForUser(actor, 'cases');
    expectRefused(`${valid}A`);
    expectRefused(valid.replace(/^[A-Za-z]/, (c) => (c === 'e' ? 'f' : 'e')));
  });

  it('remembers a verified token only until it expires, and hands out copies', () => {
    let now = NOW;
    const caching = new InternalTokenVerifier({ publicKey, audience: 'cases', clock: () => now });
    const token = signer.mintForUser(actor, 'cases');
    const first = caching.verify(token);
    if (first.kind === 'user') first.actor.roles.push('SYSTEM_ADMIN');
    expect(caching.verify(token)).toEqual({ kind: 'user', actor });
    now = NOW + 36_000;
    expectRefused(token, caching);
  });

  it('verifies with any of several keys during a rotation', () => {
    const rotating = new InternalTokenVerifier({
      publicKey: [other.publicKey, publicKey],
      audience: 'cases',
      clock,
    });
    expect(rotating.verify(signer.mintForUser(actor, 'cases')).kind).toBe('user');
  });

  it('refuses to build a verifier from a private key or a signer from a public key', () => {
    expect(() => new InternalTokenVerifier({ publicKey: privateKey, audience: 'cases' })).toThrow();
    const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => new InternalTokenVerifier({ publicKey: privatePem, audience: 'cases' })).toThrow(
      /private key/,
    );
    expect(() => new InternalTokenSigner({ privateKey: createPublicKey(privateKey) })).toThrow();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(() => new InternalTokenSigner({ privateKey: rsa.privateKey })).toThrow(/Ed25519/);
  });
});
