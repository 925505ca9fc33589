import { meetingsMigrations } from '@scp/schemas';
import { createDataSource, runMigrations } from '@scp/platform-database';

/**
 * Runs the meetings schema's migrations as the database owner. Only its own schema: the cases
 * service migrates the shared audit schema and must run first.
 */
export async function migrateMeetingsDatabase(databaseUrl: string): Promise<string[]> {
  const ds = createDataSource({
    url: databaseUrl,
    schema: 'meetings',
    migrations: [...meetingsMigrations],
    applicationName: 'scp-migrate-meetings',
  });
  await ds.initialize();
  try {
    return await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}
