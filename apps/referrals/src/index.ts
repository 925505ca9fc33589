export * from './create-referrals-app.js';
export * from './referrals.config.js';
export * from './migrate.js';
export { migrateReferralsDatabase as migrate } from './migrate.js';
