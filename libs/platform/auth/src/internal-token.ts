import { sign, verify, type KeyObject } from 'node:crypto';
import { isAgencyType, isRole, type Actor, type SubgraphName } from '@scp/contracts';
import { unauthenticated } from '@scp/platform-graphql';
import { toInternalPrivateKey, toInternalPublicKey } from './internal-keys.js';

/**
 * Internal token: the gateway's statement "this request comes from this actor", addressed to one
 * subgraph. A compact JWS (EdDSA / Ed25519) built with node:crypto alone, no JOSE library in the
 * hot path. Measured here (Node 20, OpenSSL 3.0): sign 37–68 µs, verify 110–125 µs. Asymmetric
 * keys cost more than HMAC (≈ 3 µs) but mean a subgraph, which holds only the public key, cannot
 * mint tokens for the others. Hence one signature per subgraph per request (the gateway reuses it)
 * and a verified-token cache in the verifier.
 */
export const INTERNAL_TOKEN_MAX_TTL_SECONDS = 60;
export const INTERNAL_TOKEN_DEFAULT_TTL_SECONDS = 30;
export const INTERNAL_TOKEN_DEFAULT_ISSUER = 'scp-gateway';
/** Explicit `typ` (RFC 8725 §3.11) so no other JWT — a user's OIDC token above all — can pass as one. */
export const INTERNAL_TOKEN_TYPE = 'scp-internal+jwt';

/** Who a token is for: a subgraph, or the gateway itself (the web server's session events). */
export type InternalAudience = SubgraphName | 'gateway';

export type InternalPrincipal =
  { kind: 'user'; actor: Actor } | { kind: 'service'; service: string; requestId: string };

export interface InternalTokenClaims {
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  jti?: string;
  kind: 'user' | 'service';
  sub: string;
  agency?: string;
  agencyType?: string;
  roles?: string[];
  clinicIds?: string[];
  rid: string;
}

