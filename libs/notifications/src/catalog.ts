import { EVENT_TYPES, type EventType, type RecipientQuery, type Role } from '@scp/contracts';

/** A payload as it arrives: ids, codes, times (never content). */
export type Payload = Record<string, unknown>;

/** The partner roles that hear of their agency's work on a case. */
const PARTNER_ROLES: Role[] = [
  'POLICE_SPOC',
  'MH_CLINICIAN',
  'PROBATION_OFFICER',
  'VICTIM_ADVOCATE',
  'CPS_CONSULTEE',
];

/** A string field of a payload, or null. */
export const str = (p: Payload, key: string): string | null =>
  typeof p[key] === 'string' ? (p[key] as string) : null;
const ids = (p: Payload, key: string): string[] =>
  Array.isArray(p[key]) ? (p[key] as unknown[]).filter((x): x is string => typeof x === 'string') : [];

/**
 * One kind of notification: which events raise it, who gets it (a query the cases service answers
 * at send time), its neutral title and the link into the web app. Titles are fixed text: a
 * notification never carries case content, so nothing from D3, D4, D6, D9, D12, D14 or D16 can
 * reach an inbox, a mailbox or a calendar (entitlements.md, "notifications and emails").
 */
export interface KindDef {
  kind: string;
  /** The events that raise it directly (reminder kinds have none: the scheduler raises them). */
  events: EventType[];
  title: string;
  /** What the preference page says the kind is. */
  description: string;
  link(p: Payload): string;
  audience(p: Payload): RecipientQuery | null;
  /** Safety-critical kinds are always emailed at once: their email cannot be turned off or batched. */
  safetyCritical?: boolean;
  /** Meeting kinds carry the meeting's calendar entry. */
  ics?: boolean;
  /** People who must never receive it, whatever the audience query answers (the subject of an alert). */
  excluded?(p: Payload): string[];
}

const caseLink = (p: Payload) => (str(p, 'caseId') ? `/cases/${str(p, 'caseId')}` : '/cases');
const meetingLink = (p: Payload) => `/meetings/${str(p, 'meetingId')}`;
const actionLink = (p: Payload) => `/actions/${str(p, 'actionId')}`;
const referralLink = (p: Payload) => `/referrals/${str(p, 'referralId')}`;

const clinicOfficers = (p: Payload): RecipientQuery => ({
  clinicId: str(p, 'clinicId'),
  caseId: str(p, 'caseId'),
  clinicOfficers: true,
});
const referrer = (p: Payload): RecipientQuery | null =>
  str(p, 'referrerUserId') ? { userIds: [str(p, 'referrerUserId')!] } : null;
const agencyOnCase = (p: Payload): RecipientQuery | null =>
  str(p, 'agencyId')
    ? { caseId: str(p, 'caseId'), agencyIds: [str(p, 'agencyId')!], roles: PARTNER_ROLES }
    : null;
/** The case's lead agency: its partner roles and its data protection officer. */
const leadAgencyAndDpo = (p: Payload): RecipientQuery | null =>
  str(p, 'leadAgencyId')
    ? {
        caseId: str(p, 'caseId'),
        agencyIds: [str(p, 'leadAgencyId')!],
        roles: [...PARTNER_ROLES, 'AUDITOR_DPO'],
      }
    : null;
const attendees = (p: Payload): RecipientQuery | null =>
  ids(p, 'attendeeUserIds').length ? { userIds: ids(p, 'attendeeUserIds') } : null;
const actionOwner = (p: Payload): RecipientQuery | null =>
  str(p, 'ownerUserId')
    ? { caseId: str(p, 'caseId'), userIds: [str(p, 'ownerUserId')!] }
    : str(p, 'ownerAgencyId')
      ? { caseId: str(p, 'caseId'), agencyIds: [str(p, 'ownerAgencyId')!], roles: PARTNER_ROLES }
      : null;
const policeAndOfficers = (p: Payload): RecipientQuery => ({
  caseId: str(p, 'caseId'),
  clinicOfficers: true,
  roles: ['POLICE_SPOC'],
});
/**
 * A breach is a risk to the victim: the police who investigate it, the clinic officers, and the
 * victim's advocate on the case, who has to act on her safety (issue 14; docs/case-rules.md).
 */
