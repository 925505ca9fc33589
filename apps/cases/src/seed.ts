import { createDataSource } from '@scp/platform-database';
import { AgencyEntity, CASES_ENTITIES, seedDemoData } from '@scp/cases';

/**
 * The fictional demo data, on an empty database only (`npm start`; docker/migrate.mjs with
 * SEED_DEMO_DATA=true): when agencies are already there nothing is written and their count is returned.
 */
export async function seedDemoDataIfEmpty(
  databaseUrl: string,
): Promise<{ agencies: number } | { users: number; cases: number }> {
  const ds = createDataSource({
    url: databaseUrl,
    schema: 'cases',
    entities: CASES_ENTITIES,
    applicationName: 'scp-seed',
    poolSize: 1,
  });
  await ds.initialize();
  try {
    const n = await ds.getRepository(AgencyEntity).count();
    if (n > 0) return { agencies: n };
    const fixture = await seedDemoData(ds);
    return { users: Object.keys(fixture.users).length, cases: Object.keys(fixture.cases).length };
  } finally {
    await ds.destroy();
  }
}
