export * from './audit/index.js';
export * from './cases/index.js';
