import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refused free-text writes on referrals, counted per user, referral and day (Europe/London), as
 * the cases service counts them per case (docs/free-text.md): a writer refused a few times on one
 * referral is paused there until the next day. A refusal on a referral not yet created (its
 * reason) is counted against the clinic, with no referral. Holds the field and whether a recorded
 * value matched, never the text.
 */
export class ReferralsFreeTextRefusals1767225601400 implements MigrationInterface {
  name = 'ReferralsFreeTextRefusals1767225601400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referrals.free_text_refusals (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        referral_id uuid NULL,
        clinic_id uuid NOT NULL,
        field text NOT NULL,
        matched boolean NOT NULL,
        request_id text NULL,
        refused_on date NOT NULL DEFAULT (now() AT TIME ZONE 'Europe/London')::date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT free_text_refusals_pk PRIMARY KEY (id),
        CONSTRAINT free_text_refusals_referral_fk FOREIGN KEY (referral_id) REFERENCES referrals.referrals (id),
        CONSTRAINT free_text_refusals_field_ck CHECK (length(field) BETWEEN 1 AND 200)
      )`);
    await q.query(
      `CREATE INDEX free_text_refusals_user_day_idx ON referrals.free_text_refusals (user_id, refused_on, referral_id)`,
    );
    await q.query(`GRANT SELECT, INSERT ON referrals.free_text_refusals TO scp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referrals.free_text_refusals`);
  }
}
