import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which agencies signed each clinic's information sharing agreement, from the cases service's
 * `clinic.updated` snapshots (the latest by event time wins), so acceptance can refuse an agency
 * that has not signed instead of the case quietly opening without it. One row per clinic with the
 * snapshot's arrays: the service never deletes, and a snapshot replaces the set.
 */
export class ReferralsClinicReplica1767225601200 implements MigrationInterface {
  name = 'ReferralsClinicReplica1767225601200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referrals.clinic_replica (
        clinic_id uuid NOT NULL,
        isa_agency_ids uuid[] NOT NULL,
        isa_signed_on date[] NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT clinic_replica_pk PRIMARY KEY (clinic_id),
        CONSTRAINT clinic_replica_isa_ck CHECK (cardinality(isa_agency_ids) = cardinality(isa_signed_on))
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON referrals.clinic_replica TO scp_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referrals.clinic_replica`);
  }
}