const HEADER_B64 = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: INTERNAL_TOKEN_TYPE })).toString(
  'base64url',
);
const ALLOWED_HEADER_KEYS = new Set(['alg', 'typ', 'kid']);
const B64URL = /^[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 8192;
/** An Ed25519 signature is 64 bytes: 86 base64url characters without padding. */
const SIGNATURE_B64_LENGTH = 86;
const MAX_ID_LENGTH = 256;
const MAX_LIST_LENGTH = 1000;

type Clock = () => number;

export interface InternalTokenSignerOptions {
  privateKey: KeyObject | string;
  issuer?: string;
  ttlSeconds?: number;
  /** Milliseconds since the epoch; injectable so tests need no sleeps. */
  clock?: Clock;
}

export class InternalTokenSigner {
  private readonly key: KeyObject;
  private readonly issuer: string;
  private readonly ttl: number;
  private readonly clock: Clock;

  constructor(opts: InternalTokenSignerOptions) {
    const ttl = opts.ttlSeconds ?? INTERNAL_TOKEN_DEFAULT_TTL_SECONDS;
    if (!Number.isInteger(ttl) || ttl <= 0 || ttl > INTERNAL_TOKEN_MAX_TTL_SECONDS) {
      throw new Error(`internal token ttlSeconds must be an integer in 1..${INTERNAL_TOKEN_MAX_TTL_SECONDS}`);
    }
    this.key = toInternalPrivateKey(opts.privateKey);
    this.issuer = opts.issuer ?? INTERNAL_TOKEN_DEFAULT_ISSUER;
    this.ttl = ttl;
    this.clock = opts.clock ?? Date.now;
  }

  mintForUser(actor: Actor, audience: SubgraphName): string {
    const iat = Math.floor(this.clock() / 1000);
    return this.signClaims({
      iss: this.issuer,
      aud: audience,
      iat,
      exp: iat + this.ttl,
      kind: 'user',
      sub: actor.userId,
      agency: actor.agencyId,
      agencyType: actor.agencyType,
      roles: actor.roles,
      clinicIds: actor.clinicIds,
      rid: actor.requestId,
    });
  }

  /** A service-to-service call (e.g. the gateway asking cases who a user is): no user, no roles. */
  mintForService(service: string, audience: InternalAudience, requestId: string): string {
    const iat = Math.floor(this.clock() / 1000);
    return this.signClaims({
      iss: this.issuer,
      aud: audience,
      iat,
      exp: iat + this.ttl,
      kind: 'service',
      sub: service,
      rid: requestId,
    });
  }

  private signClaims(claims: InternalTokenClaims): string {
    const input = `${HEADER_B64}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${input}.${sign(null, Buffer.from(input), this.key).toString('base64url')}`;
  }
}

export interface InternalTokenVerifierOptions {
  /** More than one key during a rotation: the new key first. */
  publicKey: KeyObject | string | ReadonlyArray<KeyObject | string>;
  audience: InternalAudience;
  issuer?: string;
  clockToleranceSeconds?: number;
  /**
   * Verified tokens remembered until they expire (keyed by the whole token, signature included).
   * The gateway reuses one token per subgraph per request, so a query plan that calls this
   * subgraph twice pays for one Ed25519 verification (≈ 0.1 ms here). 0 disables.
   */
  cacheMaxEntries?: number;
  clock?: Clock;
}

function decodeJson(part: string): unknown {
  if (!B64URL.test(part)) return undefined;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function isIdList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= MAX_LIST_LENGTH && value.every(isId);
}

/** Callers get their own arrays: a resolver mutating `roles` must not change a cached principal. */
function copyOf(principal: InternalPrincipal): InternalPrincipal {
  if (principal.kind === 'service') return { ...principal };
  const { actor } = principal;
  return { kind: 'user', actor: { ...actor, roles: [...actor.roles], clinicIds: [...actor.clinicIds] } };
}

export class InternalTokenVerifier {
  private readonly keys: KeyObject[];
  private readonly audience: string;
  private readonly issuer: string;
  private readonly tolerance: number;
  private readonly clock: Clock;
  private readonly cacheMax: number;
  private readonly cache = new Map<string, { principal: InternalPrincipal; exp: number }>();

  constructor(opts: InternalTokenVerifierOptions) {
    const keys = Array.isArray(opts.publicKey) ? opts.publicKey : [opts.publicKey as KeyObject | string];
    if (keys.length === 0) throw new Error('InternalTokenVerifier needs at least one public key');
    this.keys = keys.map(toInternalPublicKey);
    this.audience = opts.audience;
    this.issuer = opts.issuer ?? INTERNAL_TOKEN_DEFAULT_ISSUER;
    this.tolerance = opts.clockToleranceSeconds ?? 5;
    if (!Number.isInteger(this.tolerance) || this.tolerance < 0 || this.tolerance > 60) {
      throw new Error('clockToleranceSeconds must be an integer in 0..60');
    }
    this.clock = opts.clock ?? Date.now;
    this.cacheMax = opts.cacheMaxEntries ?? 1024;
  }

  /** Throws `unauthenticated()` — always the same message — for any defect. */
  verify(token: string): InternalPrincipal {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw unauthenticated();
    const hit = this.cache.get(token);
    if (hit) {
      if (hit.exp + this.tolerance > Math.floor(this.clock() / 1000)) return copyOf(hit.principal);
      this.cache.delete(token);
    }
    const checked = this.check(token);
    if (!checked) throw unauthenticated();
    if (this.cacheMax > 0) {
      if (this.cache.size >= this.cacheMax) {
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
      this.cache.set(token, checked);
    }
    return copyOf(checked.principal);
  }

  private check(token: string): { principal: InternalPrincipal; exp: number } | undefined {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [headerB64, payloadB64, signatureB64] = parts as [string, string, string];

    // Only our exact algorithm: no `none`, no HS256 keyed with the public key, no embedded keys.
    const header = decodeJson(headerB64);
    if (!isRecord(header) || header.alg !== 'EdDSA' || header.typ !== INTERNAL_TOKEN_TYPE) return undefined;
    for (const key of Object.keys(header)) if (!ALLOWED_HEADER_KEYS.has(key)) return undefined;

    // Claims before the signature: a stale or misaddressed token costs no signature check.
    const claims = decodeJson(payloadB64);
    if (!isRecord(claims)) return undefined;
    const principal = this.principalFrom(claims);
    if (!principal) return undefined;
    const exp = claims.exp as number;

    if (signatureB64.length !== SIGNATURE_B64_LENGTH || !B64URL.test(signatureB64)) return undefined;
    const signature = Buffer.from(signatureB64, 'base64url');
    const input = Buffer.from(`${headerB64}.${payloadB64}`);
    for (const key of this.keys) if (verify(null, input, key, signature)) return { principal, exp };
    return undefined;
  }

  private principalFrom(c: Record<string, unknown>): InternalPrincipal | undefined {
    const now = Math.floor(this.clock() / 1000);
    const { iat, exp } = c;
    if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return undefined;
    const issuedAt = iat as number;
    const expiresAt = exp as number;
    if (expiresAt <= issuedAt || expiresAt - issuedAt > INTERNAL_TOKEN_MAX_TTL_SECONDS) return undefined;
    if (expiresAt + this.tolerance <= now || issuedAt - this.tolerance > now) return undefined;
    if (c.iss !== this.issuer || c.aud !== this.audience) return undefined;
    if (!isId(c.sub) || !isId(c.rid)) return undefined;

    if (c.kind === 'service') return { kind: 'service', service: c.sub, requestId: c.rid };
    if (c.kind !== 'user') return undefined;
    // Fail closed on anything this build does not know: an unknown role is a refused token.
    if (!isId(c.agency) || !isAgencyType(c.agencyType)) return undefined;
    if (!Array.isArray(c.roles) || c.roles.length > 32 || !c.roles.every(isRole)) return undefined;
    if (!isIdList(c.clinicIds)) return undefined;
    return {
      kind: 'user',
      actor: {
        userId: c.sub,
        agencyId: c.agency,
        agencyType: c.agencyType,
        roles: [...c.roles],
        clinicIds: [...c.clinicIds],
        requestId: c.rid,
      },
    };
  }
}
