import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CASE_LIFECYCLE_KINDS, CASE_STATUSES, RISK_LEVELS } from '@scp/contracts';
import { processedEventsTableSql, dropProcessedEventsTableSql } from '@scp/platform-messaging';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * A case's life follows the clinic (docs/case-lifecycle.md): `case_lifecycle` is the case's
 * timeline of what the clinic did to it (listed, reviewed, review due, urgent flag raised and
 * cleared), each entry with the status it moved from and to; `urgent_reviews` keeps every
 * urgent-review flag with who cleared it, when and how, and when it was escalated to the chair;
 * `processed_events` makes the meeting-events consumer idempotent.
 */
export class ClinicLifecycle1767225601400 implements MigrationInterface {
  name = 'ClinicLifecycle1767225601400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases.case_lifecycle (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        kind text NOT NULL,
        from_status text NULL,
        to_status text NULL,
        meeting_id uuid NULL,
        meeting_starts_at timestamptz NULL,
        risk_level text NULL,
        next_review_on date NULL,
        actor_user_id uuid NULL,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT case_lifecycle_pk PRIMARY KEY (id),
        CONSTRAINT case_lifecycle_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT case_lifecycle_kind_ck CHECK (kind IN (${list(CASE_LIFECYCLE_KINDS)})),
        CONSTRAINT case_lifecycle_from_ck CHECK (from_status IS NULL OR from_status IN (${list(CASE_STATUSES)})),
        CONSTRAINT case_lifecycle_to_ck CHECK (to_status IS NULL OR to_status IN (${list(CASE_STATUSES)})),
        CONSTRAINT case_lifecycle_risk_ck CHECK (risk_level IS NULL OR risk_level IN (${list(RISK_LEVELS)}))
      )`);
    await q.query(`CREATE INDEX case_lifecycle_case_idx ON cases.case_lifecycle (case_id, occurred_at, id)`);
    await q.query(`
      CREATE TABLE cases.urgent_reviews (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        breach_id uuid NULL,
        requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        due_by timestamptz NOT NULL,
        cleared_at timestamptz NULL,
        cleared_by_user_id uuid NULL,
        cleared_by_meeting_id uuid NULL,
        escalated_at timestamptz NULL,
        CONSTRAINT urgent_reviews_pk PRIMARY KEY (id),
        CONSTRAINT urgent_reviews_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT urgent_reviews_breach_fk FOREIGN KEY (breach_id) REFERENCES cases.breaches (id),
        CONSTRAINT urgent_reviews_cleared_ck CHECK (
          (cleared_at IS NULL AND cleared_by_user_id IS NULL AND cleared_by_meeting_id IS NULL)
          OR (cleared_at IS NOT NULL AND (cleared_by_user_id IS NOT NULL OR cleared_by_meeting_id IS NOT NULL)))
      )`);
    // One open flag per case: a second breach while it is open adds nothing.
    await q.query(
      `CREATE UNIQUE INDEX urgent_reviews_open_uq ON cases.urgent_reviews (case_id) WHERE cleared_at IS NULL`,
    );
    await q.query(`CREATE INDEX urgent_reviews_case_idx ON cases.urgent_reviews (case_id, requested_at)`);
    // Flags raised before this migration keep their history from here on.
    await q.query(
      `INSERT INTO cases.urgent_reviews (case_id, requested_at, due_by)
       SELECT id, urgent_review_requested_at, urgent_review_requested_at + interval '7 days'
         FROM cases.cases WHERE urgent_review_requested_at IS NOT NULL`,
    );
    await q.query(processedEventsTableSql('cases'));
    await q.query(`GRANT SELECT, INSERT ON cases.case_lifecycle TO scp_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON cases.urgent_reviews TO scp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(dropProcessedEventsTableSql('cases'));
    await q.query(`DROP TABLE cases.urgent_reviews`);
    await q.query(`DROP TABLE cases.case_lifecycle`);
  }
}
