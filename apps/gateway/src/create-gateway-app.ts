import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import type { GatewayConfig } from './gateway.config.js';
import { createGatewayRuntime } from './gateway.runtime.js';
import {
  bodyErrorHandler,
  characterLimitMiddleware,
  jsonOnlyMiddleware,
  requestIdMiddleware,
  requestScopeMiddleware,
  securityHeadersMiddleware,
} from './http.middleware.js';
import { createLogger, PinoNestLogger, type Logger } from './logger.js';

export interface CreateGatewayAppOptions {
  /** A logger to use instead of one built from `config.logLevel` (tests pass a silent one). */
  logger?: Logger;
}

/**
 * Builds and initialises the gateway (supergraph loaded, routes mounted) without listening, so
 * main.ts, tests and the bench choose the port (0 in tests).
 */
export async function createGatewayApp(
  config: GatewayConfig,
  opts: CreateGatewayAppOptions = {},
): Promise<NestExpressApplication> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const rt = createGatewayRuntime(config, logger);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(rt), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  if (config.corsOrigins.length > 0)
    app.enableCors({ origin: config.corsOrigins, credentials: false, maxAge: 600 });

  // Order matters, and all of it runs before Nest mounts GraphQL and the controllers (at init).
  app.use(requestIdMiddleware(logger));
  app.use(securityHeadersMiddleware());
  app.use('/graphql', jsonOnlyMiddleware());
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.use(bodyErrorHandler(logger, config.bodyLimit));
  app.use(requestScopeMiddleware());
  app.use('/graphql', characterLimitMiddleware(config.characterLimit));

  await app.init();
  return app;
}
