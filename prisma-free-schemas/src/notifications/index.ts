import { NotificationsInit1767225602000 } from './1767225602000-notifications-init.js';

/** Migrations of the notifications service, in order. */
export const notificationsMigrations = [NotificationsInit1767225602000];
