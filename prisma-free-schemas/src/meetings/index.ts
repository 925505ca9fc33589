import { MeetingsInit1767225601000 } from './1767225601000-meetings-init.js';
import { ClinicReplica1767225601100 } from './1767225601100-clinic-replica.js';

/** Migrations of the meetings service, in order. */
export const meetingsMigrations = [MeetingsInit1767225601000, ClinicReplica1767225601100];
