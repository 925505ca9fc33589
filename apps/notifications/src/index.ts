export * from './create-notifications-app.js';
export * from './notifications.config.js';
export * from './migrate.js';
export * from './jobs.js';
export * from './worker.js';
export { migrateNotificationsDatabase as migrate } from './migrate.js';
