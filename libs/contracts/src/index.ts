export * from './roles.js';
export * from './categories.js';
export * from './case.js';
export * from './events.js';
export * from './actor.js';
export * from './recipients.js';
export * from './free-text.js';
export * from './purpose.js';
