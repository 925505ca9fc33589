import { createDataSource, runMigrations, type MigrationClass } from '@scp/platform-database';

/**
 * Runs each schema's migrations in order, as the database owner (no runtime role), one data
 * source per schema (`scp-migrate-<schema>`). Returns the names of the migrations applied.
 */
export async function migrateSchemas(
  databaseUrl: string,
  schemas: readonly (readonly [schema: string, migrations: readonly MigrationClass[]])[],
): Promise<string[]> {
  const done: string[] = [];
  for (const [schema, migrations] of schemas) {
    const ds = createDataSource({
      url: databaseUrl,
      schema,
      migrations: [...migrations],
      applicationName: `scp-migrate-${schema}`,
    });
    await ds.initialize();
    try {
      done.push(...(await runMigrations(ds)));
    } finally {
      await ds.destroy();
    }
  }
  return done;
}
