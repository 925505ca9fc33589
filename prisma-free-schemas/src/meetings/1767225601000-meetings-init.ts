import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureRoleSql, outboxTableSql } from '@scp/platform-database';
import { processedEventsTableSql } from '@scp/platform-messaging';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

const MEETING_STATUSES = [
  'SCHEDULED',
  'AGENDA_PUBLISHED',
  'IN_PROGRESS',
  'MINUTES_DRAFT',
  'MINUTES_APPROVED',
  'CANCELLED',
];
const ATTENDANCE = ['INVITED', 'PRESENT', 'OBSERVER', 'APOLOGIES', 'ABSENT'];
const ITEM_KINDS = ['NEW_REFERRAL', 'REVIEW', 'URGENT', 'OUTSTANDING_ACTIONS', 'AOB'];
const DEFERRALS = ['REFERRER_NOT_BRIEFED', 'INFO_NOT_RECEIVED', 'TIME', 'OTHER'];
const REC_CATEGORIES = [
  'ORDER_APPLICATION',
  'CHARGE_ADVICE',
  'BAIL_OR_LICENCE_CONDITIONS',
  'MH_ASSESSMENT',
  'INTERVENTION',
  'VICTIM_SAFETY',
  'MAPPA_MARAC_REFERRAL',
  'OTHER',
];
const ACTION_STATUSES = ['OPEN', 'IN_PROGRESS', 'COMPLETED', 'NOT_COMPLETED', 'CANCELLED'];

/**
 * The meetings service (issue 6): clinic meetings, attendance and confidentiality acceptance,
 * agenda items, recommendations with dissent, agreed actions (D18), minutes and addenda. Case
 * participation is a replica fed by the cases service's events (no foreign keys to it: events
 * may arrive in any order and a replica never refuses one).
 */
