import type { Role } from './roles.js';

/**
 * Who should hear of something: the notifications service asks the cases service at send time
 * (`POST /internal/recipients`), with ids and role codes only.
 */
export interface RecipientQuery {
  /** Restricts every selector to people entitled to the case now. */
  caseId?: string | null;
  /** The clinic whose officers `clinicOfficers` means (default: the case's clinic). */
  clinicId?: string | null;
  /** These users (still subject to the case check). */
  userIds?: string[] | null;
  /** Users of these agencies holding one of `roles` (both optional; at least one given). */
  agencyIds?: string[] | null;
  roles?: Role[] | null;
  /** The clinic's chairs and coordinators. */
  clinicOfficers?: boolean | null;
}

export interface Recipient {
  userId: string;
  displayName: string;
  email: string | null;
  agencyId: string;
  roles: Role[];
}
