import type { DataCategory, Role } from '@scp/contracts';

/**
 * The entitlement matrix (../shared/design/entitlements.md) as data: one row per data category,
 * one grant per role. A role or category missing here has no access (fail closed).
 *
 * Grant codes, exactly as the matrix writes them:
 *  RW        read and write
 *  R         read
 *  S / P     a limited view only: a separately authored shared summary (S) or a pseudonymised view (P)
 *  O         read and write the caller's own agency's entries only
 *  RW_OWN_R  read everything, write own agency's entries only ("RW (O) / R", "RW own tools / R")
 *  O_THEN_R  own agency's entries before the meeting, then read (D20 contributions)
 *  DOC       decided by the document's own category and its list of agencies (D21)
 *  AGENCY_R  read what concerns the caller's own agency (D23 audit events)
 */
export type GrantCode = 'RW' | 'R' | 'S' | 'P' | 'O' | 'RW_OWN_R' | 'O_THEN_R' | 'DOC' | 'AGENCY_R';

type Row = Partial<Record<Role, GrantCode>>;

const PARTNERS_READ: Row = {
  CLINIC_CHAIR: 'R',
  CLINIC_COORDINATOR: 'R',
  POLICE_SPOC: 'RW',
  MH_CLINICIAN: 'R',
  PROBATION_OFFICER: 'R',
  VICTIM_ADVOCATE: 'R',
  CPS_CONSULTEE: 'R',
};

export const POLICY_TABLE: Readonly<Record<DataCategory, Row>> = {
  D1: {
    CLINIC_CHAIR: 'RW',
    CLINIC_COORDINATOR: 'RW',
    POLICE_SPOC: 'RW',
    MH_CLINICIAN: 'R',
    PROBATION_OFFICER: 'R',
    VICTIM_ADVOCATE: 'R',
    CPS_CONSULTEE: 'R',
  },
  D2: PARTNERS_READ,
  D3: {
    CLINIC_CHAIR: 'R',
    POLICE_SPOC: 'RW',
    MH_CLINICIAN: 'R',
    PROBATION_OFFICER: 'R',
    VICTIM_ADVOCATE: 'S',
  },
  D4: { POLICE_SPOC: 'RW' },
  D5: {
    CLINIC_CHAIR: 'R',
    POLICE_SPOC: 'RW',
    MH_CLINICIAN: 'R',
    PROBATION_OFFICER: 'R',
    VICTIM_ADVOCATE: 'R',
    CPS_CONSULTEE: 'R',
  },
  D6: { MH_CLINICIAN: 'RW' },
  D7: {
    CLINIC_CHAIR: 'R',
    POLICE_SPOC: 'R',
    MH_CLINICIAN: 'RW',
    PROBATION_OFFICER: 'R',
    VICTIM_ADVOCATE: 'S',
  },
  D8: {
    CLINIC_CHAIR: 'R',
    POLICE_SPOC: 'RW_OWN_R',
    MH_CLINICIAN: 'RW_OWN_R',
    PROBATION_OFFICER: 'R',
    VICTIM_ADVOCATE: 'R',
    CPS_CONSULTEE: 'R',
  },
  D9: { PROBATION_OFFICER: 'RW' },
  D10: {
    CLINIC_CHAIR: 'R',
    POLICE_SPOC: 'R',
    MH_CLINICIAN: 'R',
    PROBATION_OFFICER: 'RW',
    VICTIM_ADVOCATE: 'S',
  },
  D11: {
    CLINIC_CHAIR: 'R',
    CLINIC_COORDINATOR: 'R',
    POLICE_SPOC: 'RW',
    MH_CLINICIAN: 'P',
    PROBATION_OFFICER: 'R',
    VICTIM_ADVOCATE: 'RW',
    CPS_CONSULTEE: 'R',
  },
  D12: { POLICE_SPOC: 'RW', VICTIM_ADVOCATE: 'RW' },
  D13: {
    CLINIC_CHAIR: 'R',
    POLICE_SPOC: 'R',
    MH_CLINICIAN: 'P',
    PROBATION_OFFICER: 'P',
    VICTIM_ADVOCATE: 'RW',
    CPS_CONSULTEE: 'R',
  },
  D14: { VICTIM_ADVOCATE: 'O' },
  D15: PARTNERS_READ,
  D16: { POLICE_SPOC: 'RW', VICTIM_ADVOCATE: 'R' },
  D17: PARTNERS_READ,
  D18: {
    CLINIC_CHAIR: 'RW',
    CLINIC_COORDINATOR: 'R',
    POLICE_SPOC: 'RW_OWN_R',
    MH_CLINICIAN: 'RW_OWN_R',
    PROBATION_OFFICER: 'RW_OWN_R',
    VICTIM_ADVOCATE: 'RW_OWN_R',
  },
  D19: {
    CLINIC_CHAIR: 'RW',
    CLINIC_COORDINATOR: 'RW',
    POLICE_SPOC: 'R',
    MH_CLINICIAN: 'R',
    PROBATION_OFFICER: 'R',
    VICTIM_ADVOCATE: 'R',
    CPS_CONSULTEE: 'S',
  },
  D20: {
    CLINIC_CHAIR: 'R',
    POLICE_SPOC: 'O_THEN_R',
    MH_CLINICIAN: 'O_THEN_R',
    PROBATION_OFFICER: 'O_THEN_R',
    VICTIM_ADVOCATE: 'O_THEN_R',
  },
  D21: {
    CLINIC_CHAIR: 'DOC',
    CLINIC_COORDINATOR: 'DOC',
    POLICE_SPOC: 'DOC',
    MH_CLINICIAN: 'DOC',
    PROBATION_OFFICER: 'DOC',
    VICTIM_ADVOCATE: 'DOC',
    CPS_CONSULTEE: 'DOC',
  },
  D22: { CLINIC_CHAIR: 'R', POLICE_SPOC: 'RW', VICTIM_ADVOCATE: 'RW' },
  D23: { AUDITOR_DPO: 'AGENCY_R' },
  DIR: { CLINIC_COORDINATOR: 'R', AUDITOR_DPO: 'R', SYSTEM_ADMIN: 'RW' },
};

