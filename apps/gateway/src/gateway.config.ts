import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KeyObject } from 'node:crypto';
import { SUBGRAPHS } from '@scp/contracts';
import {
  loadInternalKeys,
  oidcConfigFromEnv,
  toInternalPublicKey,
  type OidcConfig,
} from '@scp/platform-auth';
import { readSubgraphs } from './supergraph.js';

export const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(
  new URL('../../../prisma-free-schemas/supergraph.graphql', import.meta.url),
);

export type GatewayAuthConfig =
  | ({ mode: 'oidc' } & OidcConfig)
  | {
      mode: 'dev';
      issuer: string;
      audience: string;
      /** PEM; absent → a key generated at boot (dev tokens then die with the process). */
      privateKeyPem?: string;
    };

export interface GatewayConfig {
  nodeEnv: string;
  production: boolean;
  host: string;
  port: number;
  supergraphSdl: string;
  /** Effective URL per subgraph name: the supergraph's, overridden by SUBGRAPH_URL_<NAME>. */
  subgraphUrls: Record<string, string>;
  /** The cases service without `/graphql`: home of `/internal/actor` and `/internal/demo-users`. */
  casesBaseUrl: string;
  auth: GatewayAuthConfig;
  internalKeys: { privateKey: KeyObject; publicKey: KeyObject };
  internalTokenTtlSeconds: number;
  /**
   * The web server's public key(s) (GATEWAY_WEB_CALLER_KEYS, comma-separated PEM): only a caller
   * holding the matching private key may report session events (sign-in, refresh, sign-out) for
   * the audit. Required in production; in development without it the user's token alone is taken.
   */
  webCallerKeys?: KeyObject[];
  /** How long a resolved actor (roles, agency, clinics) is reused; 0 disables the cache. */
  actorCacheTtlMs: number;
  /**
   * How long the last actor record may stand in while the directory is unreachable (only while
   * change announcements are live, dropped on any change to it; docs/degradation.md); 0 disables.
   */
  actorStaleIfErrorMs: number;
  /** The longest a request waits for the directory before the outage rules apply. */
  actorLookupTimeoutMs: number;
  /**
   * Where the directory announces changes to users and agencies. Without it the actor cache is
   * off: nothing would tell this gateway that a role was revoked.
   */
  redisUrl?: string;
  subgraphTimeoutMs: number;
  subgraphMaxSockets: number;
  bodyLimit: string;
  characterLimit: number;
  logLevel: string;
  corsOrigins: string[];
}

