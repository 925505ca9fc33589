import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
  const secureCookies =
    env.WEB_SECURE_COOKIES === 'true' || (env.WEB_SECURE_COOKIES !== 'false' && production);
  if (problems.length) throw new Error(`web: invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    host: env.WEB_HOST || '127.0.0.1',
    port,
    gatewayUrl,
    secureCookies,
    oidc,
    clientDir: env.WEB_CLIENT_DIR || DEFAULT_CLIENT_DIR,
    logLevel: env.LOG_LEVEL || 'info',
  };
}
