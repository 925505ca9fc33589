import { closeOnSignals } from '@scp/platform-config';
import { createLogger } from '@scp/platform-logging';
import { createWebApp } from './create-web-app.js';
import { loadWebConfig } from './web.config.js';

const config = loadWebConfig(process.env);
const logger = createLogger('web', { level: config.logLevel });
const web = createWebApp(config, { logger });
const { server, url } = await web.listen();
logger.info(
  {
    url,
    gateway: config.gatewayUrl,
    signIn: config.oidc ? 'oidc' : 'demo',
    sessions: web.sessions.kind,
    sessionMaxHours: config.sessionMaxMs / 3_600_000,
  },
  'web listening',
);
closeOnSignals({
  service: 'web',
  close: async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await web.close();
  },
  logger,
});
