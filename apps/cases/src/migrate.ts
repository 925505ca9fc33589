import { auditMigrations, casesMigrations } from '@scp/schemas';
import { migrateSchemas } from '@scp/platform-runtime';

/**
 * Runs the audit schema's and the cases schema's migrations as the database owner. The cases
 * service owns the audit schema's migrations; other services only append to it.
 */
export const migrateCasesDatabase = (databaseUrl: string): Promise<string[]> =>
  migrateSchemas(databaseUrl, [
    ['audit', auditMigrations],
    ['cases', casesMigrations],
  ]);
