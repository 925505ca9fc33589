import { DevIssuer, InternalTokenSigner, InternalTokenVerifier, UserTokenVerifier } from '@scp/platform-auth';
import { subscribeActorChanges } from '@scp/platform-messaging';
import { ActorResolver } from './actor.resolver.js';
import { CasesInternalClient } from './cases-internal.client.js';
import type { GatewayConfig } from './gateway.config.js';
import { createKeepAliveFetcher, type KeepAliveFetcher } from './keep-alive-fetcher.js';
import type { Logger } from './logger.js';

/** Injection token for the runtime (plain objects built once from the config, shared by providers). */
export const GATEWAY_RUNTIME = Symbol('GATEWAY_RUNTIME');

export interface GatewayRuntime {
  config: GatewayConfig;
  logger: Logger;
  signer: InternalTokenSigner;
  userTokens: UserTokenVerifier;
  /**
   * Verifies the web server's service token on session events (GATEWAY_WEB_CALLER_KEYS); absent
   * only in development without the keys, where the user's token alone is taken.
   */
  webCaller?: InternalTokenVerifier;
  /** Present only in development without an identity provider. */
  devIssuer?: DevIssuer;
  fetcher: KeepAliveFetcher;
  cases: CasesInternalClient;
  actors: ActorResolver;
  state: { ready: boolean };
  close(): Promise<void>;
}

export function createGatewayRuntime(config: GatewayConfig, logger: Logger): GatewayRuntime {
  const signer = new InternalTokenSigner({
    privateKey: config.internalKeys.privateKey,
    ttlSeconds: config.internalTokenTtlSeconds,
  });
  const fetcher = createKeepAliveFetcher({
    maxSockets: config.subgraphMaxSockets,
    timeoutMs: config.subgraphTimeoutMs,
  });
  const cases = new CasesInternalClient(
    config.casesBaseUrl,
    signer,
    fetcher,
    logger,
    config.actorLookupTimeoutMs,
  );

  let devIssuer: DevIssuer | undefined;
  let userTokens: UserTokenVerifier;
  if (config.auth.mode === 'oidc') {
    userTokens = new UserTokenVerifier({
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      jwksUrl: config.auth.jwksUrl,
    });
  } else {
    if (config.production) throw new Error('the dev issuer cannot run in production');
    devIssuer = new DevIssuer({
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      privateKey: config.auth.privateKeyPem,
    });
    userTokens = new UserTokenVerifier({
      issuer: devIssuer.issuer,
      audience: devIssuer.audience,
      jwks: devIssuer.jwks(),
    });
  }
  // The actor cache is used only while the directory's change announcements can reach us.
  const actors = new ActorResolver(cases, config.redisUrl ? config.actorCacheTtlMs : 0, {
    staleIfErrorMs: config.redisUrl ? config.actorStaleIfErrorMs : 0,
    logger,
  });
  const changes = config.redisUrl ? subscribeActorChanges(config.redisUrl, actors) : undefined;
  const webCaller = config.webCallerKeys
    ? new InternalTokenVerifier({ publicKey: config.webCallerKeys, audience: 'gateway', cacheMaxEntries: 0 })
    : undefined;
  return {
    config,
    logger,
    signer,
    userTokens,
    webCaller,
    devIssuer,
    fetcher,
    cases,
    actors,
    state: { ready: false },
    close: async () => {
      await changes?.close();
      fetcher.destroy();
    },
  };
}