/** What a grant code means for reading and writing. */
export interface GrantMeaning {
  read: 'NONE' | 'LIMITED' | 'OWN' | 'FULL' | 'OWN_THEN_FULL' | 'AGENCY';
  write: 'NONE' | 'OWN' | 'ALL';
}

export const GRANT_MEANING: Readonly<Record<GrantCode, GrantMeaning>> = {
  RW: { read: 'FULL', write: 'ALL' },
  R: { read: 'FULL', write: 'NONE' },
  S: { read: 'LIMITED', write: 'NONE' },
  P: { read: 'LIMITED', write: 'NONE' },
  O: { read: 'OWN', write: 'OWN' },
  RW_OWN_R: { read: 'FULL', write: 'OWN' },
  O_THEN_R: { read: 'OWN_THEN_FULL', write: 'OWN' },
  DOC: { read: 'FULL', write: 'OWN' },
  AGENCY_R: { read: 'AGENCY', write: 'NONE' },
};

/** Categories that belong to a case (everything but audit and the directory). */
export const CASE_CATEGORIES: readonly DataCategory[] = [
  'D1',
  'D2',
  'D3',
  'D4',
  'D5',
  'D6',
  'D7',
  'D8',
  'D9',
  'D10',
  'D11',
  'D12',
  'D13',
  'D14',
  'D15',
  'D16',
  'D17',
  'D18',
  'D19',
  'D20',
  'D21',
  'D22',
];

/** The field key CASL uses for the limited (S/P) view of a category. */
export const limited = (category: DataCategory) => `${category}:limited` as const;
export type FieldKey = DataCategory | `${DataCategory}:limited`;

/** The key's category: `D6:limited` → `D6`. */
const baseCategory = (key: FieldKey) => key.split(':')[0] as DataCategory;

/**
 * True when every role that reads a case's header (D1) reads all of `keys` in full. Only a
 * change to such data may move a value every case reader sees (Case.updatedAt): a field must not
 * change because of data its reader cannot read (entitlements.md, side channels). Limited views
 * (S/P) and D21 (whose readers depend on each document) never count.
 */
export function readByEveryCaseReader(keys: readonly FieldKey[]): boolean {
  const readers = (Object.keys(POLICY_TABLE.D1) as Role[]).filter((role) => POLICY_TABLE.D1[role]);
  return keys.every((key) => {
    if (key.includes(':')) return false;
    const category = baseCategory(key);
    return readers.every((role) => {
      const code = POLICY_TABLE[category][role];
      return !!code && code !== 'DOC' && GRANT_MEANING[code].read === 'FULL';
    });
  });
}
