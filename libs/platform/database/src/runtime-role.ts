import { assertIdentifier } from './sql-identifier.js';

/** The role every service runs as (createDataSource `runtimeRole`); grants are made to it. */
export const RUNTIME_ROLE = 'scp_app';

/**
 * Creates a NOLOGIN role if it does not exist. Roles are cluster-wide while migrations run per
 * database, so two databases of one cluster (test files, several services) may race: the loser
 * either sees the role already there or gets duplicate_object / unique_violation, and both are
 * "it exists now".
 */
export function ensureRoleSql(role: string = RUNTIME_ROLE): string {
  assertIdentifier(role, 'role name');
  return `DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '${role}') THEN
    BEGIN
      CREATE ROLE "${role}" NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
END
$$;`;
}
