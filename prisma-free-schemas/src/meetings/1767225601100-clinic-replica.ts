import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The meetings service's copy of each clinic's configuration (cadence, listing and publication
 * deadlines) and of its information sharing agreement signatories, fed by `clinic.updated`
 * events of the cases service. A withdrawal from an agreement reaches this service as a new
 * snapshot without that agency's signature. Also the marks of contribution reminders sent.
 */
export class ClinicReplica1767225601100 implements MigrationInterface {
  name = 'ClinicReplica1767225601100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE meetings.clinic_replica (
        clinic_id uuid NOT NULL,
        cadence text NOT NULL,
        meeting_weekday integer NOT NULL,
        referral_deadline_working_days integer NOT NULL,
        agenda_publication_working_days integer NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT clinic_replica_pk PRIMARY KEY (clinic_id)
      )`);
    await q.query(`
      CREATE TABLE meetings.clinic_isa (
        clinic_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        isa_signed_on date NOT NULL,
        CONSTRAINT clinic_isa_pk PRIMARY KEY (clinic_id, agency_id)
      )`);
    await q.query(`CREATE INDEX clinic_isa_agency_idx ON meetings.clinic_isa (agency_id)`);
    await q.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON meetings.clinic_replica, meetings.clinic_isa TO scp_app`,
    );
    // Contribution reminders already announced (at most one of each kind per item and agency).
    await q.query(`
      CREATE TABLE meetings.contribution_reminders (
        agenda_item_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        kind text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contribution_reminders_pk PRIMARY KEY (agenda_item_id, agency_id, kind),
        CONSTRAINT contribution_reminders_item_fk FOREIGN KEY (agenda_item_id) REFERENCES meetings.agenda_items (id),
        CONSTRAINT contribution_reminders_kind_ck CHECK (kind IN ('DUE', 'MISSING'))
      )`);
    await q.query(`GRANT SELECT, INSERT ON meetings.contribution_reminders TO scp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE meetings.contribution_reminders`);
    await q.query(`DROP TABLE meetings.clinic_isa`);
    await q.query(`DROP TABLE meetings.clinic_replica`);
  }
}
