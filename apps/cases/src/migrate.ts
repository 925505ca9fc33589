import { auditMigrations, casesMigrations } from '@scp/schemas';
import { createDataSource, runMigrations } from '@scp/platform-database';

/**
 * Runs the audit schema's and the cases schema's migrations as the database owner. The cases
 * service owns the audit schema's migrations; other services only append to it.
 */
export async function migrateCasesDatabase(databaseUrl: string): Promise<string[]> {
  const done: string[] = [];
  for (const [schema, migrations] of [
    ['audit', auditMigrations],
    ['cases', casesMigrations],
  ] as const) {
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
