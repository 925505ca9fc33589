import {
  DataSource,
  MigrationExecutor,
  type EntityManager,
  type EntitySchema,
  type MigrationInterface,
} from 'typeorm';
import { SafeQueryLogger, type PlatformLogger } from './db-logger.js';
import { assertIdentifier } from './sql-identifier.js';

/** PostgreSQL isolation levels a transaction may ask for. */
export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export type EntityClass = abstract new (...args: never[]) => unknown;
export type MigrationClass = new () => MigrationInterface;

export interface CreateDataSourceOptions {
  url: string;
  /** The service's own PostgreSQL schema; also holds `<schema>.migrations`. */
  schema: string;
  entities?: Array<EntityClass | EntitySchema>;
  migrations?: MigrationClass[];
  applicationName?: string;
  poolSize?: number;
  /** `'errors'` logs failed and slow queries without parameters; default `false`. */
  logging?: false | 'errors';
  logger?: PlatformLogger;
  /**
   * Every pooled connection runs as this role (the `role` setting is sent in the startup
   * packet, so it is also what `RESET ROLE` / `DISCARD ALL` return to). The login user must be
   * a member of it. Grants on that role are then what the service can do, e.g. INSERT but no
   * UPDATE on audit.events. Leave unset for the data source that runs migrations.
   */
  runtimeRole?: string;
  connectTimeoutMs?: number;
}

const runtimeRoles = new WeakMap<DataSource, string>();

/** A TypeORM data source for one service's schema. Not initialised: call `ds.initialize()`. */
export function createDataSource(opts: CreateDataSourceOptions): DataSource {
  assertIdentifier(opts.schema, 'schema name');
  const extra: Record<string, unknown> = {};
  if (opts.runtimeRole) extra.options = `-c role=${assertIdentifier(opts.runtimeRole, 'role name')}`;
  const ds = new DataSource({
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    entities: opts.entities ?? [],
    migrations: opts.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // Never on: the schema is the reviewed SQL in prisma-free-schemas.
    synchronize: false,
    migrationsRun: false,
    dropSchema: false,
    // gen_random_uuid() is built into PostgreSQL 13+; extensions belong in migrations, not in boot.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    applicationName: opts.applicationName,
    poolSize: opts.poolSize ?? 10,
    connectTimeoutMS: opts.connectTimeoutMs ?? 10_000,
    logging: opts.logging === 'errors' ? ['error', 'warn'] : false,
    logger: new SafeQueryLogger(opts.logger, opts.logging === 'errors'),
    maxQueryExecutionTime: opts.logging === 'errors' ? 2_000 : undefined,
    extra,
  });
  if (opts.runtimeRole) runtimeRoles.set(ds, opts.runtimeRole);
  return ds;
}

/** The schema a data source made by `createDataSource` belongs to. */
export function schemaOf(ds: DataSource): string {
  const schema = (ds.options as { schema?: string }).schema;
  if (!schema) throw new Error('The data source has no schema (create it with createDataSource)');
  return schema;
}

/**
 * Runs the pending migrations, each in its own transaction, and returns their names.
 * Idempotent, and safe when several replicas boot at once: a session advisory lock per schema
 * makes them take turns and the later ones find nothing pending.
 */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  if (runtimeRoles.has(ds)) {
    throw new Error(
      'runMigrations needs a data source without runtimeRole: migrations run as the schema owner',
    );
  }
  if (!ds.isInitialized) await ds.initialize();
  const schema = schemaOf(ds);
  const queryRunner = ds.createQueryRunner('master');
  await queryRunner.connect();
  const lockKey = `scp:migrations:${schema}`;
  try {
    // raw SQL: the migration lock (a session advisory lock: TypeORM has none)
    await queryRunner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    // TypeORM creates <schema>.migrations before the first migration runs, so the schema must exist.
    await queryRunner.createSchema(schema, true);
    const executor = new MigrationExecutor(ds, queryRunner);
    executor.transaction = 'each';
    const done = await executor.executePendingMigrations();
    return done.map((m) => m.name);
  } finally {
    // raw SQL: the migration lock's release
    await queryRunner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await queryRunner.release();
  }
}

/** Runs `fn` in one transaction on `ds`; commits when it resolves, rolls back when it throws. */
export function withTransaction<T>(
  ds: DataSource,
  fn: (manager: EntityManager) => Promise<T>,
  isolationLevel?: IsolationLevel,
): Promise<T> {
  return isolationLevel ? ds.transaction(isolationLevel, fn) : ds.transaction(fn);
}

/** True when `manager` is bound to a query runner with an open transaction. */
export function inTransaction(manager: EntityManager): boolean {
  return manager.queryRunner?.isTransactionActive === true;
}
