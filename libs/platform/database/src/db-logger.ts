import type { Logger as TypeOrmLogger } from 'typeorm';

/** The subset of a pino logger the platform libraries use. */
export interface PlatformLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

const QUERY_TEXT_LIMIT = 500;

/** Fields of a PostgreSQL error that describe it without echoing stored values. */
function describePgError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: typeof error };
  const e = error as Error & {
    code?: string;
    constraint?: string;
    table?: string;
    schema?: string;
    column?: string;
  };
  // `message` and `detail` are left out on purpose: PostgreSQL puts values in them
  // (`invalid input syntax for type uuid: "..."`, `Key (phone)=(...) already exists`).
  return {
    name: e.name,
    code: e.code,
    constraint: e.constraint,
    table: e.table,
    schema: e.schema,
    column: e.column,
  };
}

/**
 * TypeORM logger that never writes query parameters (they hold case data) nor PostgreSQL
 * error messages; only the parameterised query text, the SQLSTATE and the constraint.
 */
export class SafeQueryLogger implements TypeOrmLogger {
  constructor(
    private readonly logger: PlatformLogger | undefined,
    private readonly enabled: boolean,
  ) {}

  logQuery(): void {
    // Queries are never logged: even the text would flood the log at request rate.
  }

  logQueryError(error: string | Error, query: string): void {
    if (!this.enabled || !this.logger) return;
    this.logger.error(
      { db: describePgError(error), query: query.slice(0, QUERY_TEXT_LIMIT) },
      'database query failed',
    );
  }

  logQuerySlow(time: number, query: string): void {
    if (!this.enabled || !this.logger) return;
    this.logger.warn({ durationMs: time, query: query.slice(0, QUERY_TEXT_LIMIT) }, 'slow database query');
  }

  logSchemaBuild(message: string): void {
    if (this.enabled) this.logger?.info({ component: 'typeorm' }, message);
  }

  logMigration(message: string): void {
    this.logger?.info({ component: 'migrations' }, message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (!this.enabled || !this.logger) return;
    const text = typeof message === 'string' ? message : 'typeorm message';
    if (level === 'warn') this.logger.warn({ component: 'typeorm' }, text);
    else this.logger.info({ component: 'typeorm' }, text);
  }
}
