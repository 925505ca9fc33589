import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  AGENCY_TYPES,
  AGE_BANDS,
  CASE_STATUSES,
  CJ_STATUSES,
  LOCATION_KINDS,
  PARTICIPANT_ROLES,
  PERSON_ROLES,
  RISK_LEVELS,
  ROLES,
  SHARING_BASES,
} from '@scp/contracts';
import { ensureRoleSql, outboxTableSql } from '@scp/platform-database';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The cases service's tables: the directory (agencies, clinics, users), cases and their
 * participants, people, locations and the victim's voice. Text + CHECK rather than enums;
 * every constraint and index is named.
 */
export class CasesInit1767225600100 implements MigrationInterface {
  name = 'CasesInit1767225600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS cases`);
    await q.query(`
      CREATE TABLE cases.agencies (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        type text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agencies_pk PRIMARY KEY (id),
        CONSTRAINT agencies_code_uq UNIQUE (code),
        CONSTRAINT agencies_code_ck CHECK (code ~ '^[A-Z0-9-]{2,32}$'),
        CONSTRAINT agencies_name_ck CHECK (length(name) BETWEEN 1 AND 200),
        CONSTRAINT agencies_type_ck CHECK (type IN (${list(AGENCY_TYPES)}))
      )`);
    await q.query(`
      CREATE TABLE cases.clinics (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        cadence text NOT NULL,
        meeting_weekday integer NOT NULL,
        referral_deadline_working_days integer NOT NULL DEFAULT 2,
        agenda_publication_working_days integer NOT NULL DEFAULT 1,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT clinics_pk PRIMARY KEY (id),
        CONSTRAINT clinics_code_uq UNIQUE (code),
        CONSTRAINT clinics_code_ck CHECK (code ~ '^[A-Z0-9]{2,8}$'),
        CONSTRAINT clinics_name_ck CHECK (length(name) BETWEEN 1 AND 200),
        CONSTRAINT clinics_cadence_ck CHECK (cadence IN ('WEEKLY', 'FORTNIGHTLY', 'MONTHLY')),
        CONSTRAINT clinics_weekday_ck CHECK (meeting_weekday BETWEEN 1 AND 5),
        CONSTRAINT clinics_deadlines_ck CHECK (referral_deadline_working_days BETWEEN 0 AND 10 AND agenda_publication_working_days BETWEEN 0 AND 10)
      )`);
    await q.query(`
      CREATE TABLE cases.clinic_members (
        clinic_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        isa_signed_on date NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT clinic_members_pk PRIMARY KEY (clinic_id, agency_id),
        CONSTRAINT clinic_members_clinic_fk FOREIGN KEY (clinic_id) REFERENCES cases.clinics (id),
        CONSTRAINT clinic_members_agency_fk FOREIGN KEY (agency_id) REFERENCES cases.agencies (id)
      )`);
    await q.query(`CREATE INDEX clinic_members_agency_idx ON cases.clinic_members (agency_id)`);
    await q.query(`
      CREATE TABLE cases.users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        username text NOT NULL,
        external_subject text NULL,
        display_name text NOT NULL,
        email text NULL,
        agency_id uuid NOT NULL,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_pk PRIMARY KEY (id),
        CONSTRAINT users_username_uq UNIQUE (username),
        CONSTRAINT users_external_subject_uq UNIQUE (external_subject),
        CONSTRAINT users_username_ck CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
        CONSTRAINT users_display_name_ck CHECK (length(display_name) BETWEEN 1 AND 200),
        CONSTRAINT users_agency_fk FOREIGN KEY (agency_id) REFERENCES cases.agencies (id)
      )`);
    await q.query(`CREATE INDEX users_agency_idx ON cases.users (agency_id, username)`);
    await q.query(`
      CREATE TABLE cases.user_roles (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        role text NOT NULL,
        clinic_id uuid NULL,
        CONSTRAINT user_roles_pk PRIMARY KEY (id),
        CONSTRAINT user_roles_user_fk FOREIGN KEY (user_id) REFERENCES cases.users (id) ON DELETE CASCADE,
        CONSTRAINT user_roles_clinic_fk FOREIGN KEY (clinic_id) REFERENCES cases.clinics (id),
        CONSTRAINT user_roles_role_ck CHECK (role IN (${list(ROLES)})),
        CONSTRAINT user_roles_clinic_ck CHECK ((role IN ('CLINIC_CHAIR', 'CLINIC_COORDINATOR')) = (clinic_id IS NOT NULL)),
        CONSTRAINT user_roles_uq UNIQUE NULLS NOT DISTINCT (user_id, role, clinic_id)
      )`);
    await q.query(`
      CREATE TABLE cases.case_reference_counters (
        clinic_id uuid NOT NULL,
        year integer NOT NULL,
        last_value integer NOT NULL DEFAULT 0,
        CONSTRAINT case_reference_counters_pk PRIMARY KEY (clinic_id, year),
        CONSTRAINT case_reference_counters_clinic_fk FOREIGN KEY (clinic_id) REFERENCES cases.clinics (id)
      )`);
    await q.query(`
      CREATE TABLE cases.cases (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        reference text NOT NULL,
        clinic_id uuid NOT NULL,
        tier text NOT NULL DEFAULT 'CLINIC_CASE',
        status text NOT NULL DEFAULT 'AWAITING_LISTING',
        cj_status text NOT NULL,
        lead_agency_id uuid NOT NULL,
        owner_user_id uuid NULL,
        next_review_on date NULL,
        agreed_risk_level text NULL,
        referral_id uuid NULL,
        repeat_of_case_id uuid NULL,
        closed_at timestamptz NULL,
        created_by_user_id uuid NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cases_pk PRIMARY KEY (id),
        CONSTRAINT cases_reference_uq UNIQUE (reference),
        CONSTRAINT cases_referral_uq UNIQUE (referral_id),
        CONSTRAINT cases_clinic_fk FOREIGN KEY (clinic_id) REFERENCES cases.clinics (id),
        CONSTRAINT cases_lead_agency_fk FOREIGN KEY (lead_agency_id) REFERENCES cases.agencies (id),
        CONSTRAINT cases_owner_fk FOREIGN KEY (owner_user_id) REFERENCES cases.users (id),
        CONSTRAINT cases_repeat_of_fk FOREIGN KEY (repeat_of_case_id) REFERENCES cases.cases (id),
        CONSTRAINT cases_tier_ck CHECK (tier IN ('CLINIC_CASE', 'CONSULTATION_ONLY')),
        CONSTRAINT cases_status_ck CHECK (status IN (${list(CASE_STATUSES)})),
        CONSTRAINT cases_cj_status_ck CHECK (cj_status IN (${list(CJ_STATUSES)})),
        CONSTRAINT cases_risk_ck CHECK (agreed_risk_level IS NULL OR agreed_risk_level IN (${list(RISK_LEVELS)})),
        CONSTRAINT cases_version_ck CHECK (version >= 1)
      )`);
    // Keyset pagination paths (performance.md §2): by clinic, by lead agency, and overall.
    await q.query(
      `CREATE INDEX cases_clinic_status_updated_idx ON cases.cases (clinic_id, status, updated_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX cases_lead_status_updated_idx ON cases.cases (lead_agency_id, status, updated_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX cases_updated_idx ON cases.cases (updated_at DESC, id DESC)`);
    await q.query(`CREATE INDEX cases_reference_idx ON cases.cases (reference text_pattern_ops)`);
    await q.query(`
      CREATE TABLE cases.participants (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        role_in_case text NOT NULL,
        sharing_basis text NOT NULL,
        basis_rationale text NULL,
        joined_at timestamptz NOT NULL DEFAULT now(),
        left_at timestamptz NULL,
        added_by_user_id uuid NOT NULL,
        ended_by_user_id uuid NULL,
        end_reason text NULL,
        CONSTRAINT participants_pk PRIMARY KEY (id),
        CONSTRAINT participants_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT participants_agency_fk FOREIGN KEY (agency_id) REFERENCES cases.agencies (id),
        CONSTRAINT participants_role_ck CHECK (role_in_case IN (${list(PARTICIPANT_ROLES)})),
        CONSTRAINT participants_basis_ck CHECK (sharing_basis IN (${list(SHARING_BASES)})),
        CONSTRAINT participants_rationale_ck CHECK (sharing_basis = 'CONSENT' OR length(coalesce(basis_rationale, '')) > 0),
        CONSTRAINT participants_left_ck CHECK (left_at IS NULL OR left_at >= joined_at)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX participants_current_uq ON cases.participants (case_id, agency_id) WHERE left_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX participants_agency_current_idx ON cases.participants (agency_id, case_id) WHERE left_at IS NULL`,
    );
    await q.query(`CREATE INDEX participants_case_idx ON cases.participants (case_id, joined_at)`);
    await q.query(`
      CREATE TABLE cases.persons (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        role text NOT NULL,
        alias text NOT NULL,
        given_name text NULL,
        family_name text NULL,
        other_names text[] NOT NULL DEFAULT '{}',
        date_of_birth date NULL,
        relationship_to_subject text NULL,
        age_band text NULL,
        vulnerability_flags text[] NOT NULL DEFAULT '{}',
        proximity_concern boolean NULL,
        created_by_agency_id uuid NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT persons_pk PRIMARY KEY (id),
        CONSTRAINT persons_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT persons_role_ck CHECK (role IN (${list(PERSON_ROLES)})),
        CONSTRAINT persons_alias_uq UNIQUE (case_id, alias),
        CONSTRAINT persons_age_band_ck CHECK (age_band IS NULL OR age_band IN (${list(AGE_BANDS)})),
        CONSTRAINT persons_proximity_ck CHECK (proximity_concern IS NULL OR role = 'SUBJECT')
      )`);
    await q.query(
      `CREATE UNIQUE INDEX persons_one_subject_uq ON cases.persons (case_id) WHERE role = 'SUBJECT'`,
    );
    await q.query(`CREATE INDEX persons_case_idx ON cases.persons (case_id, role)`);
    await q.query(
      `CREATE INDEX persons_family_name_idx ON cases.persons (lower(family_name), case_id) WHERE role = 'SUBJECT'`,
    );
    await q.query(`
      CREATE TABLE cases.locations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL,
        case_id uuid NOT NULL,
        kind text NOT NULL,
        address_line1 text NULL,
        address_line2 text NULL,
        town text NULL,
        postcode text NULL,
        phone text NULL,
        email text NULL,
        details text NULL,
        current boolean NOT NULL DEFAULT true,
        recorded_by_agency_id uuid NOT NULL,
        recorded_by_user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        superseded_at timestamptz NULL,
        CONSTRAINT locations_pk PRIMARY KEY (id),
        CONSTRAINT locations_person_fk FOREIGN KEY (person_id) REFERENCES cases.persons (id),
        CONSTRAINT locations_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT locations_kind_ck CHECK (kind IN (${list(LOCATION_KINDS)}))
      )`);
    await q.query(`CREATE INDEX locations_person_idx ON cases.locations (person_id, created_at DESC)`);
    await q.query(
      `CREATE INDEX locations_postcode_idx ON cases.locations (upper(replace(postcode, ' ', '')), case_id) WHERE current`,
    );
    await q.query(`
      CREATE TABLE cases.victim_voice (
        person_id uuid NOT NULL,
        case_id uuid NOT NULL,
        voice_summary text NULL,
        safety_plan_summary text NULL,
        shared_summary text NULL,
        updated_by_agency_id uuid NOT NULL,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT victim_voice_pk PRIMARY KEY (person_id),
        CONSTRAINT victim_voice_person_fk FOREIGN KEY (person_id) REFERENCES cases.persons (id),
        CONSTRAINT victim_voice_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id)
      )`);
    await q.query(outboxTableSql('cases'));
    await q.query(ensureRoleSql('scp_app'));
    await q.query(`GRANT USAGE ON SCHEMA cases TO scp_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA cases TO scp_app`);
    // Nothing in this schema is ever deleted by the service: history is kept.
    await q.query(`REVOKE DELETE, TRUNCATE ON ALL TABLES IN SCHEMA cases FROM scp_app`);
    // Roles are replaced as a set; the change itself is in the audit log.
    await q.query(`GRANT DELETE ON cases.user_roles TO scp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA cases CASCADE`);
  }
}
