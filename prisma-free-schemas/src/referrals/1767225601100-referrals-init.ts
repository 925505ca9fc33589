import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CJ_STATUSES, LOCATION_KINDS, SHARING_BASES } from '@scp/contracts';
import { ensureRoleSql, outboxTableSql } from '@scp/platform-database';
import { processedEventsTableSql } from '@scp/platform-messaging';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export const REFERRAL_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'SCREENING',
  'MORE_INFO_REQUESTED',
  'ACCEPTED',
  'DECLINED',
  'WITHDRAWN',
] as const;

/**
 * The referrals service's tables: referrals (with the people they describe, copied to the case
 * on acceptance), the victim's locations (D12), the more-information thread, duplicate flags, and
 * a local replica of case participation kept current from the cases service's events.
 */
export class ReferralsInit1767225601100 implements MigrationInterface {
  name = 'ReferralsInit1767225601100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS referrals`);
    await q.query(`
      CREATE TABLE referrals.reference_counters (
        year integer NOT NULL,
        last_value integer NOT NULL DEFAULT 0,
        CONSTRAINT reference_counters_pk PRIMARY KEY (year)
      )`);
    await q.query(`
      CREATE TABLE referrals.referrals (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        reference text NOT NULL,
        clinic_id uuid NOT NULL,
        referrer_user_id uuid NOT NULL,
        referrer_agency_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'DRAFT',
        urgency text NOT NULL DEFAULT 'ROUTINE',
        reason text NOT NULL,
        behaviours text[] NOT NULL DEFAULT '{}',
        crime_references text[] NOT NULL DEFAULT '{}',
        cj_status text NOT NULL,
        sharing_basis text NOT NULL,
        basis_rationale text NULL,
        subject_given_name text NULL,
        subject_family_name text NULL,
        subject_other_names text[] NOT NULL DEFAULT '{}',
        subject_date_of_birth date NULL,
        victim_given_name text NULL,
        victim_family_name text NULL,
        victim_date_of_birth date NULL,
        victim_relationship text NULL,
        sdash_answers boolean[] NULL,
        sdash_score integer NULL,
        tier text NULL,
        lead_agency_id uuid NULL,
        participant_agency_ids uuid[] NOT NULL DEFAULT '{}',
        decision_reason text NULL,
        case_id uuid NULL,
        case_open boolean NOT NULL DEFAULT false,
        submitted_at timestamptz NULL,
        screening_started_at timestamptz NULL,
        decided_at timestamptz NULL,
        screening_due_at timestamptz NULL,
        overdue_flagged_at timestamptz NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT referrals_pk PRIMARY KEY (id),
        CONSTRAINT referrals_reference_uq UNIQUE (reference),
        CONSTRAINT referrals_case_uq UNIQUE (case_id),
        CONSTRAINT referrals_status_ck CHECK (status IN (${list(REFERRAL_STATUSES)})),
        CONSTRAINT referrals_urgency_ck CHECK (urgency IN ('ROUTINE', 'URGENT')),
        CONSTRAINT referrals_reason_ck CHECK (length(reason) BETWEEN 1 AND 4000),
        CONSTRAINT referrals_cj_status_ck CHECK (cj_status IN (${list(CJ_STATUSES)})),
        CONSTRAINT referrals_basis_ck CHECK (sharing_basis IN (${list(SHARING_BASES)})),
        CONSTRAINT referrals_rationale_ck CHECK (sharing_basis = 'CONSENT' OR length(coalesce(basis_rationale, '')) > 0),
        CONSTRAINT referrals_sdash_ck CHECK (sdash_answers IS NULL OR cardinality(sdash_answers) = 11),
        CONSTRAINT referrals_sdash_score_ck CHECK (sdash_score IS NULL OR sdash_score BETWEEN 0 AND 11),
        CONSTRAINT referrals_tier_ck CHECK (tier IS NULL OR tier IN ('CLINIC_CASE', 'CONSULTATION_ONLY')),
        CONSTRAINT referrals_accepted_ck CHECK (status <> 'ACCEPTED' OR (tier IS NOT NULL AND lead_agency_id IS NOT NULL)),
        CONSTRAINT referrals_declined_ck CHECK (status <> 'DECLINED' OR length(coalesce(decision_reason, '')) > 0),
        CONSTRAINT referrals_version_ck CHECK (version >= 1)
      )`);
    // Keyset pagination paths: the clinic's queue, the referrer agency's list, everything.
    await q.query(
      `CREATE INDEX referrals_clinic_status_idx ON referrals.referrals (clinic_id, status, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX referrals_agency_idx ON referrals.referrals (referrer_agency_id, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX referrals_created_idx ON referrals.referrals (created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX referrals_subject_idx ON referrals.referrals (clinic_id, lower(subject_family_name), subject_date_of_birth)`,
    );
    await q.query(
      `CREATE INDEX referrals_overdue_idx ON referrals.referrals (screening_due_at) WHERE urgency = 'URGENT' AND overdue_flagged_at IS NULL AND screening_started_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE referrals.victim_locations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL,
        kind text NOT NULL,
        address_line1 text NULL,
        town text NULL,
        postcode text NULL,
        phone text NULL,
        email text NULL,
        details text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT victim_locations_pk PRIMARY KEY (id),
        CONSTRAINT victim_locations_referral_fk FOREIGN KEY (referral_id) REFERENCES referrals.referrals (id),
        CONSTRAINT victim_locations_kind_ck CHECK (kind IN (${list(LOCATION_KINDS)}))
      )`);
    await q.query(
      `CREATE INDEX victim_locations_referral_idx ON referrals.victim_locations (referral_id, created_at)`,
    );
    await q.query(
      `CREATE INDEX victim_locations_postcode_idx ON referrals.victim_locations (upper(replace(postcode, ' ', '')), referral_id)`,
    );
    await q.query(`
      CREATE TABLE referrals.questions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL,
        question text NOT NULL,
        asked_by_user_id uuid NOT NULL,
        asked_by_agency_id uuid NOT NULL,
        asked_at timestamptz NOT NULL DEFAULT now(),
        answer text NULL,
        answered_by_user_id uuid NULL,
        answered_at timestamptz NULL,
        CONSTRAINT questions_pk PRIMARY KEY (id),
        CONSTRAINT questions_referral_fk FOREIGN KEY (referral_id) REFERENCES referrals.referrals (id),
        CONSTRAINT questions_question_ck CHECK (length(question) BETWEEN 1 AND 2000),
        CONSTRAINT questions_answer_ck CHECK (answer IS NULL OR length(answer) BETWEEN 1 AND 4000),
        CONSTRAINT questions_answered_ck CHECK ((answer IS NULL) = (answered_at IS NULL))
      )`);
    await q.query(`CREATE INDEX questions_referral_idx ON referrals.questions (referral_id, asked_at)`);
    await q.query(`
      CREATE TABLE referrals.duplicate_flags (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL,
        other_kind text NOT NULL,
        other_referral_id uuid NOT NULL,
        other_case_id uuid NULL,
        other_reference text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT duplicate_flags_pk PRIMARY KEY (id),
        CONSTRAINT duplicate_flags_referral_fk FOREIGN KEY (referral_id) REFERENCES referrals.referrals (id),
        CONSTRAINT duplicate_flags_kind_ck CHECK (other_kind IN ('CASE', 'REFERRAL')),
        CONSTRAINT duplicate_flags_uq UNIQUE (referral_id, other_referral_id)
      )`);
    await q.query(`
      CREATE TABLE referrals.case_participation (
        case_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        clinic_id uuid NOT NULL,
        active boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_participation_pk PRIMARY KEY (case_id, agency_id)
      )`);
    await q.query(
      `CREATE INDEX case_participation_agency_idx ON referrals.case_participation (agency_id, case_id) WHERE active`,
    );
    await q.query(outboxTableSql('referrals'));
    await q.query(processedEventsTableSql('referrals'));
    await q.query(ensureRoleSql('scp_app'));
    await q.query(`GRANT USAGE ON SCHEMA referrals TO scp_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA referrals TO scp_app`);
    // History is kept: the service never deletes.
    await q.query(`REVOKE DELETE, TRUNCATE ON ALL TABLES IN SCHEMA referrals FROM scp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA referrals CASCADE`);
  }
}
