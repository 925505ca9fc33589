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
  /** Epoch ms. */
  expiresAt: number;
  username?: string;
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
    const d = await this.meta();
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.config.redirectUri,
      client_id: this.config.clientId,
      code_verifier: verifier,
    });
    if (this.config.clientSecret) body.set('client_secret', this.config.clientSecret);
    const res = await this.fetcher(d.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`OIDC token exchange failed: HTTP ${res.status}`);
    const t = (await res.json()) as { access_token?: string; id_token?: string; expires_in?: number };
    if (!t.access_token) throw new Error('OIDC token response has no access_token');
    let username: string | undefined;
    if (t.id_token) {
      this.jwks ??= createRemoteJWKSet(new URL(d.jwks_uri));
      const { payload } = await jwtVerify(t.id_token, this.jwks, {
        issuer: d.issuer,
        audience: this.config.clientId,
      });
      if (payload.nonce !== nonce) throw new Error('OIDC ID token nonce mismatch');
      username = typeof payload.preferred_username === 'string' ? payload.preferred_username : payload.sub;
    }
    return {
      accessToken: t.access_token,
      idToken: t.id_token,
      expiresAt: tokenExpiry(t.access_token, t.expires_in),
      username,
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
