export * from './catalog.js';
export * from './ports.js';
export * from './entities.js';
export * from './context.js';
export * from './pipeline.js';
export * from './recipients.client.js';
export * from './inbox.service.js';
export * from './notifications.module.js';
