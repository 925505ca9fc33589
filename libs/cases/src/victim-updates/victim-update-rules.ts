import { endOfNthWorkingDayAfter } from '@scp/platform-calendar';

/** What police record about the criminal-justice process (on a breach or on its own). */
export const CJ_EVENT_TYPES = [
  'ARREST',
  'INTERVIEW_UNDER_CAUTION',
  'RELEASED',
  'BAILED',
  'BAIL_CONDITIONS_CHANGED',
  'CHARGED',
  'NO_FURTHER_ACTION',
  'OTHER',
] as const;
export type CjEventType = (typeof CJ_EVENT_TYPES)[number];

/**
 * Victims' Code, Right 6: the victim must be told when the subject is arrested, interviewed under
 * caution, released, bailed, or bail conditions change (domain.md). Each such event creates one
 * obligation per victim of the case.
 */
export const VICTIM_UPDATE_TRIGGERS: ReadonlySet<string> = new Set([
  'ARREST',
  'INTERVIEW_UNDER_CAUTION',
  'RELEASED',
  'BAILED',
  'BAIL_CONDITIONS_CHANGED',
]);

/** A breach followed by one of these calls for an urgent risk review (issue 4, item 6). */
export const URGENT_REVIEW_TRIGGERS: ReadonlySet<string> = new Set([
  'ARREST',
  'INTERVIEW_UNDER_CAUTION',
  'RELEASED',
  'BAILED',
]);

export const ENTITLEMENTS = ['ENHANCED', 'STANDARD'] as const;
export type Entitlement = (typeof ENTITLEMENTS)[number];
/** Victims of stalking are usually entitled to enhanced rights: the default until someone records otherwise. */
export const DEFAULT_ENTITLEMENT: Entitlement = 'ENHANCED';
export const WORKING_DAYS_TO_TELL: Readonly<Record<Entitlement, number>> = { ENHANCED: 1, STANDARD: 5 };

export const DELIVERY_METHODS = ['PHONE', 'IN_PERSON', 'EMAIL', 'LETTER', 'TEXT_MESSAGE', 'OTHER'] as const;

/**
 * When the victim must have been told: the end (23:59:59.999 London) of the 1st (enhanced) or
 * 5th (standard) England and Wales working day after the event's London day.
 */
export function victimUpdateDueBy(eventAt: Date, entitlement: string): { workingDays: number; dueBy: Date } {
  const workingDays = WORKING_DAYS_TO_TELL[entitlement as Entitlement] ?? WORKING_DAYS_TO_TELL.ENHANCED;
  return { workingDays, dueBy: endOfNthWorkingDayAfter(eventAt, workingDays) };
}

/** Not yet delivered and past its deadline. */
export function isOverdue(dueBy: Date, deliveredAt: Date | null, now: Date = new Date()): boolean {
  return !deliveredAt && now.getTime() > dueBy.getTime();
}
