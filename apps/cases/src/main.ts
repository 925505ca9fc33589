import { closeOnSignals, configureServerKeepAlive } from '@scp/platform-config';
import { createLogger } from '@scp/platform-logging';
import { InternalTokenSigner } from '@scp/platform-auth';
import { loadCasesConfig } from './cases.config.js';
import { createCasesApp } from './create-cases-app.js';

const config = loadCasesConfig();
const logger = createLogger('cases');
const { app, close } = await createCasesApp({
  databaseUrl: config.DATABASE_URL,
  internalPublicKey: config.INTERNAL_JWT_PUBLIC_KEY.replace(/\\n/g, '\n'),
  production: config.NODE_ENV === 'production',
  devIdentities: config.NODE_ENV !== 'production' && config.DEV_IDENTITIES !== 'false',
  logger,
  redisUrl: config.REDIS_URL,
  queuePrefix: config.QUEUE_PREFIX,
  serviceCallerKeys: config.CASES_SERVICE_CALLER_KEYS?.split(',').map((k) => k.trim().replace(/\\n/g, '\n')),
  notificationsCallerKeys: config.CASES_NOTIFICATIONS_CALLER_KEYS?.split(',').map((k) =>
    k.trim().replace(/\\n/g, '\n'),
  ),
  referralHandoff: config.CASES_SERVICE_PRIVATE_KEY
    ? {
        baseUrl: () => config.REFERRALS_INTERNAL_URL,
        signer: new InternalTokenSigner({
          privateKey: config.CASES_SERVICE_PRIVATE_KEY.replace(/\\n/g, '\n'),
        }),
      }
    : undefined,
  lifecycleSweepIntervalMs: config.LIFECYCLE_SWEEP_INTERVAL_MS,
  auditCheckpoints:
    config.AUDIT_CHECKPOINT_FILE && config.CASES_SERVICE_PRIVATE_KEY
      ? {
          file: config.AUDIT_CHECKPOINT_FILE,
          privateKey: config.CASES_SERVICE_PRIVATE_KEY.replace(/\\n/g, '\n'),
          intervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS,
        }
      : undefined,
});
configureServerKeepAlive(app.getHttpServer());
await app.listen(config.CASES_PORT, config.CASES_HOST);
logger.info({ port: config.CASES_PORT, host: config.CASES_HOST }, 'cases subgraph listening');
closeOnSignals({ service: 'cases', close, logger });
