import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 item 3: the supervisor named to approve why a breach was not recorded as a crime now
 * decides. A reason starts PENDING (the breach is unresolved), and the named officer APPROVES or
 * REJECTS it with a note; a rejected breach stays unresolved until a crime reference is recorded.
 * `reason_approved_at` is set only by an approval. Rows recorded before this change named an
 * approver at recording time and are kept as APPROVED.
 */
export class BreachApproval1767225600900 implements MigrationInterface {
  name = 'BreachApproval1767225600900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases.breaches
        ADD COLUMN approval_status text NULL,
        ADD COLUMN approval_note text NULL,
        ADD COLUMN approval_decided_at timestamptz NULL`);
    await q.query(`UPDATE cases.breaches SET approval_status = 'APPROVED', approval_decided_at = reason_approved_at
      WHERE no_crime_reason IS NOT NULL`);
    await q.query(`ALTER TABLE cases.breaches DROP CONSTRAINT breaches_crime_ck`);
    await q.query(`
      ALTER TABLE cases.breaches
        -- Recorded as a crime, or a reason why not that names a supervisor other than the recorder.
        ADD CONSTRAINT breaches_crime_ck CHECK (
          crime_reference IS NOT NULL OR (no_crime_reason IS NOT NULL AND reason_approved_by_user_id IS NOT NULL)),
        ADD CONSTRAINT breaches_approval_status_ck CHECK (approval_status IN ('PENDING', 'APPROVED', 'REJECTED')),
        -- A reason always has a decision state; a breach recorded as a crime from the start has none.
        ADD CONSTRAINT breaches_approval_reason_ck CHECK ((no_crime_reason IS NULL) = (approval_status IS NULL)),
        ADD CONSTRAINT breaches_approval_decided_ck CHECK (
          coalesce(approval_status IN ('APPROVED', 'REJECTED'), false) = (approval_decided_at IS NOT NULL)),
        ADD CONSTRAINT breaches_approval_approved_ck CHECK (
          coalesce(approval_status = 'APPROVED', false) = (reason_approved_at IS NOT NULL)),
        ADD CONSTRAINT breaches_approval_rejected_ck CHECK (approval_status IS DISTINCT FROM 'REJECTED' OR approval_note IS NOT NULL),
        ADD CONSTRAINT breaches_approval_note_ck CHECK (approval_note IS NULL OR length(approval_note) BETWEEN 1 AND 2000)`);
    // The approver's task list: their pending decisions.
    await q.query(`CREATE INDEX breaches_pending_approval_idx ON cases.breaches (reason_approved_by_user_id, created_at)
      WHERE approval_status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases.breaches_pending_approval_idx`);
    await q.query(`
      ALTER TABLE cases.breaches
        DROP CONSTRAINT breaches_approval_note_ck,
        DROP CONSTRAINT breaches_approval_rejected_ck,
        DROP CONSTRAINT breaches_approval_approved_ck,
        DROP CONSTRAINT breaches_approval_decided_ck,
        DROP CONSTRAINT breaches_approval_reason_ck,
        DROP CONSTRAINT breaches_approval_status_ck,
        DROP CONSTRAINT breaches_crime_ck`);
    await q.query(`UPDATE cases.breaches SET reason_approved_at = coalesce(reason_approved_at, created_at)
      WHERE no_crime_reason IS NOT NULL`);
    await q.query(`
      ALTER TABLE cases.breaches
        ADD CONSTRAINT breaches_crime_ck CHECK (
          crime_reference IS NOT NULL
          OR (no_crime_reason IS NOT NULL AND reason_approved_by_user_id IS NOT NULL AND reason_approved_at IS NOT NULL)),
        DROP COLUMN approval_decided_at,
        DROP COLUMN approval_note,
        DROP COLUMN approval_status`);
  }
}
