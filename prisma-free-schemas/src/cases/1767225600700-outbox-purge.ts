import type { MigrationInterface, QueryRunner } from 'typeorm';
import { grantOutboxPurgeSql, revokeOutboxPurgeSql } from '@scp/platform-database';

/**
 * The relay purges delivered outbox rows (OutboxRelay.purgeDelivered), which the runtime role
 * could not: the outbox was granted SELECT, INSERT and UPDATE only, so every purge failed with
 * `permission denied for table outbox` and delivered rows were never removed.
 */
export class CasesOutboxPurge1767225600700 implements MigrationInterface {
  name = 'CasesOutboxPurge1767225600700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(grantOutboxPurgeSql('cases'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(revokeOutboxPurgeSql('cases'));
  }
}
