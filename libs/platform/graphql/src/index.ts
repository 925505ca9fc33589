export * from './errors.js';
export * from './decorators.js';
export * from './request-audit.js';
export * from './category-guard.js';
export * from './audit-plugin.js';
export * from './subgraph.js';
export * from './validation-pipe.js';
export * from './purpose.js';
