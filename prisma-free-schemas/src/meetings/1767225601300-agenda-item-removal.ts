import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The coordinator removes an item from an agenda not yet published (issue 15): the runtime role
 * may delete an agenda item and its contribution reminders. Only the service's own rule decides
 * when (before publication, nothing contributed or decided on it); nothing else is deleted.
 */
export class AgendaItemRemoval1767225601300 implements MigrationInterface {
  name = 'AgendaItemRemoval1767225601300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`GRANT DELETE ON meetings.agenda_items, meetings.contribution_reminders TO scp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE DELETE ON meetings.agenda_items, meetings.contribution_reminders FROM scp_app`);
  }
}
