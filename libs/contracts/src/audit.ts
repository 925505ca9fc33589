/** What the audit log records (libs/platform/audit writes them; the DPO's workspace names them). */
export const AUDIT_ACTIONS = [
  'VIEW',
  'SEARCH',
  'CREATE',
  'UPDATE',
  'DELETE',
  'EXPORT',
  'DISCLOSURE',
  'LOGIN',
  'ACCESS_DENIED',
  'BREAK_GLASS',
  'ROLE_CHANGE',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
