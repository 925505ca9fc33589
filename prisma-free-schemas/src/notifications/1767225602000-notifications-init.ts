import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureRoleSql } from '@scp/platform-database';
import { processedEventsTableSql } from '@scp/platform-messaging';

const DELIVERY_STATUSES = ['PENDING', 'HELD_FOR_DIGEST', 'SENT', 'FAILED', 'SKIPPED'];
const REMINDER_STATUSES = ['PENDING', 'FIRED', 'CANCELLED'];

/**
 * The notifications service (issue 7): the in-app inbox, per-user preferences, the email
 * delivery log, and reminders as rows with their due time (Redis only holds the delayed job
 * that wakes the worker; the rows rebuild it). Items hold a neutral title, a link and ids:
 * never case content (entitlements.md, "notifications and emails").
 */
export class NotificationsInit1767225602000 implements MigrationInterface {
  name = 'NotificationsInit1767225602000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications.inbox_items (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        link text NOT NULL,
        case_id uuid NULL,
        source_id uuid NOT NULL,
        meta jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz NULL,
        CONSTRAINT inbox_items_pk PRIMARY KEY (id),
        CONSTRAINT inbox_items_once_uq UNIQUE (source_id, user_id, kind)
      )`);
    await q.query(
      `CREATE INDEX inbox_items_user_idx ON notifications.inbox_items (user_id, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX inbox_items_unread_idx ON notifications.inbox_items (user_id) WHERE read_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE notifications.email_deliveries (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        inbox_item_id uuid NOT NULL,
        user_id uuid NOT NULL,
        to_address text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING',
        attempts integer NOT NULL DEFAULT 0,
        last_error text NULL,
        message_id text NULL,
        enqueued_at timestamptz NULL,
        sent_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT email_deliveries_pk PRIMARY KEY (id),
        CONSTRAINT email_deliveries_item_uq UNIQUE (inbox_item_id),
        CONSTRAINT email_deliveries_item_fk FOREIGN KEY (inbox_item_id) REFERENCES notifications.inbox_items (id),
        CONSTRAINT email_deliveries_status_ck CHECK (status IN (${DELIVERY_STATUSES.map((s) => `'${s}'`).join(', ')}))
      )`);
    await q.query(
      `CREATE INDEX email_deliveries_open_idx ON notifications.email_deliveries (status, created_at) WHERE status IN ('PENDING', 'HELD_FOR_DIGEST', 'FAILED')`,
    );
    await q.query(`
      CREATE TABLE notifications.preferences (
        user_id uuid NOT NULL,
        kind text NOT NULL,
        email boolean NOT NULL,
        digest boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT preferences_pk PRIMARY KEY (user_id, kind)
      )`);
    await q.query(`
      CREATE TABLE notifications.reminders (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        subject_id uuid NOT NULL,
        case_id uuid NULL,
        fire_at timestamptz NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        status text NOT NULL DEFAULT 'PENDING',
        created_at timestamptz NOT NULL DEFAULT now(),
        fired_at timestamptz NULL,
        CONSTRAINT reminders_pk PRIMARY KEY (id),
        CONSTRAINT reminders_once_uq UNIQUE (kind, subject_id, fire_at),
        CONSTRAINT reminders_status_ck CHECK (status IN (${REMINDER_STATUSES.map((s) => `'${s}'`).join(', ')}))
      )`);
    await q.query(
      `CREATE INDEX reminders_pending_idx ON notifications.reminders (fire_at) WHERE status = 'PENDING'`,
    );
    await q.query(`CREATE INDEX reminders_subject_idx ON notifications.reminders (subject_id)`);
    await q.query(processedEventsTableSql('notifications'));
    await q.query(ensureRoleSql('scp_app'));
    await q.query(`GRANT USAGE ON SCHEMA notifications TO scp_app`);
    await q.query(
      `GRANT SELECT, INSERT, UPDATE ON notifications.inbox_items, notifications.email_deliveries,
         notifications.preferences, notifications.reminders TO scp_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['email_deliveries', 'inbox_items', 'preferences', 'reminders', 'processed_events'])
      await q.query(`DROP TABLE notifications.${table}`);
  }
}
