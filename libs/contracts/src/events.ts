/**
 * Queue names. BullMQ consumers of one queue compete for its jobs, so each consuming service has
 * its own queue per producer: `<producer>-events.<consumer>`. Job data is the event envelope,
 * which carries ids and codes only (security.md 4.1).
 */
export const QUEUES = {
  caseEvents: 'case-events',
  caseEventsForReferrals: 'case-events.referrals',
  caseEventsForMeetings: 'case-events.meetings',
  caseEventsForNotifications: 'case-events.notifications',
  referralEventsForCases: 'referral-events.cases',
  referralEventsForNotifications: 'referral-events.notifications',
  meetingEventsForCases: 'meeting-events.cases',
  meetingEventsForNotifications: 'meeting-events.notifications',
  referralEvents: 'referral-events',
  meetingEvents: 'meeting-events',
  notifications: 'notifications',
  /** The notifications service's own jobs: one email delivery each, and reminders due later. */
  notificationEmails: 'notification-emails',
  notificationReminders: 'notification-reminders',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Every queue the cases service's events go to: one per consuming service. */
export const CASE_EVENT_QUEUES: readonly QueueName[] = [
  QUEUES.caseEventsForReferrals,
  QUEUES.caseEventsForMeetings,
  QUEUES.caseEventsForNotifications,
];

/** Event types written to a service's outbox. Payloads hold ids and codes, never case content. */
export const EVENT_TYPES = {
  caseCreated: 'case.created',
  caseUpdated: 'case.updated',
  participationAdded: 'case.participation-added',
  participationEnded: 'case.participation-ended',
  breakGlass: 'audit.break-glass',
  /** A writer's free text on a case was refused repeatedly, a recorded victim location among it. */
  freeTextWriterPaused: 'free-text.writer-paused',
  riskLevelAgreed: 'case.risk-level-agreed',
  caseEscalated: 'case.escalated',
  caseClosed: 'case.closed',
  caseReopened: 'case.reopened',
  documentAdded: 'case.document-added',
  orderNotificationDue: 'order.notification-due',
  orderNotificationReceived: 'order.notification-received',
  breachRecorded: 'breach.recorded',
  /** A breach's reason for no crime record awaits the named supervisor's decision. */
  breachApprovalRequested: 'breach.approval-requested',
  breachApprovalDecided: 'breach.approval-decided',
  urgentReviewRequested: 'case.urgent-review-requested',
  victimUpdateDue: 'victim-update.due',
  victimUpdateDelivered: 'victim-update.delivered',
  referralSubmitted: 'referral.submitted',
  referralMoreInfoRequested: 'referral.more-info-requested',
  referralDeclined: 'referral.declined',
  referralAccepted: 'referral.accepted',
  referralScreeningOverdue: 'referral.screening-overdue',
  actionAssigned: 'action.assigned',
  actionStatusChanged: 'action.status-changed',
  actionDueSoon: 'action.due-soon',
  actionDue: 'action.due',
  actionOverdue: 'action.overdue',
  actionEscalated: 'action.escalated',
  nextReviewSet: 'case.next-review-set',
  /** Meetings → cases: a case's item is on a published agenda (docs/case-lifecycle.md). */
  caseListed: 'meeting.case-listed',
  /** Meetings → cases: the minutes of a case's item are approved (the review was held). */
  caseReviewed: 'meeting.case-reviewed',
  /** Meetings → cases: a listed item was not reviewed (deferred, or its meeting cancelled). */
  caseUnlisted: 'meeting.case-unlisted',
  /** A case's status followed the clinic (listed, reviewed, monitoring, review due). */
  caseStatusChanged: 'case.status-changed',
  /** The urgent-review flag was cleared by a review (or by the chair). */
  urgentReviewCleared: 'case.urgent-review-cleared',
  /** The urgent-review flag is still set and no meeting was held within the urgent deadline. */
  urgentReviewOverdue: 'case.urgent-review-overdue',
  /** A clinic's configuration and information sharing agreement signatories (whole snapshot). */
  clinicUpdated: 'clinic.updated',
  /** Meeting header changes: payloads carry the header (title, times, place), never case content. */
  meetingScheduled: 'meeting.scheduled',
  meetingRescheduled: 'meeting.rescheduled',
  meetingCancelled: 'meeting.cancelled',
  attendeeInvited: 'meeting.attendee-invited',
  agendaPublished: 'meeting.agenda-published',
  minutesApproved: 'meeting.minutes-approved',
  contributionDue: 'contribution.due',
  contributionMissing: 'contribution.missing',
} as const;
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

export interface EventEnvelope<P extends Record<string, unknown> = Record<string, unknown>> {
  /** Outbox row id; also the BullMQ job id and the consumers' idempotency key. */
  id: string;
  type: EventType;
  aggregateType: string;
  aggregateId: string;
  actorId: string | null;
  correlationId: string | null;
  occurredAt: string;
  payload: P;
}

export interface ParticipationEventPayload extends Record<string, unknown> {
  caseId: string;
  clinicId: string;
  agencyId: string;
}

/** `clinic.updated`: the clinic's deadlines and who has signed its information sharing agreement. */
export interface ClinicEventPayload extends Record<string, unknown> {
  clinicId: string;
  cadence: string;
  meetingWeekday: number;
  referralDeadlineWorkingDays: number;
  agendaPublicationWorkingDays: number;
  /** The agencies that have signed the clinic's agreement, and (same order) the day each signed. */
  isaAgencyIds: string[];
  isaSignedOn: string[];
}

/** `meeting.case-listed` / `-reviewed` / `-unlisted`: ids, dates and codes only. */
export interface CaseItemEventPayload extends Record<string, unknown> {
  caseId: string;
  meetingId: string;
  agendaItemId: string;
  meetingKind: string;
  meetingStartsAt: string;
  meetingEndsAt: string;
  /** `meeting.case-reviewed` only: the item's next review date (YYYY-MM-DD), if the clinic set one. */
  nextReviewOn?: string | null;
}

/** The header of a meeting, as events carry it (no agenda, no case content). */
export interface MeetingHeaderPayload extends Record<string, unknown> {
  meetingId: string;
  clinicId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  virtualLink: string | null;
  status: string;
  /** RFC 5545 SEQUENCE: calendar clients replace an invite with a higher one. */
  icsSequence: number;
  /** RFC 5545 UID of the meeting's calendar entry (every invite of the meeting shares it). */
  icsUid?: string;
  chairUserId: string;
  /** Everyone invited when the event was written (recipients are re-checked at send time). */
  attendeeUserIds?: string[];
}
