import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { ValidateBy, ValidateIf, validateSync } from 'class-validator';

export class ConfigError extends Error {}

/**
 * Typed, validated configuration checked at boot: `cls` is a class decorated with
 * class-validator rules (and class-transformer `@Type`/`@Transform` for numbers and booleans).
 * Unknown keys are ignored; every failure is reported at once, naming the variable, never its value.
 */
export function loadConfig<T extends object>(
  cls: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  const instance = plainToInstance(
    cls,
    { ...env },
    { enableImplicitConversion: true, exposeDefaultValues: true },
  );
  const errors = validateSync(instance as object, {
    whitelist: true,
    forbidUnknownValues: false,
    skipMissingProperties: false,
  });
  if (errors.length) {
    const lines = errors.map((e) => `${e.property}: ${Object.keys(e.constraints ?? {}).join(', ')}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return instance;
}

export const isProduction = (env: Record<string, string | undefined> = process.env) =>
  env.NODE_ENV === 'production';

/**
 * Optional in development; with NODE_ENV=production a non-empty value is required, so an app
 * refuses to start rather than run without the part that needs it (the free-text check, cases from
 * accepted referrals, events leaving the service…). Put it in place of `@IsOptional()`.
 */
export function RequiredInProduction(): PropertyDecorator {
  return (target, key) => {
    ValidateIf(
      (o: Record<string, string | undefined>, value: unknown) =>
        isProduction(o) || (value != null && value !== ''),
    )(target, key);
    ValidateBy({
      name: 'requiredInProduction',
      validator: {
        validate: (value) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: (args) => `${args?.property ?? 'value'} is required in production`,
      },
    })(target, key);
  };
}

export {
  CLIENT_KEEP_ALIVE_IDLE_MS,
  configureServerKeepAlive,
  SERVER_HEADERS_TIMEOUT_MS,
  SERVER_KEEP_ALIVE_TIMEOUT_MS,
} from './http-keep-alive.js';
export {
  closeOnSignals,
  SHUTDOWN_TIMEOUT_MS,
  type GracefulShutdownOptions,
  type ShutdownLogger,
} from './graceful-shutdown.js';
export { pem, pemList, SubgraphConfig } from './subgraph-config.js';
