import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { SignJWT, type JSONWebKeySet, type JWK } from 'jose';

export const DEV_ISSUER_DEFAULT_AUDIENCE = 'scp-dev';

export interface DevIssuerOptions {
  /** The `iss` claim, e.g. `http://127.0.0.1:4000/auth/dev`. */
  issuer: string;
  audience?: string;
  /** PEM (PKCS#8) or KeyObject; omitted: a fresh key (tokens die with the process, fine in development). */
  privateKey?: KeyObject | string;
  clock?: () => number;
}

/**
 * A development stand-in for an OpenID provider: it signs user tokens (subject = username) with an
 * Ed25519 key and publishes the public half as a JWKS. The gateway verifies its tokens through the
 * same UserTokenVerifier as a real provider's, so no code path is dev-only except the issuing.
 */
export class DevIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly publicJwk: JWK;
  private readonly clock: () => number;

  constructor(opts: DevIssuerOptions) {
    if (!opts.issuer) throw new Error('DevIssuer needs an issuer');
    this.issuer = opts.issuer;
    this.audience = opts.audience ?? DEV_ISSUER_DEFAULT_AUDIENCE;
    this.clock = opts.clock ?? Date.now;
    this.privateKey =
      opts.privateKey === undefined
        ? generateKeyPairSync('ed25519').privateKey
        : typeof opts.privateKey === 'string'
          ? createPrivateKey(opts.privateKey.replace(/\\n/g, '\n'))
          : opts.privateKey;
    if (this.privateKey.type !== 'private' || this.privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error('DevIssuer needs an Ed25519 private key');
    }
    const jwk = createPublicKey(this.privateKey).export({ format: 'jwk' }) as JWK;
    this.kid = createHash('sha256').update(String(jwk.x)).digest('base64url').slice(0, 16);
    this.publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, alg: 'EdDSA', use: 'sig', kid: this.kid };
  }

  async signUserToken(subject: string, ttlSeconds = 3600): Promise<string> {
    if (typeof subject !== 'string' || subject.length === 0 || subject.length > 256)
      throw new Error('invalid subject');
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > 86_400)
      throw new Error('invalid ttl');
    const now = Math.floor(this.clock() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: this.kid })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(subject)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  jwks(): JSONWebKeySet {
    return { keys: [{ ...this.publicJwk }] };
  }
}
