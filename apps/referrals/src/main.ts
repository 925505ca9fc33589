import { pem, pemList } from '@scp/platform-config';
import { createLogger } from '@scp/platform-logging';
import { serveSubgraph } from '@scp/platform-runtime';
import { loadReferralsConfig } from './referrals.config.js';
import { createReferralsApp } from './create-referrals-app.js';

const config = loadReferralsConfig();
const logger = createLogger('referrals');
const { app, close } = await createReferralsApp({
  databaseUrl: config.DATABASE_URL,
  internalPublicKey: pem(config.INTERNAL_JWT_PUBLIC_KEY),
  serviceCallerKeys: pemList(config.REFERRALS_SERVICE_CALLER_KEYS),
  production: config.NODE_ENV === 'production',
  logger,
  redisUrl: config.REDIS_URL,
  queuePrefix: config.QUEUE_PREFIX,
});
await serveSubgraph({
  service: 'referrals',
  app,
  close,
  port: config.REFERRALS_PORT,
  host: config.REFERRALS_HOST,
  logger,
});
