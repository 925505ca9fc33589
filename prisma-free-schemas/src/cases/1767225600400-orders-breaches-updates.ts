import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

// Kept here rather than imported from the domain library: a migration is a frozen record of the
// schema at its time, and later code changes must not rewrite it.
const ORDER_STATUSES = ['APPLIED', 'GRANTED', 'IN_FORCE', 'REFUSED', 'VARIED', 'DISCHARGED', 'EXPIRED'];
const PROTECTED_KINDS = ['ADDRESS', 'WORKPLACE', 'EXCLUSION_ZONE', 'OTHER'];
const BREACH_TYPES = ['CONTACT', 'APPROACH', 'ONLINE', 'THIRD_PARTY', 'LOCATION', 'OTHER'];
const CJ_EVENT_TYPES = [
  'ARREST',
  'INTERVIEW_UNDER_CAUTION',
  'RELEASED',
  'BAILED',
  'BAIL_CONDITIONS_CHANGED',
  'CHARGED',
  'NO_FURTHER_ACTION',
  'OTHER',
];
const VICTIM_UPDATE_TRIGGERS = [
  'ARREST',
  'INTERVIEW_UNDER_CAUTION',
  'RELEASED',
  'BAILED',
  'BAIL_CONDITIONS_CHANGED',
];
const ENTITLEMENTS = ['ENHANCED', 'STANDARD'];
const DELIVERY_METHODS = ['PHONE', 'IN_PERSON', 'EMAIL', 'LETTER', 'TEXT_MESSAGE', 'OTHER'];

/**
 * [code, name, is_spo, is_interim, min_fixed_months, allows_until_further_order, notification_days,
 *  no new notification duty when replacing these types, sort order]
 * The Stalking Protection Act 2019: a fixed period of at least two years or until further order
 * (s5(3)); names and home address notified "within the period of 3 days beginning with the day on
 * which the order is served" (s9), which applies to interim orders too (s8).
 */
const ORDER_TYPES: [
  string,
  string,
  boolean,
  boolean,
  number | null,
  boolean,
  number | null,
  string[],
  number,
][] = [
  ['SPO', 'Stalking protection order', true, false, 24, true, 3, ['INTERIM_SPO'], 10],
  ['INTERIM_SPO', 'Interim stalking protection order', true, true, null, true, 3, [], 20],
  [
    'RESTRAINING_ORDER_S5',
    'Restraining order on conviction (Protection from Harassment Act 1997 s5)',
    false,
    false,
    null,
    true,
    null,
    [],
    30,
  ],
  [
    'RESTRAINING_ORDER_S5A',
    'Restraining order on acquittal (Protection from Harassment Act 1997 s5A)',
    false,
    false,
    null,
    true,
    null,
    [],
    40,
  ],
  [
    'NON_MOLESTATION',
    'Non-molestation order (Family Law Act 1996 s42)',
    false,
    false,
    null,
    true,
    null,
    [],
    50,
  ],
  ['DAPN', 'Domestic abuse protection notice', false, false, null, false, null, [], 60],
  ['DAPO', 'Domestic abuse protection order', false, false, null, true, null, [], 70],
  ['BAIL_CONDITIONS', 'Bail conditions', false, false, null, true, null, [], 80],
  ['LICENCE_CONDITIONS', 'Licence conditions', false, false, null, true, null, [], 90],
];

/**
 * Orders and their conditions (served text D15 apart from protected detail D16), breaches (D17),
 * criminal-justice events, victim-update obligations (D22); the case's urgent-review flag and each
 * victim's Victims' Code entitlement. Order types are rows, so their rules are configuration.
 */
