export const CASE_STATUSES = [
  'AWAITING_LISTING',
  'LISTED',
  'ACTIVE',
  'MONITORING',
  'CONSULTATION',
  'ESCALATED',
  'CLOSED',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * Allowed status transitions (domain.md, Lifecycle step 2). Reopening is its own mutation. A
 * reviewed case goes back to AWAITING_LISTING when its next review falls due or an urgent review
 * is flagged (docs/case-lifecycle.md).
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  AWAITING_LISTING: ['LISTED', 'CONSULTATION', 'ESCALATED', 'CLOSED'],
  LISTED: ['ACTIVE', 'AWAITING_LISTING', 'ESCALATED', 'CLOSED'],
  ACTIVE: ['MONITORING', 'LISTED', 'AWAITING_LISTING', 'ESCALATED', 'CLOSED'],
  MONITORING: ['ACTIVE', 'LISTED', 'AWAITING_LISTING', 'ESCALATED', 'CLOSED'],
  CONSULTATION: ['CLOSED'],
  ESCALATED: ['ACTIVE', 'MONITORING', 'LISTED', 'CLOSED'],
  CLOSED: [],
};

/**
 * Working days within which a case flagged for an urgent review must be on a meeting's published
 * agenda; past it, the flag escalates to the clinic's chair (docs/case-lifecycle.md).
 */
export const URGENT_REVIEW_WORKING_DAYS = 5;

/** Steps of a case's life with the clinic, as its timeline records them (docs/case-lifecycle.md). */
export const CASE_LIFECYCLE_KINDS = [
  'LISTED',
  'REVIEWED',
  'UNLISTED',
  'ACTIONS_DONE',
  'REVIEW_DUE',
  'URGENT_REVIEW_REQUESTED',
  'URGENT_REVIEW_CLEARED',
  'URGENT_REVIEW_OVERDUE',
] as const;
export type CaseLifecycleKind = (typeof CASE_LIFECYCLE_KINDS)[number];

export const CJ_STATUSES = [
  'PRE_ARREST',
  'UNDER_INVESTIGATION',
  'RELEASED_UNDER_INVESTIGATION',
  'ON_BAIL',
  'CHARGED',
  'AWAITING_TRIAL',
  'CONVICTED',
  'ON_LICENCE',
  'NO_FURTHER_ACTION',
  'ACQUITTED',
] as const;
export type CjStatus = (typeof CJ_STATUSES)[number];

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const PARTICIPANT_ROLES = ['LEAD', 'PARTNER', 'ADVICE_ONLY'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const SHARING_BASES = [
  'CONSENT',
  'CONSENT_REFUSED_OVERRIDDEN',
  'NOT_SOUGHT_RISK',
  'STATUTORY_GATEWAY',
] as const;
export type SharingBasis = (typeof SHARING_BASES)[number];

export const PERSON_ROLES = ['SUBJECT', 'VICTIM', 'THIRD_PARTY'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const LOCATION_KINDS = ['HOME', 'WORK', 'ROUTINE', 'SAFE_CONTACT', 'WHEREABOUTS'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const AGE_BANDS = ['UNDER_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_PLUS'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
