import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Break-glass grants: an auditor or DPO who must open case content records a purpose; the
 * grant lasts a short time and every read under it is audited with that purpose.
 */
export class BreakGlass1767225600200 implements MigrationInterface {
  name = 'BreakGlass1767225600200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases.break_glass_grants (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        user_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        purpose text NOT NULL,
        granted_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT break_glass_grants_pk PRIMARY KEY (id),
        CONSTRAINT break_glass_grants_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT break_glass_grants_user_fk FOREIGN KEY (user_id) REFERENCES cases.users (id),
        CONSTRAINT break_glass_grants_purpose_ck CHECK (length(btrim(purpose)) >= 10),
        CONSTRAINT break_glass_grants_expiry_ck CHECK (expires_at > granted_at AND expires_at <= granted_at + interval '8 hours')
      )`);
    await q.query(
      `CREATE INDEX break_glass_grants_user_idx ON cases.break_glass_grants (user_id, expires_at DESC)`,
    );
    await q.query(`GRANT SELECT, INSERT ON cases.break_glass_grants TO scp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.break_glass_grants`);
  }
}
