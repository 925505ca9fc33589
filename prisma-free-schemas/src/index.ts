export * from './audit/index.js';
export * from './cases/index.js';
export * from './referrals/index.js';
export * from './meetings/index.js';
export * from './notifications/index.js';
