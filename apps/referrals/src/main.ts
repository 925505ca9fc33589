import { closeOnSignals, configureServerKeepAlive } from '@scp/platform-config';
import { createLogger } from '@scp/platform-logging';
import { loadReferralsConfig } from './referrals.config.js';
import { createReferralsApp } from './create-referrals-app.js';

const config = loadReferralsConfig();
const logger = createLogger('referrals');
const { app, close } = await createReferralsApp({
  databaseUrl: config.DATABASE_URL,
  internalPublicKey: config.INTERNAL_JWT_PUBLIC_KEY.replace(/\\n/g, '\n'),
  serviceCallerKeys: config.REFERRALS_SERVICE_CALLER_KEYS?.split(',').map((k) =>
    k.trim().replace(/\\n/g, '\n'),
  ),
  production: config.NODE_ENV === 'production',
  logger,
  redisUrl: config.REDIS_URL,
  queuePrefix: config.QUEUE_PREFIX,
});
configureServerKeepAlive(app.getHttpServer());
await app.listen(config.REFERRALS_PORT, config.REFERRALS_HOST);
logger.info({ port: config.REFERRALS_PORT, host: config.REFERRALS_HOST }, 'referrals subgraph listening');
closeOnSignals({ service: 'referrals', close, logger });
