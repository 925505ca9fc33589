import { MeetingsInit1767225601000 } from './1767225601000-meetings-init.js';
import { ClinicReplica1767225601100 } from './1767225601100-clinic-replica.js';
import { MeetingsOutboxPurge1767225601200 } from './1767225601200-outbox-purge.js';
import { AgendaItemRemoval1767225601300 } from './1767225601300-agenda-item-removal.js';

/** Migrations of the meetings service, in order. */
export const meetingsMigrations = [
  MeetingsInit1767225601000,
  ClinicReplica1767225601100,
  MeetingsOutboxPurge1767225601200,
  AgendaItemRemoval1767225601300,
];
