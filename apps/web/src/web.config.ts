import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toInternalPrivateKey } from '@scp/platform-auth';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Confidential clients only; a public client relies on PKCE alone. */
  clientSecret?: string;
  redirectUri: string;
  scope: string;
  /** Where the identity provider sends the browser after sign-out (optional). */
  postLogoutRedirectUri?: string;
}

export interface WebConfig {
  host: string;
  port: number;
  /** The gateway's base URL (no /graphql): GraphQL, /files and the dev issuer live under it. */
  gatewayUrl: string;
  /** Cookies get `Secure` (set when the app is served over https, or WEB_SECURE_COOKIES=true). */
  secureCookies: boolean;
  oidc?: OidcConfig;
  /** Where sessions live: `memory` (one process) or `redis` (shared by replicas, kept on restart). */
  sessionStore: 'memory' | 'redis';
  /** The session store's Redis (WEB_REDIS_URL, else REDIS_URL); set when `sessionStore` is redis. */
  redisUrl?: string;
  /** Namespace of the BFF's Redis keys (WEB_REDIS_KEY_PREFIX, default `scp:web:`). */
  redisKeyPrefix: string;
  /** A session's absolute lifetime in ms (WEB_SESSION_MAX_HOURS, default 12): refresh stops there. */
  sessionMaxMs: number;
  /**
   * The web server's own Ed25519 key (WEB_SERVICE_PRIVATE_KEY, PEM): it signs the session events
   * it reports to the gateway, whose GATEWAY_WEB_CALLER_KEYS holds the public half. Required in
   * production.
   */
  serviceKey?: KeyObject;
  /** The Vite build the server serves. */
  clientDir: string;
  logLevel: string;
}

/** The Vite build: apps/web/dist/client, from src/ (tests) and from dist/ (the built server). */
export const DEFAULT_CLIENT_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../dist/client',
);

/** Reads and checks the environment; every problem is reported at once. */
export function loadWebConfig(env: Record<string, string | undefined>): WebConfig {
  const problems: string[] = [];
  const port = Number(env.WEB_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('WEB_PORT must be a port number');
  const gatewayUrl = (env.GATEWAY_URL ?? 'http://127.0.0.1:4000')
    .replace(/\/+$/, '')
    .replace(/\/graphql$/, '');
  if (!/^https?:\/\//.test(gatewayUrl)) problems.push('GATEWAY_URL must be an http(s) URL');
  const production = env.NODE_ENV === 'production';
  let oidc: OidcConfig | undefined;
  if (env.OIDC_ISSUER || env.OIDC_CLIENT_ID) {
    for (const v of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_REDIRECT_URI'])
      if (!env[v]) problems.push(`${v} is required when OIDC is configured`);
    if (production && env.OIDC_ISSUER && !env.OIDC_ISSUER.startsWith('https://'))
      problems.push('OIDC_ISSUER must be https in production');
    oidc = {
      issuer: (env.OIDC_ISSUER ?? '').replace(/\/+$/, ''),
      clientId: env.OIDC_CLIENT_ID ?? '',
      clientSecret: env.OIDC_CLIENT_SECRET || undefined,
      redirectUri: env.OIDC_REDIRECT_URI ?? '',
      scope: env.OIDC_SCOPE || 'openid profile',
      postLogoutRedirectUri: env.OIDC_POST_LOGOUT_REDIRECT_URI || undefined,
    };
  } else if (production)
    problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_REDIRECT_URI are required in production');
  const redisUrl = env.WEB_REDIS_URL || env.REDIS_URL || undefined;
  const storeSetting = env.WEB_SESSION_STORE || (redisUrl ? 'redis' : 'memory');
  if (storeSetting !== 'redis' && storeSetting !== 'memory')
    problems.push('WEB_SESSION_STORE must be redis or memory');
  // Several replicas share sessions, and a restart must not sign everyone out: no memory store.
  if (production && storeSetting !== 'redis')
    problems.push('WEB_REDIS_URL or REDIS_URL is required in production (sessions live in Redis)');
  if (storeSetting === 'redis' && !redisUrl)
    problems.push('WEB_SESSION_STORE=redis needs WEB_REDIS_URL or REDIS_URL');
  if (storeSetting === 'redis' && redisUrl && !/^rediss?:\/\//.test(redisUrl))
    problems.push('WEB_REDIS_URL/REDIS_URL must be a redis:// URL');
  const maxHours = Number(env.WEB_SESSION_MAX_HOURS || 12);
  if (!Number.isFinite(maxHours) || maxHours <= 0 || maxHours > 24 * 30)
    problems.push('WEB_SESSION_MAX_HOURS must be a number of hours above 0 (at most 720)');
  let serviceKey: KeyObject | undefined;
  const servicePem = env.WEB_SERVICE_PRIVATE_KEY?.trim().replace(/\\n/g, '\n');
  if (servicePem) {
    try {
      serviceKey = toInternalPrivateKey(servicePem);
    } catch {
      problems.push('WEB_SERVICE_PRIVATE_KEY: not an Ed25519 private key (PEM)');
    }
  } else if (production)
    problems.push(
      'WEB_SERVICE_PRIVATE_KEY is required in production (it signs the session events for the audit)',
    );
  const secureCookies =
    env.WEB_SECURE_COOKIES === 'true' || (env.WEB_SECURE_COOKIES !== 'false' && production);
  if (problems.length) throw new Error(`web: invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    host: env.WEB_HOST || '127.0.0.1',
    port,
    gatewayUrl,
    secureCookies,
    oidc,
    sessionStore: storeSetting === 'redis' ? 'redis' : 'memory',
    redisUrl: storeSetting === 'redis' ? redisUrl : undefined,
    redisKeyPrefix: env.WEB_REDIS_KEY_PREFIX || 'scp:web:',
    sessionMaxMs: Math.round(maxHours * 3_600_000),
    serviceKey,
    clientDir: env.WEB_CLIENT_DIR || DEFAULT_CLIENT_DIR,
    logLevel: env.LOG_LEVEL || 'info',
  };
}
