import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refused free-text writes, counted per user, case and day (Europe/London): a writer whose text
 * is refused a few times on one case is paused there until the next day (docs/free-text.md).
 * Holds which field and whether a recorded value matched, never the text.
 */
export class FreeTextRefusals1767225600600 implements MigrationInterface {
  name = 'FreeTextRefusals1767225600600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases.free_text_refusals (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        case_id uuid NOT NULL,
        field text NOT NULL,
        matched boolean NOT NULL,
        request_id text NULL,
        refused_on date NOT NULL DEFAULT (now() AT TIME ZONE 'Europe/London')::date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT free_text_refusals_pk PRIMARY KEY (id),
        CONSTRAINT free_text_refusals_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT free_text_refusals_field_ck CHECK (length(field) BETWEEN 1 AND 200)
      )`);
    await q.query(
      `CREATE INDEX free_text_refusals_user_case_day_idx ON cases.free_text_refusals (user_id, case_id, refused_on)`,
    );
    await q.query(`GRANT SELECT, INSERT ON cases.free_text_refusals TO scp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.free_text_refusals`);
  }
}
