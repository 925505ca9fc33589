import { notificationsMigrations } from '@scp/schemas';
import { migrateSchemas } from '@scp/platform-runtime';

/**
 * Runs the notifications schema's migrations as the database owner. Only its own schema: the cases
 * service migrates the shared audit schema and must run first.
 */
export const migrateNotificationsDatabase = (databaseUrl: string): Promise<string[]> =>
  migrateSchemas(databaseUrl, [['notifications', notificationsMigrations]]);
