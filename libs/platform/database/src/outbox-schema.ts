import { RUNTIME_ROLE, ensureRoleSql } from './runtime-role.js';
import { qualified, quoteIdent } from './sql-identifier.js';

export const OUTBOX_STATUSES = ['pending', 'enqueued', 'delivered', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxTableSqlOptions {
  /**
   * Role granted what the relay and writers need (SELECT, INSERT, UPDATE, and DELETE for the
   * relay's purge of delivered rows). Default `scp_app`; `null` for none.
   */
  grantTo?: string | null;
}

/**
 * DDL for `<schema>.outbox`, for a service's own migration class:
 * `await queryRunner.query(outboxTableSql('cases'))`.
 * `payload` holds ids and codes only: its content is copied into Redis job data in plain text.
 */
export function outboxTableSql(schema: string, opts: OutboxTableSqlOptions = {}): string {
  const table = qualified(schema, 'outbox');
  const grantTo = opts.grantTo === undefined ? RUNTIME_ROLE : opts.grantTo;
  const statuses = OUTBOX_STATUSES.map((s) => `'${s}'`).join(', ');
  const statements = [
    `CREATE TABLE ${table} (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  type text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id uuid NOT NULL,
  actor_id text NULL,
  correlation_id text NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  enqueued_at timestamptz NULL,
  delivered_at timestamptz NULL,
  last_error text NULL,
  CONSTRAINT outbox_pk PRIMARY KEY (id),
  CONSTRAINT outbox_status_ck CHECK (status IN (${statuses})),
  CONSTRAINT outbox_attempts_ck CHECK (attempts >= 0),
  CONSTRAINT outbox_payload_ck CHECK (jsonb_typeof(payload) = 'object')
)`,
    // The relay's only hot queries: due pending rows, and enqueued rows that went stale.
    `CREATE INDEX outbox_pending_idx ON ${table} (next_attempt_at) WHERE status = 'pending'`,
    `CREATE INDEX outbox_enqueued_idx ON ${table} (enqueued_at) WHERE status = 'enqueued'`,
    `CREATE INDEX outbox_aggregate_idx ON ${table} (aggregate_id, created_at)`,
  ];
  if (grantTo) {
    statements.push(
      ensureRoleSql(grantTo),
      `GRANT USAGE ON SCHEMA ${quoteIdent(schema)} TO ${quoteIdent(grantTo)}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${quoteIdent(grantTo)}`,
    );
  }
  return statements.map((s) => (s.endsWith(';') ? s : `${s};`)).join('\n');
}

/**
 * DELETE on `<schema>.outbox` for the relay's purge of delivered rows, for the migration of a
 * schema whose outbox was created before outboxTableSql granted it.
 */
export function grantOutboxPurgeSql(schema: string, role: string = RUNTIME_ROLE): string {
  return `GRANT DELETE ON ${qualified(schema, 'outbox')} TO ${quoteIdent(role, 'role name')};`;
}

export function revokeOutboxPurgeSql(schema: string, role: string = RUNTIME_ROLE): string {
  return `REVOKE DELETE ON ${qualified(schema, 'outbox')} FROM ${quoteIdent(role, 'role name')};`;
}

export function dropOutboxTableSql(schema: string): string {
  return `DROP TABLE IF EXISTS ${qualified(schema, 'outbox')};`;
}

/** The LISTEN/NOTIFY channel a schema's outbox writes signal on. */
export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}