export class GatewayConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid gateway configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'GatewayConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** Upper-cased, non-alphanumerics as `_`: `cases` → `SUBGRAPH_URL_CASES`. */
export function subgraphUrlEnvName(name: string): string {
  return `SUBGRAPH_URL_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Typed, validated gateway configuration, read once at boot; every problem is reported at once.
 * `overrides` lets tests and the bench pass a supergraph they composed in memory.
 */
export function loadGatewayConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { supergraphSdl?: string } = {},
): GatewayConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  const production = nodeEnv === 'production';

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer in ${min}..${max}`);
      return fallback;
    }
    return value;
  };

  const host = env.GATEWAY_HOST?.trim() || '127.0.0.1';
  const port = int('GATEWAY_PORT', 4000, 0, 65535);

  let supergraphSdl = overrides.supergraphSdl ?? '';
  const supergraphPath = env.SUPERGRAPH_PATH?.trim() || DEFAULT_SUPERGRAPH_PATH;
  if (!overrides.supergraphSdl) {
    try {
      supergraphSdl = fs.readFileSync(supergraphPath, 'utf8');
    } catch {
      problems.push(
        `SUPERGRAPH_PATH: cannot read ${supergraphPath} (compose it with npm run schemas:update)`,
      );
    }
  }

  const subgraphUrls: Record<string, string> = {};
  if (supergraphSdl) {
    try {
      for (const { name, url } of readSubgraphs(supergraphSdl)) {
        // The name is the internal token's audience: an unknown one would mint tokens nobody accepts.
        if (!(SUBGRAPHS as readonly string[]).includes(name)) {
          problems.push(`supergraph subgraph "${name}" is not one of ${SUBGRAPHS.join(', ')}`);
          continue;
        }
        const override = env[subgraphUrlEnvName(name)]?.trim();
        const effective = override || url;
        if (!effective) {
          problems.push(`subgraph ${name} has no URL (set ${subgraphUrlEnvName(name)})`);
          continue;
        }
        try {
          const parsed = new URL(effective);
          if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
          subgraphUrls[name] = effective;
        } catch {
          problems.push(`${subgraphUrlEnvName(name)}: not an http(s) URL`);
        }
      }
    } catch (e) {
      problems.push(`supergraph: ${(e as Error).message}`);
    }
  }
  const casesUrl = subgraphUrls.cases;
  if (supergraphSdl && !casesUrl)
    problems.push('the supergraph has no `cases` subgraph (needed to resolve actors)');
  const casesBaseUrl = (casesUrl ?? '').replace(/\/graphql\/?$/, '').replace(/\/$/, '');

  let auth: GatewayAuthConfig | undefined;
  try {
    const oidc = oidcConfigFromEnv(env);
    if (oidc) {
      const jwks = new URL(oidc.jwksUrl);
      if (production && jwks.protocol !== 'https:' && !isLoopback(jwks))
        problems.push('OIDC_JWKS_URL must be https in production');
      auth = { mode: 'oidc', ...oidc };
    } else if (production) {
      problems.push(
        'OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE are required in production (the dev issuer is off)',
      );
    } else {
      auth = {
        mode: 'dev',
        issuer: env.DEV_ISSUER_URL?.trim() || `http://${host}:${port}/auth/dev`,
        audience: env.DEV_ISSUER_AUDIENCE?.trim() || 'scp-dev',
        privateKeyPem: env.DEV_ISSUER_PRIVATE_KEY?.trim() || undefined,
      };
    }
  } catch (e) {
    problems.push((e as Error).message);
  }

  let internalKeys: GatewayConfig['internalKeys'] | undefined;
  try {
    const keys = loadInternalKeys({ ...env, NODE_ENV: nodeEnv }, { requirePrivateKey: true });
    internalKeys = { privateKey: keys.privateKey as KeyObject, publicKey: keys.publicKey };
  } catch (e) {
    problems.push((e as Error).message);
  }

  let webCallerKeys: KeyObject[] | undefined;
  const webKeys = (env.GATEWAY_WEB_CALLER_KEYS ?? '')
    .split(',')
    .map((k) => k.trim().replace(/\\n/g, '\n'))
    .filter(Boolean);
  if (webKeys.length > 0) {
    try {
      webCallerKeys = webKeys.map((k) => toInternalPublicKey(k));
    } catch {
      problems.push('GATEWAY_WEB_CALLER_KEYS: not Ed25519 public keys (PEM)');
    }
  } else if (production) {
    problems.push(
      "GATEWAY_WEB_CALLER_KEYS is required in production (the web server's public key: only it reports sign-ins)",
    );
  }

  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const config = {
    nodeEnv,
    production,
    host,
    port,
    supergraphSdl,
    subgraphUrls,
    casesBaseUrl,
    auth,
    internalKeys,
    internalTokenTtlSeconds: int('INTERNAL_JWT_TTL_SECONDS', 30, 1, 60),
    webCallerKeys,
    actorCacheTtlMs: int('ACTOR_CACHE_TTL_MS', 5000, 0, 60_000),
    actorStaleIfErrorMs: int('ACTOR_STALE_IF_ERROR_MS', 900_000, 0, 3_600_000),
    actorLookupTimeoutMs: int('ACTOR_LOOKUP_TIMEOUT_MS', 2_000, 100, 60_000),
    redisUrl: env.REDIS_URL?.trim() || undefined,
    subgraphTimeoutMs: int('SUBGRAPH_TIMEOUT_MS', 10_000, 100, 120_000),
    subgraphMaxSockets: int('SUBGRAPH_MAX_SOCKETS', 64, 1, 1024),
    bodyLimit: env.GATEWAY_BODY_LIMIT?.trim() || '100kb',
    characterLimit: int('GATEWAY_CHARACTER_LIMIT', 15_000, 100, 1_000_000),
    logLevel,
    corsOrigins: (env.GATEWAY_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  };
  if (problems.length > 0) throw new GatewayConfigError(problems);
  return config as GatewayConfig;
}
