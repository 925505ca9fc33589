import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureRoleSql } from '@scp/platform-database';

/**
 * audit.events: the append-only, hash-chained access log (entitlements.md "Audit", DPA 2018 s62).
 * The database itself refuses UPDATE, DELETE and TRUNCATE: triggers stop the owner, and the
 * runtime role scp_app (what every service runs as) is only granted SELECT and INSERT.
 */
export class AuditInit1767225600000 implements MigrationInterface {
  name = 'AuditInit1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS audit`);
    await queryRunner.query(`
      CREATE TABLE audit.events (
        seq bigint GENERATED ALWAYS AS IDENTITY,
        id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor_id text NOT NULL,
        actor_agency_id text NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NULL,
        case_id text NULL,
        owner_agency_id text NULL,
        categories text[] NOT NULL DEFAULT '{}',
        purpose text NOT NULL,
        recipients text[] NOT NULL DEFAULT '{}',
        request_id text NULL,
        service text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT events_pk PRIMARY KEY (seq),
        CONSTRAINT events_id_uq UNIQUE (id),
        CONSTRAINT events_action_ck CHECK (action IN (
          'VIEW', 'SEARCH', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'DISCLOSURE', 'LOGIN', 'ACCESS_DENIED', 'BREAK_GLASS'
        )),
        CONSTRAINT events_categories_ck CHECK (categories <@ ARRAY[
          'D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8', 'D9', 'D10', 'D11', 'D12', 'D13', 'D14', 'D15', 'D16',
          'D17', 'D18', 'D19', 'D20', 'D21', 'D22', 'D23', 'DIR'
        ]::text[]),
        CONSTRAINT events_purpose_ck CHECK (length(btrim(purpose)) > 0),
        CONSTRAINT events_actor_ck CHECK (length(actor_id) > 0),
        CONSTRAINT events_prev_hash_ck CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        CONSTRAINT events_hash_ck CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    await queryRunner.query(`CREATE INDEX events_entity_idx ON audit.events (entity_id, occurred_at)`);
    await queryRunner.query(`CREATE INDEX events_agency_idx ON audit.events (actor_agency_id, occurred_at)`);
    await queryRunner.query(`CREATE INDEX events_actor_idx ON audit.events (actor_id, occurred_at)`);
    // "Who saw this case" and "who saw my agency's records" (the DPO's two questions).
    await queryRunner.query(`CREATE INDEX events_case_idx ON audit.events (case_id, occurred_at)`);
    await queryRunner.query(
      `CREATE INDEX events_owner_agency_idx ON audit.events (owner_agency_id, occurred_at)`,
    );
    await queryRunner.query(`CREATE INDEX events_occurred_at_idx ON audit.events (occurred_at)`);

    await queryRunner.query(`
      CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit.events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON audit.events
        FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON audit.events
        FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()`);

    await queryRunner.query(ensureRoleSql('scp_app'));
    await queryRunner.query(`REVOKE ALL ON audit.events FROM PUBLIC`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA audit TO scp_app`);
    // SELECT: the writer reads the last hash of the chain. Identity columns need no sequence grant.
    await queryRunner.query(`GRANT SELECT, INSERT ON audit.events TO scp_app`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit.events FROM PUBLIC, scp_app`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The role is shared by every service's schema and stays.
    await queryRunner.query(`DROP TABLE IF EXISTS audit.events`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS audit.refuse_change()`);
  }
}
