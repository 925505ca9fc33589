import { referralsMigrations } from '@scp/schemas';
import { migrateSchemas } from '@scp/platform-runtime';

/**
 * Runs the referrals schema's migrations as the database owner. Only its own schema: the cases
 * service migrates the shared audit schema and must run first.
 */
export const migrateReferralsDatabase = (databaseUrl: string): Promise<string[]> =>
  migrateSchemas(databaseUrl, [['referrals', referralsMigrations]]);
