import { AuditInit1767225600000 } from './1767225600000-audit-init.js';

export { AuditInit1767225600000 };

/** Migrations of the `audit` schema, in order; run with a data source whose schema is `audit`. */
export const auditMigrations = [AuditInit1767225600000];
