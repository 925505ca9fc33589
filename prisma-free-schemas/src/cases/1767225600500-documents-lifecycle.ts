import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CASE_STATUSES } from '@scp/contracts';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** Content categories a document may carry: every case category but D21 (documents) itself. */
const DOCUMENT_CATEGORIES = Array.from({ length: 22 }, (_, i) => `D${i + 1}`).filter((c) => c !== 'D21');
const DOCUMENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
];
const ACTION_STATUSES = ['OPEN', 'IN_PROGRESS', 'COMPLETED', 'NOT_COMPLETED', 'CANCELLED'];

/**
 * Lifecycle step 7 and what surrounds it: escalations to MAPPA/MARAC, closure (with the victim's
 * view recorded through the advocate and a replica of open actions fed by the meetings service),
 * documents (metadata only: the bytes live in the document store) and subject access exports.
 * Reopening creates a new case whose repeat_of_case_id names the closed one; repeat_openings
 * keeps why.
 */
export class DocumentsLifecycle1767225600500 implements MigrationInterface {
  name = 'DocumentsLifecycle1767225600500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases.escalations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        target text NOT NULL,
        mappa_level integer NULL,
        external_reference text NOT NULL,
        escalated_on date NOT NULL,
        notes text NULL,
        previous_status text NOT NULL,
        escalated_by_user_id uuid NOT NULL,
        escalated_by_agency_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT escalations_pk PRIMARY KEY (id),
        CONSTRAINT escalations_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT escalations_user_fk FOREIGN KEY (escalated_by_user_id) REFERENCES cases.users (id),
        CONSTRAINT escalations_agency_fk FOREIGN KEY (escalated_by_agency_id) REFERENCES cases.agencies (id),
        CONSTRAINT escalations_target_ck CHECK (target IN ('MAPPA', 'MARAC')),
        CONSTRAINT escalations_level_ck CHECK (
          (target = 'MAPPA' AND mappa_level BETWEEN 1 AND 3) OR (target = 'MARAC' AND mappa_level IS NULL)),
        CONSTRAINT escalations_reference_ck CHECK (length(btrim(external_reference)) BETWEEN 1 AND 100),
        CONSTRAINT escalations_notes_ck CHECK (notes IS NULL OR length(notes) <= 2000),
        CONSTRAINT escalations_previous_status_ck CHECK (previous_status IN (${list(CASE_STATUSES)}))
      )`);
    await q.query(
      `CREATE INDEX escalations_case_idx ON cases.escalations (case_id, created_at DESC, id DESC)`,
    );

    // A replica, not the source: the meetings service owns actions and announces every change by
    // event; its consumer upserts here (OpenActionsReplica.apply). No foreign key to cases: events
    // may arrive in any order, and a replica must never refuse one.
    await q.query(`
      CREATE TABLE cases.open_actions (
        action_id uuid NOT NULL,
        case_id uuid NOT NULL,
        status text NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT open_actions_pk PRIMARY KEY (action_id),
        CONSTRAINT open_actions_status_ck CHECK (status IN (${list(ACTION_STATUSES)}))
      )`);
    await q.query(
      `CREATE INDEX open_actions_case_open_idx ON cases.open_actions (case_id) WHERE status IN ('OPEN', 'IN_PROGRESS')`,
    );

    await q.query(`
      CREATE TABLE cases.closure_victim_views (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        victim_view text NULL,
        not_contactable_reason text NULL,
        recorded_by_user_id uuid NOT NULL,
        recorded_by_agency_id uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT closure_victim_views_pk PRIMARY KEY (id),
        CONSTRAINT closure_victim_views_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT closure_victim_views_user_fk FOREIGN KEY (recorded_by_user_id) REFERENCES cases.users (id),
        CONSTRAINT closure_victim_views_agency_fk FOREIGN KEY (recorded_by_agency_id) REFERENCES cases.agencies (id),
        CONSTRAINT closure_victim_views_one_ck CHECK ((victim_view IS NULL) <> (not_contactable_reason IS NULL)),
        CONSTRAINT closure_victim_views_view_ck CHECK (victim_view IS NULL OR length(btrim(victim_view)) BETWEEN 1 AND 5000),
        CONSTRAINT closure_victim_views_reason_ck CHECK (
          not_contactable_reason IS NULL OR length(btrim(not_contactable_reason)) BETWEEN 10 AND 2000)
      )`);
    await q.query(
      `CREATE INDEX closure_victim_views_case_idx ON cases.closure_victim_views (case_id, recorded_at DESC, id DESC)`,
    );

    await q.query(`
      CREATE TABLE cases.closures (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        rationale text NOT NULL,
        victim_view_status text NOT NULL,
        victim_view_id uuid NULL,
        victim_not_contactable_reason text NULL,
        action_overrides jsonb NOT NULL DEFAULT '[]'::jsonb,
        orders_in_force jsonb NOT NULL DEFAULT '[]'::jsonb,
        previous_status text NOT NULL,
        closed_by_user_id uuid NOT NULL,
        closed_by_agency_id uuid NOT NULL,
        closed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT closures_pk PRIMARY KEY (id),
        CONSTRAINT closures_case_uq UNIQUE (case_id),
        CONSTRAINT closures_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT closures_view_fk FOREIGN KEY (victim_view_id) REFERENCES cases.closure_victim_views (id),
        CONSTRAINT closures_user_fk FOREIGN KEY (closed_by_user_id) REFERENCES cases.users (id),
        CONSTRAINT closures_agency_fk FOREIGN KEY (closed_by_agency_id) REFERENCES cases.agencies (id),
        CONSTRAINT closures_rationale_ck CHECK (length(btrim(rationale)) BETWEEN 10 AND 5000),
        CONSTRAINT closures_victim_view_ck CHECK (
          (victim_view_status = 'RECORDED' AND victim_view_id IS NOT NULL AND victim_not_contactable_reason IS NULL)
          OR (victim_view_status = 'NOT_CONTACTABLE' AND ((victim_view_id IS NULL) <> (victim_not_contactable_reason IS NULL)))
          OR (victim_view_status = 'NOT_REQUIRED' AND victim_view_id IS NULL AND victim_not_contactable_reason IS NULL)),
        CONSTRAINT closures_overrides_ck CHECK (jsonb_typeof(action_overrides) = 'array'),
        CONSTRAINT closures_orders_ck CHECK (jsonb_typeof(orders_in_force) = 'array'),
        CONSTRAINT closures_previous_status_ck CHECK (previous_status IN (${list(CASE_STATUSES)}) AND previous_status <> 'CLOSED')
      )`);

    // Why a closed case was reopened as a repeat; the new case's repeat_of_case_id says of which.
    // One repeat per closed case: a second report goes to the repeat, not to the closed case.
    await q.query(`
      CREATE TABLE cases.repeat_openings (
        case_id uuid NOT NULL,
        repeat_of_case_id uuid NOT NULL,
        reason text NOT NULL,
        opened_by_user_id uuid NOT NULL,
        opened_by_agency_id uuid NOT NULL,
        opened_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT repeat_openings_pk PRIMARY KEY (case_id),
        CONSTRAINT repeat_openings_of_uq UNIQUE (repeat_of_case_id),
        CONSTRAINT repeat_openings_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT repeat_openings_of_fk FOREIGN KEY (repeat_of_case_id) REFERENCES cases.cases (id),
        CONSTRAINT repeat_openings_user_fk FOREIGN KEY (opened_by_user_id) REFERENCES cases.users (id),
        CONSTRAINT repeat_openings_agency_fk FOREIGN KEY (opened_by_agency_id) REFERENCES cases.agencies (id),
        CONSTRAINT repeat_openings_reason_ck CHECK (length(btrim(reason)) BETWEEN 10 AND 2000),
        CONSTRAINT repeat_openings_distinct_ck CHECK (case_id <> repeat_of_case_id)
      )`);

    // Metadata only: the content is in the document store under storage_key (never in PostgreSQL).
    await q.query(`
      CREATE TABLE cases.documents (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes integer NOT NULL,
        sha256 text NOT NULL,
        category text NOT NULL,
        owner_agency_id uuid NOT NULL,
        visible_agency_ids uuid[] NOT NULL,
        storage_key text NOT NULL,
        uploaded_by_user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT documents_pk PRIMARY KEY (id),
        CONSTRAINT documents_storage_key_uq UNIQUE (storage_key),
        CONSTRAINT documents_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT documents_owner_fk FOREIGN KEY (owner_agency_id) REFERENCES cases.agencies (id),
        CONSTRAINT documents_user_fk FOREIGN KEY (uploaded_by_user_id) REFERENCES cases.users (id),
        CONSTRAINT documents_filename_ck CHECK (length(filename) BETWEEN 1 AND 200),
        CONSTRAINT documents_type_ck CHECK (content_type IN (${list(DOCUMENT_TYPES)})),
        CONSTRAINT documents_size_ck CHECK (size_bytes BETWEEN 1 AND 10485760),
        CONSTRAINT documents_sha256_ck CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT documents_category_ck CHECK (category IN (${list(DOCUMENT_CATEGORIES)})),
        CONSTRAINT documents_visible_ck CHECK (
          owner_agency_id = ANY (visible_agency_ids) AND cardinality(visible_agency_ids) BETWEEN 1 AND 50)
      )`);
    await q.query(`CREATE INDEX documents_case_idx ON cases.documents (case_id, created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE cases.disclosure_exports (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        person_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        requested_by_user_id uuid NOT NULL,
        recipient text NOT NULL,
        purpose text NOT NULL,
        categories text[] NOT NULL,
        json_key text NOT NULL,
        json_sha256 text NOT NULL,
        json_size integer NOT NULL,
        pdf_key text NOT NULL,
        pdf_sha256 text NOT NULL,
        pdf_size integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT disclosure_exports_pk PRIMARY KEY (id),
        CONSTRAINT disclosure_exports_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT disclosure_exports_person_fk FOREIGN KEY (person_id) REFERENCES cases.persons (id),
        CONSTRAINT disclosure_exports_agency_fk FOREIGN KEY (agency_id) REFERENCES cases.agencies (id),
        CONSTRAINT disclosure_exports_user_fk FOREIGN KEY (requested_by_user_id) REFERENCES cases.users (id),
        CONSTRAINT disclosure_exports_recipient_ck CHECK (length(btrim(recipient)) BETWEEN 3 AND 200),
        CONSTRAINT disclosure_exports_purpose_ck CHECK (length(btrim(purpose)) BETWEEN 10 AND 500),
        CONSTRAINT disclosure_exports_sha_ck CHECK (json_sha256 ~ '^[0-9a-f]{64}$' AND pdf_sha256 ~ '^[0-9a-f]{64}$'),
        CONSTRAINT disclosure_exports_keys_uq UNIQUE (json_key, pdf_key),
        CONSTRAINT disclosure_exports_expiry_ck CHECK (expires_at > created_at AND expires_at <= created_at + interval '7 days')
      )`);
    await q.query(
      `CREATE INDEX disclosure_exports_user_idx ON cases.disclosure_exports (requested_by_user_id, created_at DESC)`,
    );

    await q.query(
      `GRANT SELECT, INSERT, UPDATE ON cases.escalations, cases.open_actions, cases.closure_victim_views,
         cases.closures, cases.repeat_openings, cases.documents, cases.disclosure_exports TO scp_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.disclosure_exports`);
    await q.query(`DROP TABLE cases.documents`);
    await q.query(`DROP TABLE cases.repeat_openings`);
    await q.query(`DROP TABLE cases.closures`);
    await q.query(`DROP TABLE cases.closure_victim_views`);
    await q.query(`DROP TABLE cases.open_actions`);
    await q.query(`DROP TABLE cases.escalations`);
  }
}
