/** Roles of the entitlement matrix (../shared/design/entitlements.md). */
export const ROLES = [
  'CLINIC_CHAIR',
  'CLINIC_COORDINATOR',
  'POLICE_SPOC',
  'MH_CLINICIAN',
  'PROBATION_OFFICER',
  'VICTIM_ADVOCATE',
  'CPS_CONSULTEE',
  'AUDITOR_DPO',
  'SYSTEM_ADMIN',
] as const;
export type Role = (typeof ROLES)[number];

export const AGENCY_TYPES = ['POLICE', 'HEALTH', 'PROBATION', 'ADVOCACY', 'CPS', 'LOCAL_AUTHORITY'] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];

/**
 * Roles are agency-bound: a role only counts when the user's agency is of one of these types
 * ("a police officer who chairs the clinic sees victim location through the police role").
 */
export const ROLE_AGENCY_TYPES: Readonly<Record<Role, readonly AgencyType[]>> = {
  CLINIC_CHAIR: ['POLICE', 'HEALTH', 'PROBATION', 'ADVOCACY', 'LOCAL_AUTHORITY'],
  CLINIC_COORDINATOR: ['POLICE', 'HEALTH', 'PROBATION', 'ADVOCACY', 'LOCAL_AUTHORITY'],
  POLICE_SPOC: ['POLICE'],
  MH_CLINICIAN: ['HEALTH'],
  PROBATION_OFFICER: ['PROBATION'],
  VICTIM_ADVOCATE: ['ADVOCACY'],
  CPS_CONSULTEE: ['CPS'],
  AUDITOR_DPO: ['POLICE', 'HEALTH', 'PROBATION', 'ADVOCACY', 'CPS', 'LOCAL_AUTHORITY'],
  SYSTEM_ADMIN: ['POLICE', 'HEALTH', 'PROBATION', 'ADVOCACY', 'CPS', 'LOCAL_AUTHORITY'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
export function isAgencyType(value: unknown): value is AgencyType {
  return typeof value === 'string' && (AGENCY_TYPES as readonly string[]).includes(value);
}
