export * from './tracing.js';
export * from './metrics.js';
export * from './redact.js';
export * from './http-server.js';
export * from './apollo-plugin.js';
