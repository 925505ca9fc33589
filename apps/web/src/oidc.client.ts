import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { OidcConfig } from './web.config.js';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
}

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

interface TokenResponse {
  access_token?: string;
  id_token?: string;
  expires_in?: number;
  refresh_token?: string;
  /** Not in RFC 6749, but Keycloak and others send it: the refresh token's lifetime in seconds. */
  refresh_expires_in?: number;
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

const b64url = (buf: Buffer) => buf.toString('base64url');

/** RFC 7636: a 43+ character verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = b64url(randomBytes(32));
  return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
}

export const randomToken = () => b64url(randomBytes(24));

/**
 * Authorisation-code flow with PKCE against the configured identity provider. Discovery is read
 * once and kept; the ID token is verified (issuer, audience, nonce) with the provider's JWKS.
 */
export class OidcClient {
  private discovery?: Promise<Discovery>;
  private jwks?: JWTVerifyGetKey;

  constructor(
    private readonly config: OidcConfig,
    private readonly fetcher: typeof fetch = fetch,
  ) {}

  private meta(): Promise<Discovery> {
    this.discovery ??= (async () => {
      const res = await this.fetcher(`${this.config.issuer}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`OIDC discovery failed: HTTP ${res.status}`);
      const d = (await res.json()) as Discovery;
      if (d.issuer.replace(/\/+$/, '') !== this.config.issuer)
        throw new Error('OIDC discovery: issuer mismatch');
      return d;
    })().catch((err: unknown) => {
      this.discovery = undefined;
      throw err;
    });
    return this.discovery;
  }

  async authorizationUrl(p: { state: string; nonce: string; challenge: string }): Promise<string> {
    const d = await this.meta();
    const url = new URL(d.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: this.config.redirectUri,
      scope: this.config.scope,
      state: p.state,
      nonce: p.nonce,
      code_challenge: p.challenge,
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }

  async exchange(code: string, verifier: string, nonce: string): Promise<TokenSet> {
    const t = await this.tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.config.redirectUri,
      code_verifier: verifier,
    });
    let username: string | undefined;
    if (t.id_token) {
      const payload = await this.verifyIdToken(t.id_token);
      if (payload.nonce !== nonce) throw new Error('OIDC ID token nonce mismatch');
      username = typeof payload.preferred_username === 'string' ? payload.preferred_username : payload.sub;
    }
    return this.tokenSet(t, username);
  }

  /**
   * OAuth 2.0 refresh (RFC 6749 section 6) with the same client authentication as the code exchange.
   * The provider may rotate the refresh token; without a new one the old one stays in use. An ID
   * token in the answer must be for the same user (OIDC Core 12.2). Throws `OidcRefreshError`.
   */
  async refresh(refreshToken: string, previousIdToken?: string): Promise<TokenSet> {
    let t: TokenResponse;
    try {
      t = await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
    } catch (err) {
      if (err instanceof OidcRefreshError) throw err;
      throw new OidcRefreshError(err instanceof Error ? err.message : 'OIDC refresh failed', false);
    }
    let username: string | undefined;
    if (t.id_token) {
      const payload = await this.verifyIdToken(t.id_token).catch((err: unknown) => {
        throw new OidcRefreshError(
          `OIDC refresh: ${err instanceof Error ? err.message : 'bad ID token'}`,
          true,
        );
      });
      const before = previousIdToken ? subjectOf(previousIdToken) : undefined;
      if (before !== undefined && payload.sub !== before)
        throw new OidcRefreshError('OIDC refresh: the ID token is for another user', true);
      username = typeof payload.preferred_username === 'string' ? payload.preferred_username : payload.sub;
    }
    return this.tokenSet(t, username);
  }

  private async tokenRequest(params: Record<string, string>): Promise<TokenResponse> {
    const d = await this.meta();
    const body = new URLSearchParams({ ...params, client_id: this.config.clientId });
    if (this.config.clientSecret) body.set('client_secret', this.config.clientSecret);
    const refresh = params.grant_type === 'refresh_token';
    const res = await this.fetcher(d.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) {
      const message = `OIDC ${refresh ? 'refresh' : 'token exchange'} failed: HTTP ${res.status}`;
      // 400/401 (invalid_grant, invalid_client): the provider said no; 5xx and the like may pass.
      throw refresh
        ? new OidcRefreshError(message, res.status >= 400 && res.status < 500)
        : new Error(message);
    }
    const t = (await res.json()) as TokenResponse;
    if (!t.access_token) {
      const message = 'OIDC token response has no access_token';
      throw refresh ? new OidcRefreshError(message, true) : new Error(message);
    }
    return t;
  }

  private async verifyIdToken(idToken: string) {
    const d = await this.meta();
    this.jwks ??= createRemoteJWKSet(new URL(d.jwks_uri));
    const { payload } = await jwtVerify(idToken, this.jwks, {
      issuer: d.issuer,
      audience: this.config.clientId,
    });
    return payload;
  }

  private tokenSet(t: TokenResponse, username: string | undefined): TokenSet {
    const now = Date.now();
    return {
      accessToken: t.access_token!,
      idToken: t.id_token,
      expiresAt: tokenExpiry(t.access_token!, t.expires_in, now),
      username,
      refreshToken: t.refresh_token || undefined,
      refreshExpiresAt:
        typeof t.refresh_expires_in === 'number' && t.refresh_expires_in > 0
          ? now + t.refresh_expires_in * 1000
          : undefined,
    };
  }

  /** The provider's sign-out URL, when it offers one. */
  async endSessionUrl(idToken?: string): Promise<string | undefined> {
    const d = await this.meta().catch(() => undefined);
    if (!d?.end_session_endpoint) return undefined;
    const url = new URL(d.end_session_endpoint);
    if (idToken) url.searchParams.set('id_token_hint', idToken);
    if (this.config.postLogoutRedirectUri)
      url.searchParams.set('post_logout_redirect_uri', this.config.postLogoutRedirectUri);
    url.searchParams.set('client_id', this.config.clientId);
    return url.toString();
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
