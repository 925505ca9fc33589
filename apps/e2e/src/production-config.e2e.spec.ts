import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDevKeyPair } from '@scp/platform-auth';
import { loadCasesConfig } from '@scp/cases-app';
import { loadGatewayConfig } from '@scp/gateway-app';
import { loadMeetingsConfig } from '@scp/meetings-app';
import { loadNotificationsConfig } from '@scp/notifications-app';
import { loadReferralsConfig } from '@scp/referrals-app';
import { loadWebConfig } from '@scp/web-app';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const keys = generateDevKeyPair();

/**
 * Each app's built entry point, as production runs it, with NODE_ENV=production and one required
 * value missing. Nothing listens on these addresses: an app that got past its configuration would
 * fail later, on the database, without naming the value.
 */
const PRODUCTION: Record<string, Record<string, string>> = {
  cases: {
    DATABASE_URL: 'postgres://scp:scp@127.0.0.1:9/scp',
    INTERNAL_JWT_PUBLIC_KEY: keys.publicKeyPem,
    REDIS_URL: 'redis://127.0.0.1:9',
    CASES_SERVICE_PRIVATE_KEY: keys.privateKeyPem,
    CASES_SERVICE_CALLER_KEYS: keys.publicKeyPem,
    CASES_NOTIFICATIONS_CALLER_KEYS: keys.publicKeyPem,
    AUDIT_CHECKPOINT_FILE: '/var/lib/scp/audit/checkpoints.jsonl',
    DOCUMENT_S3_BUCKET: 'scp-documents',
  },
  referrals: {
    DATABASE_URL: 'postgres://scp:scp@127.0.0.1:9/scp',
    INTERNAL_JWT_PUBLIC_KEY: keys.publicKeyPem,
    REDIS_URL: 'redis://127.0.0.1:9',
    REFERRALS_SERVICE_CALLER_KEYS: keys.publicKeyPem,
  },
  meetings: {
    DATABASE_URL: 'postgres://scp:scp@127.0.0.1:9/scp',
    INTERNAL_JWT_PUBLIC_KEY: keys.publicKeyPem,
    REDIS_URL: 'redis://127.0.0.1:9',
    MEETINGS_SERVICE_PRIVATE_KEY: keys.privateKeyPem,
  },
  notifications: {
    DATABASE_URL: 'postgres://scp:scp@127.0.0.1:9/scp',
    INTERNAL_JWT_PUBLIC_KEY: keys.publicKeyPem,
    REDIS_URL: 'redis://127.0.0.1:9',
    NOTIFICATIONS_SERVICE_PRIVATE_KEY: keys.privateKeyPem,
  },
  gateway: {
    INTERNAL_JWT_PRIVATE_KEY: keys.privateKeyPem,
    OIDC_ISSUER: 'https://login.example.invalid/realms/scp',
    OIDC_JWKS_URL: 'https://login.example.invalid/realms/scp/certs',
    OIDC_AUDIENCE: 'scp',
    GATEWAY_WEB_CALLER_KEYS: keys.publicKeyPem,
  },
  web: {
    OIDC_ISSUER: 'https://login.example.invalid/realms/scp',
    OIDC_CLIENT_ID: 'scp-web',
    OIDC_REDIRECT_URI: 'https://scp.example.invalid/auth/callback',
    REDIS_URL: 'redis://127.0.0.1:9',
    WEB_SERVICE_PRIVATE_KEY: keys.privateKeyPem,
  },
};

const INVALID = /invalid (gateway )?configuration/i;

function boot(app: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'apps', app, 'dist', 'main.js')], {
      cwd: ROOT,
      // Only what is given: nothing of this machine's environment (a REDIS_URL…) may fill a gap.
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'error',
        GATEWAY_PORT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Each app's configuration loader: what its main.js runs first. */
const LOADERS: Record<string, (env: Record<string, string | undefined>) => unknown> = {
  cases: loadCasesConfig,
  referrals: loadReferralsConfig,
  meetings: loadMeetingsConfig,
  notifications: loadNotificationsConfig,
  gateway: (env) => loadGatewayConfig(env),
  web: loadWebConfig,
};

const withoutValue = (app: string, missing: string) => {
  const env: Record<string, string> = { NODE_ENV: 'production', ...PRODUCTION[app]! };
  delete env[missing];
  return env;
};

describe('production configuration fails closed: each app refuses to start without a required value, naming it', () => {
  const cases = Object.entries(PRODUCTION).flatMap(([app, env]) =>
    Object.keys(env).map((missing) => [app, missing] as const),
  );

  // Every required value, through the loader each app's main.js calls first (in process: fast).
  it.each(cases)('%s without %s', (app, missing) => {
    expect(() => LOADERS[app]!(withoutValue(app, missing))).toThrow(INVALID);
    expect(() => LOADERS[app]!(withoutValue(app, missing))).toThrow(missing);
  });

  it.each(Object.keys(PRODUCTION))('%s with every required value gets past its configuration', (app) => {
    expect(() => LOADERS[app]!({ NODE_ENV: 'production', ...PRODUCTION[app]! })).not.toThrow();
  });

  // And the built entry point, as production runs it, exits at once naming the value: one per app
  // (each boot costs seconds; the loader above covers every value).
  it.each(Object.entries(PRODUCTION).map(([app, env]) => [app, Object.keys(env).at(-1)!] as const))(
    'the built %s refuses to start without %s',
    async (app, missing) => {
      const env = { ...PRODUCTION[app]! };
      delete env[missing];
      const { code, output } = await boot(app, env);
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(output).toContain(missing);
      expect(output).toMatch(INVALID);
    },
    60_000,
  );
});
