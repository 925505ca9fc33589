import type { MigrationInterface, QueryRunner } from 'typeorm';
import { grantOutboxPurgeSql, revokeOutboxPurgeSql } from '@scp/platform-database';

/**
 * The relay purges delivered outbox rows (OutboxRelay.purgeDelivered), which the runtime role
 * could not: the outbox was granted SELECT, INSERT and UPDATE only, so every purge failed with
 * `permission denied for table outbox` and delivered rows were never removed.
 */
export class ReferralsOutboxPurge1767225601300 implements MigrationInterface {
  name = 'ReferralsOutboxPurge1767225601300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(grantOutboxPurgeSql('referrals'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(revokeOutboxPurgeSql('referrals'));
  }
}
