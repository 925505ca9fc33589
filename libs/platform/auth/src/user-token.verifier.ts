import {
  createLocalJWKSet,
  createRemoteJWKSet,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { unauthenticated } from '@scp/platform-graphql';

/** Asymmetric only: an HMAC algorithm would let anyone holding the public JWKS forge tokens. */
export const USER_TOKEN_DEFAULT_ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256', 'RS256', 'PS256'];
const SYMMETRIC = /^HS/i;
const MAX_TOKEN_LENGTH = 8192;
/** A verified token is trusted from memory for at most this long, never past its `exp`. */
const CACHE_TTL_CAP_MS = 60_000;

export interface UserTokenVerifierOptions {
  issuer: string;
  audience: string;
  /** The identity provider's JWKS endpoint (OIDC `jwks_uri`). */
  jwksUrl?: string;
  /** Or a local key set, e.g. `devIssuer.jwks()`. */
  jwks?: JSONWebKeySet;
  algorithms?: string[];
  clockToleranceSeconds?: number;
  /** Verified tokens kept in memory (signature checks cost ≈ 0.1 ms); 0 disables. */
  cacheMaxEntries?: number;
  clock?: () => number;
}

export interface OidcConfig {
  issuer: string;
  jwksUrl: string;
  audience: string;
}

/** `OIDC_ISSUER` / `OIDC_JWKS_URL` / `OIDC_AUDIENCE`: all or none (undefined when none). */
export function oidcConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OidcConfig | undefined {
  const issuer = env.OIDC_ISSUER?.trim();
  const jwksUrl = env.OIDC_JWKS_URL?.trim();
  const audience = env.OIDC_AUDIENCE?.trim();
  if (!issuer && !jwksUrl && !audience) return undefined;
  if (!issuer || !jwksUrl || !audience)
    throw new Error('OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE must be set together');
  new URL(jwksUrl); // throws on a malformed URL at boot rather than on the first request
  return { issuer, jwksUrl, audience };
}

/** Verifies the user's bearer token (from the identity provider or the DevIssuer) → its subject. */
export class UserTokenVerifier {
  private readonly keySet: JWTVerifyGetKey;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly algorithms: string[];
  private readonly tolerance: number;
  private readonly clock: () => number;
  private readonly cacheMax: number;
  private readonly cache = new Map<string, { subject: string; until: number }>();

  constructor(opts: UserTokenVerifierOptions) {
    if (!opts.issuer || !opts.audience) throw new Error('UserTokenVerifier needs an issuer and an audience');
    if (Boolean(opts.jwksUrl) === Boolean(opts.jwks))
      throw new Error('UserTokenVerifier needs exactly one of jwksUrl or jwks');
    this.algorithms = opts.algorithms ?? USER_TOKEN_DEFAULT_ALGORITHMS;
    if (
      this.algorithms.length === 0 ||
      this.algorithms.some((a) => SYMMETRIC.test(a) || a.toLowerCase() === 'none')
    ) {
      throw new Error('user token algorithms must be asymmetric');
    }
    this.keySet = opts.jwksUrl
      ? createRemoteJWKSet(new URL(opts.jwksUrl), {
          timeoutDuration: 5000,
          cooldownDuration: 30_000,
          cacheMaxAge: 600_000,
        })
      : createLocalJWKSet(opts.jwks as JSONWebKeySet);
    this.issuer = opts.issuer;
    this.audience = opts.audience;
    this.tolerance = opts.clockToleranceSeconds ?? 5;
    this.clock = opts.clock ?? Date.now;
    this.cacheMax = opts.cacheMaxEntries ?? 10_000;
  }

  /** Throws `unauthenticated()` for a malformed, expired, foreign or wrongly signed token. */
  async verify(token: string): Promise<{ subject: string }> {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH)
      throw unauthenticated();
    const now = this.clock();
    const cached = this.cache.get(token);
    if (cached) {
      if (cached.until > now) return { subject: cached.subject };
      this.cache.delete(token);
    }
    let subject: string;
    let exp: number;
    try {
      const { payload } = await jwtVerify(token, this.keySet, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: this.algorithms,
        clockTolerance: this.tolerance,
        currentDate: new Date(now),
        requiredClaims: ['exp', 'sub'],
      });
      if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 256)
        throw unauthenticated();
      subject = payload.sub;
      exp = payload.exp as number;
    } catch {
      throw unauthenticated();
    }
    this.remember(token, subject, Math.min(exp * 1000, now + CACHE_TTL_CAP_MS), now);
    return { subject };
  }

  private remember(token: string, subject: string, until: number, now: number): void {
    if (this.cacheMax <= 0 || until <= now) return;
    if (this.cache.size >= this.cacheMax) {
      // Insertion order ≈ age: drop the oldest entry.
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(token, { subject, until });
  }
}
