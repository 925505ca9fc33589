import { MeetingsInit1767225601000 } from './1767225601000-meetings-init.js';

/** Migrations of the meetings service, in order. */
export const meetingsMigrations = [MeetingsInit1767225601000];
