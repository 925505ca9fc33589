import { meetingsMigrations } from '@scp/schemas';
import { migrateSchemas } from '@scp/platform-runtime';

/**
 * Runs the meetings schema's migrations as the database owner. Only its own schema: the cases
 * service migrates the shared audit schema and must run first.
 */
export const migrateMeetingsDatabase = (databaseUrl: string): Promise<string[]> =>
  migrateSchemas(databaseUrl, [['meetings', meetingsMigrations]]);
