import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

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
