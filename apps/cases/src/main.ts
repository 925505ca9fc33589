import { pem, pemList } from '@scp/platform-config';
import { createLogger } from '@scp/platform-logging';
import { InternalTokenSigner } from '@scp/platform-auth';
import { serveSubgraph } from '@scp/platform-runtime';
import { loadCasesConfig } from './cases.config.js';
import { createCasesApp } from './create-cases-app.js';

const config = loadCasesConfig();
const logger = createLogger('cases');
const privateKey = config.CASES_SERVICE_PRIVATE_KEY && pem(config.CASES_SERVICE_PRIVATE_KEY);
const { app, close } = await createCasesApp({
  databaseUrl: config.DATABASE_URL,
  internalPublicKey: pem(config.INTERNAL_JWT_PUBLIC_KEY),
  production: config.NODE_ENV === 'production',
  devIdentities: config.NODE_ENV !== 'production' && config.DEV_IDENTITIES !== 'false',
  logger,
  redisUrl: config.REDIS_URL,
  queuePrefix: config.QUEUE_PREFIX,
  serviceCallerKeys: pemList(config.CASES_SERVICE_CALLER_KEYS),
  notificationsCallerKeys: pemList(config.CASES_NOTIFICATIONS_CALLER_KEYS),
  referralHandoff: privateKey
    ? {
        baseUrl: () => config.REFERRALS_INTERNAL_URL,
        signer: new InternalTokenSigner({ privateKey }),
      }
    : undefined,
  lifecycleSweepIntervalMs: config.LIFECYCLE_SWEEP_INTERVAL_MS,
  auditCheckpoints:
    config.AUDIT_CHECKPOINT_FILE && privateKey
      ? {
          file: config.AUDIT_CHECKPOINT_FILE,
          privateKey,
          intervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS,
        }
      : undefined,
});
await serveSubgraph({
  service: 'cases',
  app,
  close,
  port: config.CASES_PORT,
  host: config.CASES_HOST,
  logger,
});
