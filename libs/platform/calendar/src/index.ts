export * from './london-time.js';
export * from './working-calendar.js';
export * from './bank-holidays.js';
export * from './invite.js';