export class MeetingsInit1767225601000 implements MigrationInterface {
  name = 'MeetingsInit1767225601000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE meetings.case_replica (
        case_id uuid NOT NULL,
        clinic_id uuid NOT NULL,
        lead_agency_id uuid NULL,
        closed_at timestamptz NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_replica_pk PRIMARY KEY (case_id)
      )`);
    await q.query(`
      CREATE TABLE meetings.case_participation (
        case_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        clinic_id uuid NOT NULL,
        active boolean NOT NULL,
        changed_at timestamptz NOT NULL,
        CONSTRAINT case_participation_pk PRIMARY KEY (case_id, agency_id)
      )`);
    await q.query(
      `CREATE INDEX case_participation_agency_idx ON meetings.case_participation (agency_id, case_id) WHERE active`,
    );
    await q.query(`
      CREATE TABLE meetings.meetings (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL,
        kind text NOT NULL,
        status text NOT NULL DEFAULT 'SCHEDULED',
        title text NOT NULL,
        chair_user_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        place text NULL,
        virtual_link text NULL,
        referral_deadline_working_days integer NOT NULL,
        agenda_publication_working_days integer NOT NULL,
        confidentiality_statement text NOT NULL,
        executive_summary text NULL,
        agenda_published_at timestamptz NULL,
        minutes_approved_at timestamptz NULL,
        minutes_approved_by_user_id uuid NULL,
        cancel_reason text NULL,
        ics_sequence integer NOT NULL DEFAULT 0,
        created_by_user_id uuid NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT meetings_pk PRIMARY KEY (id),
        CONSTRAINT meetings_kind_ck CHECK (kind IN ('SCHEDULED', 'EXTRAORDINARY')),
        CONSTRAINT meetings_status_ck CHECK (status IN (${list(MEETING_STATUSES)})),
        CONSTRAINT meetings_time_ck CHECK (ends_at > starts_at),
        CONSTRAINT meetings_where_ck CHECK (place IS NOT NULL OR virtual_link IS NOT NULL),
        CONSTRAINT meetings_title_ck CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        CONSTRAINT meetings_deadlines_ck CHECK (referral_deadline_working_days BETWEEN 0 AND 10 AND agenda_publication_working_days BETWEEN 0 AND 10),
        CONSTRAINT meetings_cancel_ck CHECK ((status = 'CANCELLED') = (cancel_reason IS NOT NULL)),
        CONSTRAINT meetings_summary_ck CHECK (executive_summary IS NULL OR length(executive_summary) <= 20000)
      )`);
    await q.query(`CREATE INDEX meetings_clinic_idx ON meetings.meetings (clinic_id, starts_at, id)`);
    await q.query(`
      CREATE TABLE meetings.attendees (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        user_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'INVITED',
        information_submitted boolean NOT NULL DEFAULT false,
        confidentiality_accepted_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT attendees_pk PRIMARY KEY (id),
        CONSTRAINT attendees_meeting_fk FOREIGN KEY (meeting_id) REFERENCES meetings.meetings (id),
        CONSTRAINT attendees_user_uq UNIQUE (meeting_id, user_id),
        CONSTRAINT attendees_status_ck CHECK (status IN (${list(ATTENDANCE)}))
      )`);
    await q.query(`CREATE INDEX attendees_user_idx ON meetings.attendees (user_id, meeting_id)`);
    await q.query(`
      CREATE TABLE meetings.agenda_items (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        case_id uuid NULL,
        kind text NOT NULL,
        position integer NOT NULL,
        duration_minutes integer NOT NULL,
        title text NULL,
        deferral_reason text NULL,
        deferral_note text NULL,
        minutes text NULL,
        summary text NULL,
        next_review_on date NULL,
        listed_by_user_id uuid NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agenda_items_pk PRIMARY KEY (id),
        CONSTRAINT agenda_items_meeting_fk FOREIGN KEY (meeting_id) REFERENCES meetings.meetings (id),
        CONSTRAINT agenda_items_position_uq UNIQUE (meeting_id, position) DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT agenda_items_kind_ck CHECK (kind IN (${list(ITEM_KINDS)})),
        CONSTRAINT agenda_items_case_ck CHECK ((kind IN ('NEW_REFERRAL', 'REVIEW', 'URGENT')) = (case_id IS NOT NULL)),
        CONSTRAINT agenda_items_duration_ck CHECK (duration_minutes BETWEEN 1 AND 480),
        CONSTRAINT agenda_items_position_ck CHECK (position >= 1),
        CONSTRAINT agenda_items_deferral_ck CHECK (deferral_reason IS NULL OR deferral_reason IN (${list(DEFERRALS)})),
        CONSTRAINT agenda_items_deferral_note_ck CHECK (deferral_reason <> 'OTHER' OR deferral_note IS NOT NULL),
        CONSTRAINT agenda_items_text_ck CHECK (coalesce(length(minutes), 0) <= 20000 AND coalesce(length(summary), 0) <= 4000 AND coalesce(length(title), 0) <= 200)
      )`);
    await q.query(`CREATE INDEX agenda_items_case_idx ON meetings.agenda_items (case_id, meeting_id)`);
    await q.query(`
      CREATE TABLE meetings.contributions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        agenda_item_id uuid NOT NULL,
        case_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        author_user_id uuid NOT NULL,
        text text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contributions_pk PRIMARY KEY (id),
        CONSTRAINT contributions_item_fk FOREIGN KEY (agenda_item_id) REFERENCES meetings.agenda_items (id),
        CONSTRAINT contributions_agency_uq UNIQUE (agenda_item_id, agency_id),
        CONSTRAINT contributions_text_ck CHECK (length(btrim(text)) BETWEEN 1 AND 20000)
      )`);
    await q.query(`
      CREATE TABLE meetings.minute_addenda (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        agenda_item_id uuid NULL,
        author_user_id uuid NOT NULL,
        author_agency_id uuid NOT NULL,
        reason text NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT minute_addenda_pk PRIMARY KEY (id),
        CONSTRAINT minute_addenda_meeting_fk FOREIGN KEY (meeting_id) REFERENCES meetings.meetings (id),
        CONSTRAINT minute_addenda_item_fk FOREIGN KEY (agenda_item_id) REFERENCES meetings.agenda_items (id),
        CONSTRAINT minute_addenda_text_ck CHECK (length(btrim(reason)) BETWEEN 1 AND 2000 AND length(btrim(text)) BETWEEN 1 AND 20000)
      )`);
    await q.query(
      `CREATE INDEX minute_addenda_meeting_idx ON meetings.minute_addenda (meeting_id, created_at)`,
    );
    await q.query(`
      CREATE TABLE meetings.recommendations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        agenda_item_id uuid NOT NULL,
        case_id uuid NOT NULL,
        category text NOT NULL,
        text text NOT NULL,
        rationale text NULL,
        status text NOT NULL DEFAULT 'PROPOSED',
        proposed_by_user_id uuid NOT NULL,
        decided_by_user_id uuid NULL,
        decided_at timestamptz NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT recommendations_pk PRIMARY KEY (id),
        CONSTRAINT recommendations_item_fk FOREIGN KEY (agenda_item_id) REFERENCES meetings.agenda_items (id),
        CONSTRAINT recommendations_category_ck CHECK (category IN (${list(REC_CATEGORIES)})),
        CONSTRAINT recommendations_status_ck CHECK (status IN ('PROPOSED', 'AGREED', 'NOT_AGREED')),
        CONSTRAINT recommendations_decided_ck CHECK ((status = 'PROPOSED') = (decided_at IS NULL)),
        CONSTRAINT recommendations_text_ck CHECK (length(btrim(text)) BETWEEN 1 AND 4000 AND coalesce(length(rationale), 0) <= 4000)
      )`);
    await q.query(`CREATE INDEX recommendations_case_idx ON meetings.recommendations (case_id, created_at)`);
    await q.query(`
      CREATE TABLE meetings.recommendation_dissents (
        recommendation_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        reason text NOT NULL,
        recorded_by_user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT recommendation_dissents_pk PRIMARY KEY (recommendation_id, agency_id),
        CONSTRAINT recommendation_dissents_fk FOREIGN KEY (recommendation_id) REFERENCES meetings.recommendations (id),
        CONSTRAINT recommendation_dissents_reason_ck CHECK (length(btrim(reason)) BETWEEN 1 AND 2000)
      )`);
    await q.query(`
      CREATE TABLE meetings.actions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        clinic_id uuid NOT NULL,
        meeting_id uuid NULL,
        recommendation_id uuid NULL,
        title text NOT NULL,
        owner_agency_id uuid NOT NULL,
        owner_user_id uuid NULL,
        due_on date NOT NULL,
        priority text NOT NULL,
        status text NOT NULL DEFAULT 'OPEN',
        completion_note text NULL,
        not_completed_reason text NULL,
        end_note text NULL,
        chair_reason text NULL,
        ended_by_user_id uuid NULL,
        ended_at timestamptz NULL,
        created_by_user_id uuid NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT actions_pk PRIMARY KEY (id),
        CONSTRAINT actions_recommendation_fk FOREIGN KEY (recommendation_id) REFERENCES meetings.recommendations (id),
        CONSTRAINT actions_meeting_fk FOREIGN KEY (meeting_id) REFERENCES meetings.meetings (id),
        CONSTRAINT actions_status_ck CHECK (status IN (${list(ACTION_STATUSES)})),
        CONSTRAINT actions_priority_ck CHECK (priority IN ('LOW', 'MEDIUM', 'HIGH')),
        CONSTRAINT actions_title_ck CHECK (length(btrim(title)) BETWEEN 1 AND 1000),
        CONSTRAINT actions_completed_ck CHECK (status <> 'COMPLETED' OR completion_note IS NOT NULL),
        CONSTRAINT actions_not_completed_ck CHECK (status <> 'NOT_COMPLETED' OR (not_completed_reason IN ('CHANGE_OF_CIRCUMSTANCE', 'AGENCY_NOT_COMPLETED') AND end_note IS NOT NULL)),
        CONSTRAINT actions_cancelled_ck CHECK (status <> 'CANCELLED' OR chair_reason IS NOT NULL),
        CONSTRAINT actions_ended_ck CHECK ((status IN ('OPEN', 'IN_PROGRESS')) = (ended_at IS NULL))
      )`);
    await q.query(`CREATE INDEX actions_case_idx ON meetings.actions (case_id, due_on, id)`);
    await q.query(
      `CREATE INDEX actions_owner_open_idx ON meetings.actions (owner_agency_id, due_on, id) WHERE status IN ('OPEN', 'IN_PROGRESS')`,
    );
    // One row per (action, reminder kind) already announced, so a sweep re-run sends nothing twice.
    await q.query(`
      CREATE TABLE meetings.action_deadline_events (
        action_id uuid NOT NULL,
        kind text NOT NULL,
        due_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT action_deadline_events_pk PRIMARY KEY (action_id, kind, due_on),
        CONSTRAINT action_deadline_events_fk FOREIGN KEY (action_id) REFERENCES meetings.actions (id),
        CONSTRAINT action_deadline_events_kind_ck CHECK (kind IN ('DUE_SOON', 'DUE', 'OVERDUE', 'ESCALATED'))
      )`);
    await q.query(outboxTableSql('meetings'));
    await q.query(processedEventsTableSql('meetings'));
    await q.query(ensureRoleSql('scp_app'));
    await q.query(`GRANT USAGE ON SCHEMA meetings TO scp_app`);
    await q.query(
      `GRANT SELECT, INSERT, UPDATE ON meetings.case_replica, meetings.case_participation, meetings.meetings,
         meetings.attendees, meetings.agenda_items, meetings.contributions, meetings.recommendations, meetings.actions TO scp_app`,
    );
    // Append-only records: addenda, dissent and reminder marks are never changed.
    await q.query(
      `GRANT SELECT, INSERT ON meetings.minute_addenda, meetings.recommendation_dissents, meetings.action_deadline_events TO scp_app`,
    );
    // Approved minutes are immutable (domain.md step 4): the database refuses a change to an
    // item's minutes once its meeting's minutes are approved, whatever the code does.
    await q.query(`
      CREATE FUNCTION meetings.refuse_approved_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW.minutes IS DISTINCT FROM OLD.minutes OR NEW.summary IS DISTINCT FROM OLD.summary)
           AND EXISTS (SELECT 1 FROM meetings.meetings m WHERE m.id = OLD.meeting_id AND m.status = 'MINUTES_APPROVED') THEN
          RAISE EXCEPTION 'approved minutes are immutable' USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER agenda_items_approved_minutes BEFORE UPDATE ON meetings.agenda_items
      FOR EACH ROW EXECUTE FUNCTION meetings.refuse_approved_minutes()`);
    await q.query(`
      CREATE FUNCTION meetings.refuse_approved_summary() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'MINUTES_APPROVED' AND (NEW.executive_summary IS DISTINCT FROM OLD.executive_summary OR NEW.status <> OLD.status) THEN
          RAISE EXCEPTION 'approved minutes are immutable' USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER meetings_approved_summary BEFORE UPDATE ON meetings.meetings
      FOR EACH ROW EXECUTE FUNCTION meetings.refuse_approved_summary()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'action_deadline_events',
      'actions',
      'recommendation_dissents',
      'recommendations',
      'minute_addenda',
      'contributions',
      'agenda_items',
      'attendees',
      'meetings',
      'case_participation',
      'case_replica',
      'outbox',
      'processed_events',
    ])
      await q.query(`DROP TABLE IF EXISTS meetings.${t}`);
    await q.query(`DROP FUNCTION IF EXISTS meetings.refuse_approved_minutes()`);
    await q.query(`DROP FUNCTION IF EXISTS meetings.refuse_approved_summary()`);
  }
}
