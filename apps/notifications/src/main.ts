import { pem } from '@scp/platform-config';
import { InternalTokenSigner } from '@scp/platform-auth';
import { createLogger } from '@scp/platform-logging';
import { createMailer } from '@scp/platform-mail';
import { serveSubgraph } from '@scp/platform-runtime';
import { HttpRecipientDirectory } from '@scp/notifications';
import { loadNotificationsConfig } from './notifications.config.js';
import { createNotificationsApp } from './create-notifications-app.js';

const config = loadNotificationsConfig();
const logger = createLogger('notifications');
const web = new URL(config.WEB_BASE_URL);
const mail = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, logger });
const { app, close } = await createNotificationsApp({
  databaseUrl: config.DATABASE_URL,
  redisUrl: config.REDIS_URL,
  internalPublicKey: pem(config.INTERNAL_JWT_PUBLIC_KEY),
  production: config.NODE_ENV === 'production',
  logger,
  queuePrefix: config.QUEUE_PREFIX,
  worker: config.NOTIFICATIONS_ROLE !== 'api',
  reconcileIntervalMs: config.RECONCILE_INTERVAL_MS,
  directory: new HttpRecipientDirectory({
    baseUrl: config.CASES_INTERNAL_URL,
    signer: new InternalTokenSigner({ privateKey: pem(config.NOTIFICATIONS_SERVICE_PRIVATE_KEY) }),
  }),
  mail,
  settings: {
    webBaseUrl: config.WEB_BASE_URL,
    messageIdDomain: `notifications.${web.hostname}`,
    organizer: { name: 'Stalking clinic', email: config.INVITE_ORGANIZER_EMAIL },
  },
});
// A worker-only process still answers /health on its port (no gateway routes to it).
// Graceful shutdown: the worker finishes the jobs in hand, BullMQ returns the rest to the queue.
await serveSubgraph({
  service: 'notifications',
  app,
  close: async () => {
    await close();
    await mail.close?.();
  },
  port: config.NOTIFICATIONS_PORT,
  host: config.NOTIFICATIONS_HOST,
  logger,
  message: 'notifications service listening',
  fields: { role: config.NOTIFICATIONS_ROLE },
});
