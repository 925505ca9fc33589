import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDevKeyPair } from '@scp/platform-auth';

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
  },
  web: {
    OIDC_ISSUER: 'https://login.example.invalid/realms/scp',
    OIDC_CLIENT_ID: 'scp-web',
    OIDC_REDIRECT_URI: 'https://scp.example.invalid/auth/callback',
    REDIS_URL: 'redis://127.0.0.1:9',
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
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('production configuration fails closed: each app refuses to start without a required value, naming it', () => {
  const cases = Object.entries(PRODUCTION).flatMap(([app, env]) =>
    Object.keys(env).map((missing) => [app, missing] as const),
  );

  it.each(cases)(
    '%s without %s',
    async (app, missing) => {
      const env = { ...PRODUCTION[app]! };
      delete env[missing];
      const { code, output } = await boot(app, env);
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(output).toContain(missing);
      expect(output).toMatch(INVALID);
    },
    30_000,
  );

  // The gateway needs nothing more to start: it would listen, not fail on a database.
  it.each(Object.keys(PRODUCTION).filter((app) => app !== 'gateway'))(
    '%s with every required value gets past its configuration',
    async (app) => {
      const { output } = await boot(app, PRODUCTION[app]!);
      expect(output).not.toMatch(INVALID);
    },
    30_000,
  );
});
