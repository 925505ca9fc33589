export * from './create-meetings-app.js';
export * from './meetings.config.js';
export * from './migrate.js';
export { migrateMeetingsDatabase as migrate } from './migrate.js';
