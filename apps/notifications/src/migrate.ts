import { notificationsMigrations } from '@scp/schemas';
import { createDataSource, runMigrations } from '@scp/platform-database';

/**
 * Runs the notifications schema's migrations as the database owner. Only its own schema: the
 * cases service migrates the shared audit schema and must run first.
 */
export async function migrateNotificationsDatabase(databaseUrl: string): Promise<string[]> {
  const ds = createDataSource({
    url: databaseUrl,
    schema: 'notifications',
    migrations: [...notificationsMigrations],
    applicationName: 'scp-migrate-notifications',
  });
  await ds.initialize();
  try {
    return await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}
