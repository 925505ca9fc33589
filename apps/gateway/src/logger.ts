import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface RequestScope {
  requestId: string;
}

/**
 * The request scope travels with the async call chain, so every line logged while a request is
 * handled — ours, Apollo's, the error masker's — carries its request id without threading a
 * logger through every call.
 */
export const requestScope = new AsyncLocalStorage<RequestScope>();

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'gateway' },
      mixin: () => {
        const scope = requestScope.getStore();
        return scope ? { requestId: scope.requestId } : {};
      },
      // Belt and braces: we never log headers or bodies, but if someone does, tokens stay out.
      redact: {
        paths: ['authorization', '*.authorization', 'headers.authorization', 'token', '*.token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** Nest's own messages (boot, routes, exceptions) as JSON lines through the same logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
