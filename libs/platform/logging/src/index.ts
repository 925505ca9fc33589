import { activeTraceIds } from '@scp/platform-telemetry';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured JSON logs. Personal-data paths are redacted by default so that a careless
 * `log.info({ input })` cannot write a victim's address to disk.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'authorization',
  'token',
  'password',
  '*.password',
  'input',
  '*.input',
  'variables',
  '*.variables',
  'body',
  '*.body',
];

export function createLogger(service: string, opts: { level?: string } = {}): Logger {
  const level = opts.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info');
  return pino({
    name: service,
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // The trace a line belongs to (when tracing is on), to go from a log line to its trace.
    mixin: activeTraceIds,
  });
}