const breachAudience = (p: Payload): RecipientQuery => ({
  caseId: str(p, 'caseId'),
  clinicOfficers: true,
  roles: ['POLICE_SPOC', 'VICTIM_ADVOCATE'],
});
const victimContacts = (p: Payload): RecipientQuery => ({
  caseId: str(p, 'caseId'),
  roles: ['POLICE_SPOC', 'VICTIM_ADVOCATE'],
});

const defs: KindDef[] = [
  {
    kind: 'REFERRAL_SUBMITTED',
    events: [EVENT_TYPES.referralSubmitted],
    title: 'A referral was submitted to your clinic',
    description: 'A partner submits a referral to a clinic you run',
    link: referralLink,
    audience: clinicOfficers,
  },
  {
    kind: 'REFERRAL_MORE_INFO_REQUESTED',
    events: [EVENT_TYPES.referralMoreInfoRequested],
    title: 'The clinic asked for more information about your referral',
    description: 'The clinic asks you a question about your referral',
    link: referralLink,
    audience: referrer,
  },
  {
    kind: 'REFERRAL_ACCEPTED',
    events: [EVENT_TYPES.referralAccepted],
    title: 'Your referral was accepted',
    description: 'Your referral is accepted and a case is opened',
    link: referralLink,
    audience: referrer,
  },
  {
    kind: 'REFERRAL_DECLINED',
    events: [EVENT_TYPES.referralDeclined],
    title: 'Your referral was declined',
    description: 'Your referral is declined',
    link: referralLink,
    audience: referrer,
  },
  {
    kind: 'URGENT_REFERRAL_OVERDUE',
    events: [EVENT_TYPES.referralScreeningOverdue],
    title: 'An urgent referral has not been screened in time',
    description: 'An urgent referral passes its screening deadline',
    link: referralLink,
    audience: clinicOfficers,
  },
  {
    kind: 'PARTICIPATION_ADDED',
    events: [EVENT_TYPES.participationAdded],
    title: 'Your agency was added to a case',
    description: 'Your agency is added to a case',
    link: caseLink,
    audience: agencyOnCase,
  },
  {
    kind: 'PARTICIPATION_ENDED',
    events: [EVENT_TYPES.participationEnded],
    title: 'Your agency no longer takes part in a case',
    description: "Your agency's part in a case ends",
    // No case link: the agency can no longer open it.
    link: () => '/cases',
    audience: (p) => (str(p, 'agencyId') ? { agencyIds: [str(p, 'agencyId')!], roles: PARTNER_ROLES } : null),
  },
  {
    kind: 'MEETING_INVITATION',
    events: [EVENT_TYPES.attendeeInvited],
    title: 'You are invited to a stalking clinic meeting',
    description: 'You are invited to a clinic meeting (with a calendar invite)',
    link: meetingLink,
    audience: (p) => (str(p, 'attendeeUserId') ? { userIds: [str(p, 'attendeeUserId')!] } : null),
    ics: true,
  },
  {
    kind: 'MEETING_RESCHEDULED',
    events: [EVENT_TYPES.meetingRescheduled],
    title: 'A clinic meeting you attend has moved',
    description: 'A clinic meeting you attend changes time or place (with the updated invite)',
    link: meetingLink,
    audience: attendees,
    ics: true,
  },
  {
    kind: 'MEETING_CANCELLED',
    events: [EVENT_TYPES.meetingCancelled],
    title: 'A clinic meeting you attend was cancelled',
    description: 'A clinic meeting you attend is cancelled',
    link: meetingLink,
    audience: attendees,
    ics: true,
  },
  {
    kind: 'AGENDA_PUBLISHED',
    events: [EVENT_TYPES.agendaPublished],
    title: 'The agenda of a clinic meeting was published',
    description: 'The agenda of a meeting you attend is published',
    link: meetingLink,
    audience: attendees,
  },
  {
    kind: 'CONTRIBUTION_DUE',
    events: [EVENT_TYPES.contributionDue],
    title: "Your agency's contribution to a clinic meeting is due",
    description: "Your agency's contribution for a case on an agenda is due",
    link: meetingLink,
    audience: agencyOnCase,
  },
  {
    kind: 'CONTRIBUTION_MISSING',
    events: [EVENT_TYPES.contributionMissing],
    title: "Your agency's contribution to a clinic meeting is missing",
    description: "Your agency's contribution was not in by the deadline",
    link: meetingLink,
    audience: agencyOnCase,
  },
  {
    kind: 'MINUTES_APPROVED',
    events: [EVENT_TYPES.minutesApproved],
    title: 'The minutes of a clinic meeting were approved',
    description: 'The minutes of a meeting you attended are approved',
    link: meetingLink,
    audience: attendees,
  },
  {
    kind: 'ACTION_ASSIGNED',
    events: [EVENT_TYPES.actionAssigned],
    title: 'An agreed action was assigned to you or your agency',
    description: 'An action is assigned to you or your agency',
    link: actionLink,
    audience: actionOwner,
  },
  {
    kind: 'ACTION_DUE_SOON',
    events: [EVENT_TYPES.actionDueSoon],
    title: 'An agreed action is due in 3 working days',
    description: 'An action you own is due in 3 working days',
    link: actionLink,
    audience: actionOwner,
  },
  {
    kind: 'ACTION_DUE',
    events: [EVENT_TYPES.actionDue],
    title: 'An agreed action is due today',
    description: 'An action you own is due today',
    link: actionLink,
    audience: actionOwner,
  },
  {
    kind: 'ACTION_OVERDUE',
    events: [EVENT_TYPES.actionOverdue],
    title: 'An agreed action is overdue',
    description: 'An action you own is overdue',
    link: actionLink,
    audience: actionOwner,
  },
  {
    kind: 'ACTION_ESCALATED',
    events: [EVENT_TYPES.actionEscalated],
    title: 'An overdue agreed action was escalated to the chair',
    description: 'An overdue action of your clinic is escalated to you',
    link: actionLink,
    audience: (p) => ({ caseId: str(p, 'caseId'), clinicOfficers: true }),
  },
  {
    kind: 'BREACH_RECORDED',
    events: [EVENT_TYPES.breachRecorded],
    title: 'A breach was recorded on a case',
    description: 'A breach of an order or condition is recorded',
    link: caseLink,
    audience: breachAudience,
    safetyCritical: true,
  },
  {
    // The officer the recorder named must decide: a task on their home page, and this to find it.
    kind: 'BREACH_APPROVAL_REQUESTED',
    events: [EVENT_TYPES.breachApprovalRequested],
    title: 'A breach needs your decision as supervisor',
    description: 'You are named to approve why a breach was not recorded as a crime',
    link: caseLink,
    audience: (p) =>
      str(p, 'approverUserId') ? { caseId: str(p, 'caseId'), userIds: [str(p, 'approverUserId')!] } : null,
    safetyCritical: true,
  },
  {
    // A rejected reason asks the recorder for a crime reference; an approval needs nothing of them.
    kind: 'BREACH_REASON_REJECTED',
    events: [EVENT_TYPES.breachApprovalDecided],
    title: 'A breach you recorded needs a crime reference',
    description: 'The supervisor rejects your reason for not recording a breach as a crime',
    link: caseLink,
    audience: (p) =>
      str(p, 'decision') === 'REJECTED' && str(p, 'recorderUserId')
        ? { caseId: str(p, 'caseId'), userIds: [str(p, 'recorderUserId')!] }
        : null,
    safetyCritical: true,
  },
  {
    kind: 'URGENT_REVIEW_REQUESTED',
    events: [EVENT_TYPES.urgentReviewRequested],
    title: 'An urgent review of a case was requested',
    description: 'An urgent review of a case is requested',
    link: caseLink,
    audience: policeAndOfficers,
    safetyCritical: true,
  },
  {
    kind: 'URGENT_REVIEW_HELD',
    events: [EVENT_TYPES.urgentReviewCleared],
    title: 'An urgent review of a case was held',
    description: 'The urgent review of a case is held and its flag cleared',
    link: caseLink,
    audience: policeAndOfficers,
  },
  {
    // Escalation to the chair (and the coordinator who lists cases): once per flag, raised by the
    // cases service's sweep when no meeting was held within the urgent deadline.
    kind: 'URGENT_REVIEW_OVERDUE',
    events: [EVENT_TYPES.urgentReviewOverdue],
    title: 'An urgent review of a case is overdue',
    description: 'A case flagged for an urgent review is on no meeting within the urgent deadline',
    link: caseLink,
    audience: clinicOfficers,
    safetyCritical: true,
  },
  {
    // Of the status changes that follow the clinic, only "back to awaiting listing" asks anything
    // of anyone: the coordinator lists the case. The others are on the case's timeline.
    kind: 'CASE_AWAITING_LISTING',
    events: [EVENT_TYPES.caseStatusChanged],
    title: 'A case is waiting to be listed at the clinic',
    description: 'A case of your clinic is due for review and needs listing',
    link: caseLink,
    audience: (p) => (str(p, 'to') === 'AWAITING_LISTING' ? clinicOfficers(p) : null),
  },
  {
    kind: 'VICTIM_UPDATE_DUE',
    events: [],
    title: 'A victim update is due tomorrow',
    description: 'A victim update is due by the next working day',
    link: caseLink,
    audience: victimContacts,
  },
  {
    kind: 'VICTIM_UPDATE_OVERDUE',
    events: [],
    title: 'A victim update is overdue',
    description: 'A victim update passes its deadline',
    link: caseLink,
    audience: (p) => ({ ...victimContacts(p), clinicOfficers: true }),
    safetyCritical: true,
  },
  {
    kind: 'SPO_NOTIFICATION_DUE',
    events: [EVENT_TYPES.orderNotificationDue],
    title: 'A stalking protection order notification is due',
    description: 'The notification of a served stalking protection order falls due',
    link: caseLink,
    audience: (p) => ({ caseId: str(p, 'caseId'), roles: ['POLICE_SPOC'] }),
  },
  {
    kind: 'SPO_NOTIFICATION_MISSED',
    events: [],
    title: 'A stalking protection order notification was not received in time',
    description: 'The notification of a stalking protection order is not received by its deadline',
    link: caseLink,
    audience: (p) => ({ caseId: str(p, 'caseId'), roles: ['POLICE_SPOC'], clinicOfficers: true }),
  },
  {
    // Told to the lead agency's people and its DPO, never to the writer: the alert would tell a
    // writer who may not read the victim location that one of their texts matched it.
    kind: 'FREE_TEXT_WRITER_PAUSED',
    events: [EVENT_TYPES.freeTextWriterPaused],
    title: "A user's free text on a case was refused repeatedly and is paused",
    description: "Someone's free text on a case or referral your agency leads is refused repeatedly",
    // A referral not yet a case (the referrals service pauses its writers too) links to itself.
    link: (p) => (str(p, 'caseId') || !str(p, 'referralId') ? caseLink(p) : referralLink(p)),
    audience: leadAgencyAndDpo,
    excluded: (p) => (str(p, 'userId') ? [str(p, 'userId')!] : []),
    safetyCritical: true,
  },
  {
    kind: 'CASE_CLOSED',
    events: [EVENT_TYPES.caseClosed],
    title: 'A case your agency takes part in was closed',
    description: 'A case your agency takes part in is closed',
    link: caseLink,
    audience: (p) => ({ caseId: str(p, 'caseId'), roles: PARTNER_ROLES, clinicOfficers: true }),
  },
  {
    // Accountability, not safety: always emailed so that an agency cannot miss that its case was
    // opened by break-glass. Who broke glass, and why, is in the audit log for its DPO.
    kind: 'BREAK_GLASS_USED',
    events: [EVENT_TYPES.breakGlass],
    title: 'A case your agency leads was opened by break-glass',
    description: 'A data protection officer opens a case your agency leads by break-glass',
    link: caseLink,
    audience: leadAgencyAndDpo,
    safetyCritical: true,
  },
];

export const NOTIFICATION_KINDS: ReadonlyMap<string, KindDef> = new Map(defs.map((d) => [d.kind, d]));
export const KIND_CODES = defs.map((d) => d.kind);

const byEvent = new Map<string, KindDef[]>();
for (const d of defs) for (const e of d.events) byEvent.set(e, [...(byEvent.get(e) ?? []), d]);

/** The kinds an event raises at once (none for events that only schedule or cancel reminders). */
export const kindsForEvent = (type: string): KindDef[] => byEvent.get(type) ?? [];

/** Events that schedule reminders, and those that cancel them. */
export const SCHEDULING_EVENTS = new Set<string>([
  EVENT_TYPES.victimUpdateDue,
  EVENT_TYPES.orderNotificationDue,
]);
export const CANCELLING_EVENTS = new Set<string>([
  EVENT_TYPES.victimUpdateDelivered,
  EVENT_TYPES.orderNotificationReceived,
]);
