import { pem } from '@scp/platform-config';
import { createLogger } from '@scp/platform-logging';
import { InternalTokenSigner } from '@scp/platform-auth';
import { serveSubgraph } from '@scp/platform-runtime';
import { HttpClinicDirectory, HttpFreeTextChecker } from '@scp/meetings';
import { inviteSettings, loadMeetingsConfig } from './meetings.config.js';
import { createMeetingsApp } from './create-meetings-app.js';

const config = loadMeetingsConfig();
const logger = createLogger('meetings');
// The cases service's internal endpoints, signed with the meetings service's own key.
const cases = config.MEETINGS_SERVICE_PRIVATE_KEY
  ? {
      baseUrl: config.CASES_INTERNAL_URL,
      signer: new InternalTokenSigner({ privateKey: pem(config.MEETINGS_SERVICE_PRIVATE_KEY) }),
    }
  : undefined;
if (!cases)
  logger.warn(
    'MEETINGS_SERVICE_PRIVATE_KEY is not set: free text is not checked for victim location values, and no one can be invited',
  );
const { app, close } = await createMeetingsApp({
  databaseUrl: config.DATABASE_URL,
  internalPublicKey: pem(config.INTERNAL_JWT_PUBLIC_KEY),
  production: config.NODE_ENV === 'production',
  logger,
  redisUrl: config.REDIS_URL,
  queuePrefix: config.QUEUE_PREFIX,
  freeText: cases && new HttpFreeTextChecker(cases),
  directory: cases && new HttpClinicDirectory(cases),
  invites: inviteSettings(config),
});
await serveSubgraph({
  service: 'meetings',
  app,
  close,
  port: config.MEETINGS_PORT,
  host: config.MEETINGS_HOST,
  logger,
});
