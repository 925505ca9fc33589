export {
  createDataSource,
  runMigrations,
  withTransaction,
  inTransaction,
  schemaOf,
  type CreateDataSourceOptions,
  type EntityClass,
  type MigrationClass,
  type IsolationLevel,
} from './data-source.js';
export { SafeQueryLogger, type PlatformLogger } from './db-logger.js';
export { assertIdentifier, quoteIdent, qualified } from './sql-identifier.js';
export { RUNTIME_ROLE, ensureRoleSql } from './runtime-role.js';
export {
  outboxTableSql,
  dropOutboxTableSql,
  outboxChannel,
  grantOutboxPurgeSql,
  revokeOutboxPurgeSql,
  OUTBOX_STATUSES,
  type OutboxStatus,
  type OutboxTableSqlOptions,
} from './outbox-schema.js';
export {
  Outbox,
  assertReferencePayload,
  toEnvelope,
  type OutboxEventInput,
  type OutboxRow,
} from './outbox.js';
export { updateReturning } from './update-returning.js';
export { namedParams } from './named-params.js';
