import { referralsMigrations } from '@scp/schemas';
import { createDataSource, runMigrations } from '@scp/platform-database';

/**
 * Runs the referrals schema's migrations as the database owner. Only its own schema: the cases
 * service migrates the audit schema and must run first.
 */
export async function migrateReferralsDatabase(databaseUrl: string): Promise<string[]> {
  const ds = createDataSource({
    url: databaseUrl,
    schema: 'referrals',
    migrations: [...referralsMigrations],
    applicationName: 'scp-migrate-referrals',
  });
  await ds.initialize();
  try {
    return await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}
