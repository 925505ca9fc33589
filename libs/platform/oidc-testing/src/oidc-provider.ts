import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Adapter, type AdapterPayload, type Configuration } from 'oidc-provider';

/**
 * A real OpenID provider for tests: `oidc-provider` (OpenID Certified), in this process on a free
 * port, with a client for the web server (confidential, client_secret_post, PKCE required), JWT
 * access tokens for the API (audience `API_AUDIENCE`), rotating refresh tokens, RP-initiated
 * logout, and a minimal interaction: the user named by `signInAs` is signed in at once and the
 * grant is given (a first-party client, no consent screen).
 */
export const PROVIDER_CLIENT_ID = 'scp-web';
export const PROVIDER_CLIENT_SECRET = 'provider-client-secret-for-tests';
export const API_AUDIENCE = 'scp';
const API_RESOURCE = 'https://api.scp.test/';
const SCOPE = 'openid profile';

export interface TestProviderOptions {
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** Seconds. */
  accessTokenTtl?: number;
  refreshTokenTtl?: number;
  sessionTtl?: number;
}

export interface TestProvider {
  issuer: string;
  jwksUrl: string;
  provider: Provider;
  /** The account signed in at the next interaction (its `preferred_username`: `user.<id>`). */
  signInAs: { accountId: string };
  /** Token endpoint grants, by grant type: granted, and refused (`error`). */
  tokenCalls: (grant: string, outcome?: 'ok' | 'error') => number;
  close(): Promise<void>;
}

type Payload = AdapterPayload & { grantId?: string; userCode?: string; uid?: string };

/** The provider's storage, in memory for one test (its own adapter: the built-in one warns). */
class MemoryAdapter implements Adapter {
  private static readonly all = new Map<string, Payload>();
  constructor(private readonly model: string) {}
  private key = (id: string) => `${this.model}:${id}`;
  upsert(id: string, payload: Payload): Promise<void> {
    MemoryAdapter.all.set(this.key(id), payload);
    return Promise.resolve();
  }
  find(id: string): Promise<Payload | undefined> {
    return Promise.resolve(MemoryAdapter.all.get(this.key(id)));
  }
  private findBy(test: (p: Payload) => boolean): Promise<Payload | undefined> {
    for (const [k, p] of MemoryAdapter.all)
      if (k.startsWith(`${this.model}:`) && test(p)) return Promise.resolve(p);
    return Promise.resolve(undefined);
  }
  findByUserCode = (userCode: string) => this.findBy((p) => p.userCode === userCode);
  findByUid = (uid: string) => this.findBy((p) => p.uid === uid);
  consume(id: string): Promise<void> {
    const p = MemoryAdapter.all.get(this.key(id));
    if (p) p.consumed = Math.floor(Date.now() / 1000);
    return Promise.resolve();
  }
  destroy(id: string): Promise<void> {
    MemoryAdapter.all.delete(this.key(id));
    return Promise.resolve();
  }
  revokeByGrantId(grantId: string): Promise<void> {
    for (const [k, p] of MemoryAdapter.all) if (p.grantId === grantId) MemoryAdapter.all.delete(k);
    return Promise.resolve();
  }
}

export async function startTestProvider(opts: TestProviderOptions): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-1', alg: 'RS256', use: 'sig' };

  const config: Configuration = {
    clients: [
      {
        client_id: PROVIDER_CLIENT_ID,
        client_secret: PROVIDER_CLIENT_SECRET,
        redirect_uris: [opts.redirectUri],
        post_logout_redirect_uris: [opts.postLogoutRedirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-1'] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['preferred_username'] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, preferred_username: `user.${sub}` }),
    }),
    ttl: {
      AccessToken: opts.accessTokenTtl ?? 3600,
      IdToken: 3600,
      RefreshToken: opts.refreshTokenTtl ?? 86_400,
      Session: opts.sessionTtl ?? 86_400,
      Grant: 86_400,
      Interaction: 600,
      AuthorizationCode: 60,
    },
    // The web server asks for `openid profile` (no offline_access): refresh tokens anyway, for
    // the session's life, each good once (rotated at every use).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    loadExistingGrant: async (ctx) => {
      const grantId =
        ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope(SCOPE);
      grant.addResourceScope(API_RESOURCE, SCOPE);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = `<!doctype html><title>Sign out</title>${form}<button form="op.logoutForm" name="logout" value="yes">Sign out</button>`;
        },
      },
      revocation: { enabled: true },
      // JWT access tokens for the API, as the gateway verifies them (signature, issuer, audience).
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: SCOPE,
          audience: API_AUDIENCE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: opts.accessTokenTtl ?? 3600,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  };
  const provider = new Provider(issuer, { ...config, adapter: MemoryAdapter });
  const calls = new Map<string, number>();
  const count = (outcome: string) => (ctx: { oidc: { params?: unknown } }) => {
    const key = `${outcome}:${String((ctx.oidc.params as { grant_type?: unknown } | undefined)?.grant_type)}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
  };
  provider.on('grant.success', count('ok'));
  provider.on('grant.error', count('error'));
  const signInAs = { accountId: 'user-42' };
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/interaction/')) {
      // The whole interaction: sign the test's user in and go back to the authorisation.
      void provider
        .interactionFinished(
          req,
          res,
          { login: { accountId: signInAs.accountId } },
          { mergeWithLastSubmission: false },
        )
        .catch(() => {
          res.statusCode = 400;
          res.end();
        });
      return;
    }
    void callback(req, res);
  });
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    provider,
    signInAs,
    tokenCalls: (grant, outcome = 'ok') => calls.get(`${outcome}:${grant}`) ?? 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
