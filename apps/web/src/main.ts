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
for (const s of ['SIGINT', 'SIGTERM'] as const)
  process.once(s, () => {
    server.close(() => void web.close().finally(() => process.exit(0)));
    server.closeAllConnections();
  });
