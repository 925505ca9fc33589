export * from './mailer.js';
export * from './catcher.js';
