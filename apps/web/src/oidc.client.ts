import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import type { OidcConfig } from './web.config.js';

export interface TokenSet {
  accessToken: string;
  idToken?: string;
  /** Epoch ms: the access token's expiry. */
  expiresAt: number;
  username?: string;
  /** When the provider issued one (kept server side only). */
  refreshToken?: string;
  /** Epoch ms, when the provider says how long the refresh token lasts (`refresh_expires_in`). */
  refreshExpiresAt?: number;
}

/** A refresh that failed. `rejected`: the provider refused it (the session cannot go on). */
export class OidcRefreshError extends Error {
  constructor(
    message: string,
    readonly rejected: boolean,
  ) {
    super(message);
    this.name = 'OidcRefreshError';
  }
}

/** RFC 7636: a 43+ character verifier and its S256 challenge (openid-client's). */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = client.randomPKCECodeVerifier();
  return { verifier, challenge: await client.calculatePKCECodeChallenge(verifier) };
}

/** A state or nonce value (32 random bytes, base64url). */
export const randomToken = () => client.randomState();

/** The pending sign-in's checks, kept server side between the redirect and the callback. */
export interface PendingChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The HTTP status behind an openid-client error, when there was an answer: a ResponseBodyError or
 * WWWAuthenticateChallengeError has `status`; "unexpected HTTP response status code" has the
 * Response as its cause. (Duck-typed: `instanceof` fails across realms, e.g. under Jest's VM.)
 */
function statusOf(err: unknown): number | undefined {
  const e = err as { status?: unknown; cause?: { status?: unknown; headers?: unknown } } | null;
  if (!e || typeof e !== 'object') return undefined;
  if (typeof e.status === 'number') return e.status;
  if (e.cause && typeof e.cause.status === 'number' && e.cause.headers) return e.cause.status;
  return undefined;
}

/** The network failure (fetch's "fetch failed", a timeout) openid-client wrapped, if that is what it was. */
function networkFailure(err: unknown): Error | undefined {
  for (
    let e = err as { name?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 3;
    e = e.cause as typeof e, depth++
  ) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return e as Error;
    if (e.name === 'TypeError' && e.message === 'fetch failed') return e as Error;
  }
  return undefined;
}

/**
 * Whether a failed refresh means the provider said no (invalid_grant, invalid_client, a bad ID
 * token…), as opposed to a failure that may pass (unreachable, timed out, a 5xx).
 */
function refusedByProvider(err: unknown): boolean {
  const status = statusOf(err);
  if (status !== undefined) return status >= 400 && status < 500;
  return !networkFailure(err);
}

const usernameOf = (claims: client.IDToken | undefined) =>
  claims
    ? typeof claims.preferred_username === 'string'
      ? claims.preferred_username
      : claims.sub
    : undefined;

/**
 * Authorisation-code flow with PKCE, refresh and RP-initiated logout against the configured
 * identity provider, on `openid-client` (OpenID Certified). Discovery is read once and kept (again
 * after a failure); ID tokens are checked by the library (issuer, audience, nonce, expiry) and
 * their signatures verified with the provider's JWKS (non-repudiation checks on). Plain-HTTP
 * providers are allowed only outside production (web.config.ts requires https there).
 */
export class OidcClient {
  private configuration?: Promise<client.Configuration>;

  constructor(
    private readonly config: OidcConfig,
    private readonly fetcher: typeof fetch = fetch,
  ) {}

  private meta(): Promise<client.Configuration> {
    const insecure = new URL(this.config.issuer).protocol === 'http:';
    this.configuration ??= client
      .discovery(
        new URL(this.config.issuer),
        this.config.clientId,
        this.config.clientSecret,
        this.config.clientSecret ? client.ClientSecretPost(this.config.clientSecret) : client.None(),
        {
          [client.customFetch]: (url, options) => this.fetcher(url, options),
          timeout: 10,
          execute: [client.enableNonRepudiationChecks, ...(insecure ? [client.allowInsecureRequests] : [])],
        },
      )
      .catch((err: unknown) => {
        this.configuration = undefined;
        // An unreachable provider is answered like any unreachable upstream (a retryable 503).
        throw networkFailure(err) ?? err;
      });
    return this.configuration;
  }

  async authorizationUrl(p: { state: string; nonce: string; challenge: string }): Promise<string> {
    const c = await this.meta();
    return client
      .buildAuthorizationUrl(c, {
        redirect_uri: this.config.redirectUri,
        scope: this.config.scope,
        state: p.state,
        nonce: p.nonce,
        code_challenge: p.challenge,
        code_challenge_method: 'S256',
      })
      .toString();
  }

  /**
   * The callback's parameters (`code`, `state`, and `iss` when the provider sends it, RFC 9207)
   * exchanged for tokens; state, nonce and PKCE are checked by openid-client.
   */
  async exchange(callbackQuery: URLSearchParams, pending: PendingChecks): Promise<TokenSet> {
    const c = await this.meta();
    const current = new URL(this.config.redirectUri);
    current.search = callbackQuery.toString();
    const t = await client.authorizationCodeGrant(
      c,
      current,
      {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: this.config.scope.split(' ').includes('openid'),
      },
      { redirect_uri: this.config.redirectUri },
    );
    return this.tokenSet(t, usernameOf(t.claims()));
  }

  /**
   * OAuth 2.0 refresh (RFC 6749 section 6) with the same client authentication as the code exchange.
   * The provider may rotate the refresh token; without a new one the old one stays in use. An ID
   * token in the answer must be for the same user (OIDC Core 12.2). Throws `OidcRefreshError`.
   */
  async refresh(refreshToken: string, previousIdToken?: string): Promise<TokenSet> {
    let t: Awaited<ReturnType<typeof client.refreshTokenGrant>>;
    try {
      t = await client.refreshTokenGrant(await this.meta(), refreshToken);
    } catch (err) {
      const status = statusOf(err);
      throw new OidcRefreshError(
        `OIDC refresh failed${status ? `: HTTP ${status}` : ''}: ${err instanceof Error ? err.message : 'error'}`,
        refusedByProvider(err),
      );
    }
    const claims = t.claims();
    const before = previousIdToken ? subjectOf(previousIdToken) : undefined;
    if (claims && before !== undefined && claims.sub !== before)
      throw new OidcRefreshError('OIDC refresh: the ID token is for another user', true);
    return this.tokenSet(t, usernameOf(claims));
  }

  private tokenSet(t: client.TokenEndpointResponse, username: string | undefined): TokenSet {
    const now = Date.now();
    // Not in RFC 6749, but Keycloak and others send it: the refresh token's lifetime in seconds.
    const refreshExpiresIn = (t as { refresh_expires_in?: unknown }).refresh_expires_in;
    return {
      accessToken: t.access_token,
      idToken: t.id_token,
      expiresAt: tokenExpiry(t.access_token, t.expires_in, now),
      username,
      refreshToken: t.refresh_token || undefined,
      refreshExpiresAt:
        typeof refreshExpiresIn === 'number' && refreshExpiresIn > 0
          ? now + refreshExpiresIn * 1000
          : undefined,
    };
  }

  /** The provider's sign-out URL (RP-initiated logout), when it offers one. */
  async endSessionUrl(idToken?: string): Promise<string | undefined> {
    const c = await this.meta().catch(() => undefined);
    if (!c?.serverMetadata().end_session_endpoint) return undefined;
    const params: Record<string, string> = { client_id: this.config.clientId };
    if (idToken) params.id_token_hint = idToken;
    if (this.config.postLogoutRedirectUri)
      params.post_logout_redirect_uri = this.config.postLogoutRedirectUri;
    return client.buildEndSessionUrl(c, params).toString();
  }
}

function subjectOf(jwt: string): string | undefined {
  try {
    return decodeJwt(jwt).sub;
  } catch {
    return undefined;
  }
}

/**
 * When a token expires (epoch ms): its `exp` claim when it is a JWT, else `expires_in`, else one
 * hour. The session ends then; the BFF never keeps a token past its expiry.
 */
export function tokenExpiry(token: string, expiresIn?: number, now = Date.now()): number {
  try {
    const { exp } = decodeJwt(token);
    if (typeof exp === 'number') return exp * 1000;
  } catch {
    // an opaque token
  }
  return now + (expiresIn ?? 3600) * 1000;
}