export class OrdersBreachesUpdates1767225600400 implements MigrationInterface {
  name = 'OrdersBreachesUpdates1767225600400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases.order_types (
        code text NOT NULL,
        name text NOT NULL,
        is_spo boolean NOT NULL DEFAULT false,
        is_interim boolean NOT NULL DEFAULT false,
        min_fixed_months integer NULL,
        allows_until_further_order boolean NOT NULL DEFAULT true,
        requires_notification boolean NOT NULL DEFAULT false,
        notification_days integer NULL,
        no_new_notification_when_replacing text[] NOT NULL DEFAULT '{}',
        sort_order integer NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        CONSTRAINT order_types_pk PRIMARY KEY (code),
        CONSTRAINT order_types_code_ck CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
        CONSTRAINT order_types_name_ck CHECK (length(name) BETWEEN 1 AND 200),
        CONSTRAINT order_types_min_months_ck CHECK (min_fixed_months IS NULL OR min_fixed_months BETWEEN 1 AND 600),
        CONSTRAINT order_types_notification_ck CHECK (
          requires_notification = (notification_days IS NOT NULL)
          AND (notification_days IS NULL OR notification_days BETWEEN 1 AND 60))
      )`);
    for (const [code, name, spo, interim, months, ufo, days, noNew, sort] of ORDER_TYPES)
      await q.query(
        `INSERT INTO cases.order_types (code, name, is_spo, is_interim, min_fixed_months, allows_until_further_order,
           requires_notification, notification_days, no_new_notification_when_replacing, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [code, name, spo, interim, months, ufo, days !== null, days, noNew, sort],
      );

    await q.query(`
      CREATE TABLE cases.orders (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        order_type_code text NOT NULL,
        status text NOT NULL DEFAULT 'APPLIED',
        applied_on date NULL,
        granted_on date NULL,
        served_on date NULL,
        fixed_end_on date NULL,
        until_further_order boolean NOT NULL DEFAULT false,
        ended_on date NULL,
        replaces_order_id uuid NULL,
        notification_due_on date NULL,
        notification_received_on date NULL,
        created_by_agency_id uuid NOT NULL,
        created_by_user_id uuid NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT orders_pk PRIMARY KEY (id),
        CONSTRAINT orders_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT orders_type_fk FOREIGN KEY (order_type_code) REFERENCES cases.order_types (code),
        CONSTRAINT orders_replaces_fk FOREIGN KEY (replaces_order_id) REFERENCES cases.orders (id),
        CONSTRAINT orders_agency_fk FOREIGN KEY (created_by_agency_id) REFERENCES cases.agencies (id),
        CONSTRAINT orders_user_fk FOREIGN KEY (created_by_user_id) REFERENCES cases.users (id),
        CONSTRAINT orders_status_ck CHECK (status IN (${list(ORDER_STATUSES)})),
        CONSTRAINT orders_period_ck CHECK (NOT (until_further_order AND fixed_end_on IS NOT NULL)),
        CONSTRAINT orders_dates_ck CHECK (
          (granted_on IS NULL OR applied_on IS NULL OR granted_on >= applied_on)
          AND (served_on IS NULL OR granted_on IS NULL OR served_on >= granted_on)
          AND (fixed_end_on IS NULL OR fixed_end_on > coalesce(granted_on, applied_on, fixed_end_on - 1))),
        CONSTRAINT orders_notification_ck CHECK (
          notification_received_on IS NULL OR (served_on IS NOT NULL AND notification_received_on >= served_on)),
        CONSTRAINT orders_replaces_ck CHECK (replaces_order_id IS NULL OR replaces_order_id <> id),
        CONSTRAINT orders_version_ck CHECK (version >= 1)
      )`);
    await q.query(`CREATE INDEX orders_case_idx ON cases.orders (case_id, created_at, id)`);
    // An order is replaced at most once (a full SPO replaces its interim).
    await q.query(
      `CREATE UNIQUE INDEX orders_replaces_uq ON cases.orders (replaces_order_id) WHERE replaces_order_id IS NOT NULL`,
    );
    // Open notification duties, for reminders and "missed" dashboards.
    await q.query(
      `CREATE INDEX orders_notification_open_idx ON cases.orders (notification_due_on, id)
        WHERE notification_due_on IS NOT NULL AND notification_received_on IS NULL`,
    );

    await q.query(`
      CREATE TABLE cases.order_conditions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL,
        case_id uuid NOT NULL,
        position integer NOT NULL,
        served_text text NOT NULL,
        protected_kind text NULL,
        protected_detail text NULL,
        created_by_agency_id uuid NOT NULL,
        created_by_user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT order_conditions_pk PRIMARY KEY (id),
        CONSTRAINT order_conditions_order_fk FOREIGN KEY (order_id) REFERENCES cases.orders (id),
        CONSTRAINT order_conditions_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT order_conditions_position_uq UNIQUE (order_id, position),
        CONSTRAINT order_conditions_position_ck CHECK (position >= 1),
        CONSTRAINT order_conditions_served_text_ck CHECK (length(btrim(served_text)) BETWEEN 1 AND 4000),
        CONSTRAINT order_conditions_kind_ck CHECK (protected_kind IS NULL OR protected_kind IN (${list(PROTECTED_KINDS)})),
        CONSTRAINT order_conditions_protected_ck CHECK ((protected_kind IS NULL) = (protected_detail IS NULL))
      )`);

    await q.query(`
      CREATE TABLE cases.breaches (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        type text NOT NULL,
        order_id uuid NULL,
        condition_id uuid NULL,
        crime_reference text NULL,
        no_crime_reason text NULL,
        reason_approved_by_user_id uuid NULL,
        reason_approved_at timestamptz NULL,
        course_of_conduct_reference text NULL,
        description text NULL,
        recorded_by_agency_id uuid NOT NULL,
        recorded_by_user_id uuid NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT breaches_pk PRIMARY KEY (id),
        CONSTRAINT breaches_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT breaches_order_fk FOREIGN KEY (order_id) REFERENCES cases.orders (id),
        CONSTRAINT breaches_condition_fk FOREIGN KEY (condition_id) REFERENCES cases.order_conditions (id),
        CONSTRAINT breaches_approver_fk FOREIGN KEY (reason_approved_by_user_id) REFERENCES cases.users (id),
        CONSTRAINT breaches_recorder_fk FOREIGN KEY (recorded_by_user_id) REFERENCES cases.users (id),
        CONSTRAINT breaches_type_ck CHECK (type IN (${list(BREACH_TYPES)})),
        -- Recorded as a crime, or a reason why not that a supervisor other than the recorder approved.
        CONSTRAINT breaches_crime_ck CHECK (
          crime_reference IS NOT NULL
          OR (no_crime_reason IS NOT NULL AND reason_approved_by_user_id IS NOT NULL AND reason_approved_at IS NOT NULL)),
        CONSTRAINT breaches_approver_ck CHECK (reason_approved_by_user_id IS NULL OR reason_approved_by_user_id <> recorded_by_user_id),
        CONSTRAINT breaches_condition_ck CHECK (condition_id IS NULL OR order_id IS NOT NULL),
        CONSTRAINT breaches_version_ck CHECK (version >= 1)
      )`);
    await q.query(`CREATE INDEX breaches_case_time_idx ON cases.breaches (case_id, occurred_at, id)`);

    await q.query(`
      CREATE TABLE cases.criminal_justice_events (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        breach_id uuid NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_by_agency_id uuid NOT NULL,
        recorded_by_user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT criminal_justice_events_pk PRIMARY KEY (id),
        CONSTRAINT criminal_justice_events_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT criminal_justice_events_breach_fk FOREIGN KEY (breach_id) REFERENCES cases.breaches (id),
        CONSTRAINT criminal_justice_events_user_fk FOREIGN KEY (recorded_by_user_id) REFERENCES cases.users (id),
        CONSTRAINT criminal_justice_events_type_ck CHECK (type IN (${list(CJ_EVENT_TYPES)}))
      )`);
    await q.query(
      `CREATE INDEX criminal_justice_events_case_idx ON cases.criminal_justice_events (case_id, occurred_at, id)`,
    );
    await q.query(
      `CREATE INDEX criminal_justice_events_breach_idx ON cases.criminal_justice_events (breach_id, occurred_at)
        WHERE breach_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE cases.victim_updates (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        person_id uuid NOT NULL,
        trigger_event_id uuid NOT NULL,
        trigger_type text NOT NULL,
        event_at timestamptz NOT NULL,
        entitlement text NOT NULL,
        working_days integer NOT NULL,
        due_by timestamptz NOT NULL,
        delivered_at timestamptz NULL,
        delivered_by_user_id uuid NULL,
        delivered_by_agency_id uuid NULL,
        delivery_method text NULL,
        content text NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT victim_updates_pk PRIMARY KEY (id),
        CONSTRAINT victim_updates_case_fk FOREIGN KEY (case_id) REFERENCES cases.cases (id),
        CONSTRAINT victim_updates_person_fk FOREIGN KEY (person_id) REFERENCES cases.persons (id),
        CONSTRAINT victim_updates_event_fk FOREIGN KEY (trigger_event_id) REFERENCES cases.criminal_justice_events (id),
        CONSTRAINT victim_updates_user_fk FOREIGN KEY (delivered_by_user_id) REFERENCES cases.users (id),
        CONSTRAINT victim_updates_event_person_uq UNIQUE (trigger_event_id, person_id),
        CONSTRAINT victim_updates_trigger_ck CHECK (trigger_type IN (${list(VICTIM_UPDATE_TRIGGERS)})),
        CONSTRAINT victim_updates_entitlement_ck CHECK (entitlement IN (${list(ENTITLEMENTS)})),
        CONSTRAINT victim_updates_working_days_ck CHECK (working_days BETWEEN 1 AND 10),
        CONSTRAINT victim_updates_due_ck CHECK (due_by > event_at),
        CONSTRAINT victim_updates_method_ck CHECK (delivery_method IS NULL OR delivery_method IN (${list(DELIVERY_METHODS)})),
        CONSTRAINT victim_updates_delivered_ck CHECK (
          (delivered_at IS NULL) = (delivered_by_user_id IS NULL)
          AND (delivered_at IS NULL) = (delivered_by_agency_id IS NULL)
          AND (delivered_at IS NULL) = (delivery_method IS NULL)
          AND (delivered_at IS NULL) = (content IS NULL)),
        CONSTRAINT victim_updates_version_ck CHECK (version >= 1)
      )`);
    // Dashboards: what is due (and overdue) across the cases a reader may see, soonest first.
    await q.query(
      `CREATE INDEX victim_updates_open_due_idx ON cases.victim_updates (due_by, id) WHERE delivered_at IS NULL`,
    );
    await q.query(`CREATE INDEX victim_updates_case_idx ON cases.victim_updates (case_id, event_at, id)`);

    await q.query(`ALTER TABLE cases.cases ADD COLUMN urgent_review_requested_at timestamptz NULL`);
    await q.query(
      `CREATE INDEX cases_urgent_review_idx ON cases.cases (clinic_id, urgent_review_requested_at)
        WHERE urgent_review_requested_at IS NOT NULL`,
    );
    await q.query(`ALTER TABLE cases.persons ADD COLUMN victim_code_entitlement text NULL`);
    await q.query(
      `ALTER TABLE cases.persons ADD CONSTRAINT persons_victim_code_ck CHECK (
         victim_code_entitlement IS NULL OR (role <> 'SUBJECT' AND victim_code_entitlement IN (${list(ENTITLEMENTS)})))`,
    );

    // Configuration changes by migration only; events are facts, never rewritten; nothing is deleted.
    await q.query(`GRANT SELECT ON cases.order_types TO scp_app`);
    await q.query(`GRANT SELECT, INSERT ON cases.criminal_justice_events TO scp_app`);
    await q.query(
      `GRANT SELECT, INSERT, UPDATE ON cases.orders, cases.order_conditions, cases.breaches, cases.victim_updates TO scp_app`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases.persons DROP CONSTRAINT persons_victim_code_ck`);
    await q.query(`ALTER TABLE cases.persons DROP COLUMN victim_code_entitlement`);
    await q.query(`DROP INDEX cases.cases_urgent_review_idx`);
    await q.query(`ALTER TABLE cases.cases DROP COLUMN urgent_review_requested_at`);
    await q.query(`DROP TABLE cases.victim_updates`);
    await q.query(`DROP TABLE cases.criminal_justice_events`);
    await q.query(`DROP TABLE cases.breaches`);
    await q.query(`DROP TABLE cases.order_conditions`);
    await q.query(`DROP TABLE cases.orders`);
    await q.query(`DROP TABLE cases.order_types`);
  }
}
