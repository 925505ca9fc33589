import type { DataSource, EntityManager } from 'typeorm';
import { RUNTIME_ROLE, ensureRoleSql, qualified, quoteIdent, withTransaction } from '@scp/platform-database';

export interface ProcessedEventsTableSqlOptions {
  /** Role granted SELECT and INSERT. Default `scp_app`; `null` for none. */
  grantTo?: string | null;
}

/** DDL for `<schema>.processed_events`, for the consuming service's own migration class. */
export function processedEventsTableSql(schema: string, opts: ProcessedEventsTableSqlOptions = {}): string {
  const table = qualified(schema, 'processed_events');
  const grantTo = opts.grantTo === undefined ? RUNTIME_ROLE : opts.grantTo;
  const statements = [
    `CREATE TABLE ${table} (
  event_id uuid NOT NULL,
  consumer text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT processed_events_pk PRIMARY KEY (event_id, consumer)
);`,
    `CREATE INDEX processed_events_processed_at_idx ON ${table} (processed_at);`,
  ];
  if (grantTo) {
    statements.push(
      ensureRoleSql(grantTo),
      `GRANT USAGE ON SCHEMA ${quoteIdent(schema)} TO ${quoteIdent(grantTo)};`,
      `GRANT SELECT, INSERT ON ${table} TO ${quoteIdent(grantTo)};`,
    );
  }
  return statements.join('\n');
}

export function dropProcessedEventsTableSql(schema: string): string {
  return `DROP TABLE IF EXISTS ${qualified(schema, 'processed_events')};`;
}

/**
 * Runs `fn` at most once per (event, consumer). The processed mark and the side effect share
 * one transaction: if `fn` throws, neither is kept and the job's retry runs it again; if the
 * event comes twice (a stalled job re-run, a re-send by the outbox reconciler), the second
 * insert finds the mark and `fn` is skipped. A concurrent duplicate waits on the first one's
 * row lock and then skips. Returns true when `fn` ran, false for a duplicate.
 */
export function consumeOnce(
  ds: DataSource,
  schema: string,
  consumer: string,
  eventId: string,
  fn: (manager: EntityManager) => Promise<void>,
): Promise<boolean> {
  const table = qualified(schema, 'processed_events');
  return withTransaction(ds, async (manager) => {
    // raw SQL: INSERT … ON CONFLICT DO NOTHING RETURNING on the consumer's own schema's table
    const inserted: unknown[] = await manager.query(
      `INSERT INTO ${table} (event_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [eventId, consumer],
    );
    if (inserted.length === 0) return false;
    await fn(manager);
    return true;
  });
}
