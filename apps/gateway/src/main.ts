import { closeOnSignals, configureServerKeepAlive } from '@scp/platform-config';
import { createGatewayApp } from './create-gateway-app.js';
import { loadGatewayConfig } from './gateway.config.js';
import { createLogger } from './logger.js';

const config = loadGatewayConfig(process.env);
const logger = createLogger(config.logLevel);
const app = await createGatewayApp(config, { logger });
configureServerKeepAlive(app.getHttpServer());
await app.listen(config.port, config.host);
logger.info(
  {
    url: `http://${config.host}:${config.port}/graphql`,
    auth: config.auth.mode,
    subgraphs: config.subgraphUrls,
    nodeEnv: config.nodeEnv,
  },
  'gateway listening',
);
// Readiness turns false first (HealthController), then in-flight requests finish.
closeOnSignals({ service: 'gateway', close: () => app.close(), logger });
