import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'VIEW', 'SEARCH', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'DISCLOSURE', 'LOGIN', 'ACCESS_DENIED', 'BREAK_GLASS'`;

/**
 * ROLE_CHANGE: a user's roles granted or revoked is its own kind of audit event, so the DPO of
 * the user's agency can ask "who was given access to case content" without reading every UPDATE.
 */
export class AuditRoleChange1767225600600 implements MigrationInterface {
  name = 'AuditRoleChange1767225600600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.events DROP CONSTRAINT events_action_ck`);
    await q.query(
      `ALTER TABLE audit.events ADD CONSTRAINT events_action_ck CHECK (action IN (${BEFORE}, 'ROLE_CHANGE'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.events DROP CONSTRAINT events_action_ck`);
    await q.query(`ALTER TABLE audit.events ADD CONSTRAINT events_action_ck CHECK (action IN (${BEFORE}))`);
  }
}
