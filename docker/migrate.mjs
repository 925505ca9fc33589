#!/usr/bin/env node
// One-shot migration runner for containers (compose `migrate` service, Kubernetes Job), from the
// cases image: every service's `migrate(url)` (exported by each `@scp/<name>-app`), in order, as the
// database owner. cases first: it owns the audit schema the others append to; then referrals
// (schema `referrals`), meetings (schema `meetings`) and notifications (schema `notifications`).
// Safe to run from several pods at once (an advisory lock per schema). With SEED_DEMO_DATA=true,
// and outside production only, an empty database also gets the fictional demo data that
// `npm start` loads.

/** The subgraph services, in migration order (as in libs/tooling/scripts/start.mjs). */
const SERVICES = ['cases', 'referrals', 'meetings', 'notifications'];

const log = (msg, extra = {}) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), service: 'migrate', msg, ...extra }));

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('migrate: DATABASE_URL (or DATABASE_URL_FILE) is required');
  process.exit(1);
}

const seed = process.env.SEED_DEMO_DATA === 'true';
if (seed && process.env.NODE_ENV === 'production') {
  console.error('migrate: SEED_DEMO_DATA is refused in production');
  process.exit(1);
}

try {
  for (const service of SERVICES) {
    const { migrate } = await import(`@scp/${service}-app`);
    const applied = await migrate(url);
    log(applied.length ? 'migrations applied' : 'schema up to date', { migrated: service, applied });
  }

  if (seed) {
    const { seedDemoDataIfEmpty } = await import('@scp/cases-app');
    const seeded = await seedDemoDataIfEmpty(url);
    if ('agencies' in seeded)
      log('demo seed skipped: the database already has agencies', { agencies: seeded.agencies });
    else log('demo data seeded', { users: seeded.users });
  }
} catch (err) {
  console.error(`migrate: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
