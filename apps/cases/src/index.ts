export * from './create-cases-app.js';
export * from './cases.config.js';
export * from './migrate.js';
export { migrateCasesDatabase as migrate } from './migrate.js';
export * from './seed.js';
