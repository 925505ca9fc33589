import { AuditInit1767225600000 } from './1767225600000-audit-init.js';
import { AuditRoleChange1767225600600 } from './1767225600600-audit-role-change.js';

export { AuditInit1767225600000, AuditRoleChange1767225600600 };

/** Migrations of the `audit` schema, in order; run with a data source whose schema is `audit`. */
export const auditMigrations = [AuditInit1767225600000, AuditRoleChange1767225600600];
