/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AcceptReferralInput = {
  expectedVersion: number;
  id: string | number;
  /** Lead agency of the case; defaults to the referrer's agency */
  leadAgencyId?: string | number | null | undefined;
  /** Participating agencies (the lead is added when missing) */
  participantAgencyIds: Array<string | number>;
  tier: ReferralCaseTier;
};

export type ActionOverrideInput = {
  actionId: string | number;
  /** Why the case closes with this action still open */
  reason: string;
};

export type AddAddendumInput = {
  agendaItemId: string | number;
  reason: string;
  text: string;
};

export type AddAgendaItemInput = {
  /** Required for NEW_REFERRAL, REVIEW and URGENT */
  caseId?: string | number | null | undefined;
  durationMinutes: number;
  kind: AgendaItemKind;
  meetingId: string | number;
  title?: string | null | undefined;
};

export type AddLocationInput = {
  addressLine1?: string | null | undefined;
  addressLine2?: string | null | undefined;
  details?: string | null | undefined;
  email?: string | null | undefined;
  kind: LocationKind;
  personId: string | number;
  phone?: string | null | undefined;
  postcode?: string | null | undefined;
  /** Replaces the current location of the same kind */
  supersedeCurrent?: boolean;
  town?: string | null | undefined;
};

export type AddOrderConditionInput = {
  expectedVersion: number;
  orderId: string | number;
  /** D16: the protected address, workplace or exclusion zone (police and advocate only) */
  protectedDetail?: string | null | undefined;
  /** D16 */
  protectedKind?: ProtectedDetailKind | null | undefined;
  /** The text the subject is served with (every partner may read it: no victim location) */
  servedText: string;
};

export type AddParticipantInput = {
  agencyId: string | number;
  /** Required unless the basis is CONSENT */
  basisRationale?: string | null | undefined;
  caseId: string | number;
  roleInCase: ParticipantRole;
  sharingBasis: SharingBasis;
};

export type AddPersonInput = {
  ageBand?: AgeBand | null | undefined;
  /** Pseudonym; generated ("Victim A") when omitted */
  alias?: string | null | undefined;
  caseId: string | number;
  dateOfBirth?: string | null | undefined;
  familyName?: string | null | undefined;
  givenName?: string | null | undefined;
  otherNames?: Array<string> | null | undefined;
  /** Subject only (D3) */
  proximityConcern?: boolean | null | undefined;
  relationshipToSubject?: string | null | undefined;
  role: PersonRole;
  vulnerabilityFlags?: Array<string> | null | undefined;
};

export type AgeBand =
  | 'AGE_18_24'
  | 'AGE_25_34'
  | 'AGE_35_44'
  | 'AGE_45_54'
  | 'AGE_55_64'
  | 'AGE_65_PLUS'
  | 'AGE_UNDER_18';

export type AgencyType =
  | 'ADVOCACY'
  | 'CPS'
  | 'HEALTH'
  | 'LOCAL_AUTHORITY'
  | 'POLICE'
  | 'PROBATION';

export type AgendaItemKind =
  | 'AOB'
  | 'NEW_REFERRAL'
  | 'OUTSTANDING_ACTIONS'
  | 'REVIEW'
  | 'URGENT';

export type AgreeRiskLevelInput = {
  caseId: string | number;
  /** Submitted assessments of this case the decision cites */
  citedAssessmentIds?: Array<string | number>;
  /** The case version you read */
  expectedVersion: number;
  level: RiskLevel;
  /** Why the clinic agreed this level (required) */
  rationale: string;
};

/** OPEN: open or in progress; OVERDUE: open past due; DUE_THIS_WEEK: open, due Monday–Sunday of this week */
export type AgreedActionListView =
  | 'ALL'
  | 'DUE_THIS_WEEK'
  | 'OPEN'
  | 'OVERDUE';

export type AgreedActionPriority =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

export type AgreedActionStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'IN_PROGRESS'
  | 'NOT_COMPLETED'
  | 'OPEN';

export type AnswerQuestionInput = {
  answer: string;
  /** The referral's version */
  expectedVersion: number;
  questionId: string | number;
};

export type AnswerValue =
  | 'NO'
  | 'UNKNOWN'
  | 'YES';

export type AssessmentStatus =
  | 'DRAFT'
  | 'SUBMITTED'
  | 'SUPERSEDED';

export type AttendanceStatus =
  | 'ABSENT'
  | 'APOLOGIES'
  | 'INVITED'
  | 'OBSERVER'
  | 'PRESENT';

export type AuditEventFilter = {
  action?: string | null | undefined;
  actorId?: string | number | null | undefined;
  caseId?: string | number | null | undefined;
  /** Only events that touched this data category */
  category?: string | null | undefined;
  /** ISO date-time, inclusive */
  since?: string | null | undefined;
  /** ISO date-time, exclusive */
  until?: string | null | undefined;
};

export type BreachApprovalDecision =
  | 'APPROVE'
  | 'REJECT';

/** The named supervisor’s decision on why a breach was not recorded as a crime: PENDING until they decide; REJECTED asks for a crime reference */
export type BreachApprovalStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED';

export type BreachOutcomeInput = {
  action: CriminalJusticeEventType;
  /** ISO 8601 with offset */
  occurredAt: string;
};

/** CONTACT direct contact; APPROACH in person; ONLINE social media, messages, email; THIRD_PARTY through others */
export type BreachType =
  | 'APPROACH'
  | 'CONTACT'
  | 'LOCATION'
  | 'ONLINE'
  | 'OTHER'
  | 'THIRD_PARTY';

export type CaseFilter = {
  cjStatus?: CriminalJusticeStatus | null | undefined;
  clinicId?: string | number | null | undefined;
  leadAgencyId?: string | number | null | undefined;
  nextReviewBefore?: string | null | undefined;
  referenceStartsWith?: string | null | undefined;
  status?: Array<CaseStatus> | null | undefined;
  /** D2: subject family name starts with */
  subjectFamilyNameStartsWith?: string | null | undefined;
  /** D12: a victim location postcode (exact) */
  victimPostcode?: string | null | undefined;
};

/** What the clinic did to the case (docs/case-lifecycle.md) */
export type CaseLifecycleKind =
  | 'ACTIONS_DONE'
  | 'LISTED'
  | 'REVIEWED'
  | 'REVIEW_DUE'
  | 'UNLISTED'
  | 'URGENT_REVIEW_CLEARED'
  | 'URGENT_REVIEW_OVERDUE'
  | 'URGENT_REVIEW_REQUESTED';

export type CaseStatus =
  | 'ACTIVE'
  | 'AWAITING_LISTING'
  | 'CLOSED'
  | 'CONSULTATION'
  | 'ESCALATED'
  | 'LISTED'
  | 'MONITORING';

export type CaseTier =
  | 'CLINIC_CASE'
  | 'CONSULTATION_ONLY';

export type ChangeActionStatusInput = {
  actionId: string | number;
  /** The chair's reason (cancelling, or ending another agency's action) */
  chairReason?: string | null | undefined;
  notCompletedReason?: NotCompletedReason | null | undefined;
  /** Completion note, or the note for not completed */
  note?: string | null | undefined;
  to: AgreedActionStatus;
  version: number;
};

export type ChangeMeetingStatusInput = {
  meetingId: string | number;
  /** Required to cancel */
  reason?: string | null | undefined;
  to: MeetingStatus;
  version: number;
};

export type ClinicCadence =
  | 'FORTNIGHTLY'
  | 'MONTHLY'
  | 'WEEKLY';

export type CloseCaseInput = {
  /** Every open action of the case, each with the reason to close regardless */
  actionOverrides?: Array<ActionOverrideInput> | null | undefined;
  caseId: string | number;
  expectedVersion: number;
  /** The chair's rationale for closing */
  rationale: string;
  /** Only when no victim's view was recorded through the advocate: why the victim could not be contacted */
  victimNotContactableReason?: string | null | undefined;
};

/** SASH level of concern */
export type ConcernLevel =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

export type CreateActionInput = {
  caseId: string | number;
  /** YYYY-MM-DD */
  dueOn: string;
  meetingId?: string | number | null | undefined;
  ownerAgencyId: string | number;
  ownerUserId?: string | number | null | undefined;
  priority: AgreedActionPriority;
  /** The agreed recommendation it comes from */
  recommendationId?: string | number | null | undefined;
  title: string;
};

export type CreateAdvocacyRecordInput = {
  caseId: string | number;
  counselling?: string | null | undefined;
  disclosures?: string | null | undefined;
  health?: string | null | undefined;
  needs?: string | null | undefined;
  /** YYYY-MM-DD */
  recordedOn: string;
};

export type CreateAgencyInput = {
  code: string;
  name: string;
  type: AgencyType;
};

export type CreateAssessmentInput = {
  /** DASH RIC: number of questions answered */
  answersCount?: number | null | undefined;
  /** YYYY-MM-DD */
  assessedOn: string;
  caseId: string | number;
  /** SASH level of concern */
  concernLevel?: ConcernLevel | null | undefined;
  /** SRP, SAM: judgement per domain */
  judgements?: DomainJudgementsInput | null | undefined;
  /** Summary rationale (required to submit an SRP or SAM) */
  rationale?: string | null | undefined;
  /** S-DASH: answers to set (by question) */
  sDashAnswers?: Array<SDashAnswerInput> | null | undefined;
  /** DASH RIC: score (number of yes answers) */
  score?: number | null | undefined;
  tool: RiskTool;
  /** The version or edition of the tool used */
  toolVersion: string;
};

export type CreateClinicInput = {
  agendaPublicationWorkingDays?: number;
  cadence: ClinicCadence;
  code: string;
  meetingWeekday: number;
  name: string;
  referralDeadlineWorkingDays?: number;
};

export type CreateClinicalRecordInput = {
  /** The SRP/SAM assessment of this case the report belongs to */
  assessmentId?: string | number | null | undefined;
  caseId: string | number;
  clinicalNotes?: string | null | undefined;
  diagnoses?: string | null | undefined;
  medication?: string | null | undefined;
  /** YYYY-MM-DD */
  recordedOn: string;
  reportText?: string | null | undefined;
  reportTool?: RiskTool | null | undefined;
};

export type CreateFormulationInput = {
  caseId: string | number;
  protectiveFactors?: string | null | undefined;
  recommendations?: string | null | undefined;
  riskScenarios?: string | null | undefined;
  summary?: string | null | undefined;
  victimSafety?: string | null | undefined;
};

export type CreatePoliceIntelligenceInput = {
  caseId: string | number;
  intelligence?: string | null | undefined;
  offendingHistory?: string | null | undefined;
};

export type CreatePoliceSummaryInput = {
  arrests?: string | null | undefined;
  bailConditions?: string | null | undefined;
  caseId: string | number;
  investigationStatus?: string | null | undefined;
  relevantHistory?: string | null | undefined;
};

export type CreateProbationDetailInput = {
  caseId: string | number;
  caseNotes?: string | null | undefined;
  oasysSummary?: string | null | undefined;
  sentencePlan?: string | null | undefined;
};

export type CreateProbationSummaryInput = {
  caseId: string | number;
  compliance?: string | null | undefined;
  /** The full list of conditions */
  conditions?: Array<ProbationConditionInput> | null | undefined;
  orderType?: string | null | undefined;
  rosh?: RoshLevelsInput | null | undefined;
  supervisionStatus?: string | null | undefined;
};

export type CreateReferralInput = {
  /** Required unless the basis is CONSENT */
  basisRationale?: string | null | undefined;
  behaviours?: Array<ReferralBehaviour>;
  cjStatus: ReferralCriminalJusticeStatus;
  clinicId: string | number;
  crimeReferences?: Array<string>;
  reason: string;
  sdash?: SdashInput | null | undefined;
  sharingBasis: ReferralSharingBasis;
  subject?: ReferralSubjectInput | null | undefined;
  urgency?: ReferralUrgency;
  victim?: ReferralVictimInput | null | undefined;
  victimLocations?: Array<ReferralVictimLocationInput> | null | undefined;
};

export type CreateSubjectAccessPackInput = {
  caseId: string | number;
  /** The data subject: the subject, a victim or a third party of the case */
  personId: string | number;
  /** Why the pack is produced (written to the audit log) */
  purpose: string;
  /** Who receives the pack, e.g. "Data subject, SAR 2026-0142" */
  recipient: string;
};

export type CreateUserInput = {
  agencyId: string | number;
  displayName: string;
  email?: string | null | undefined;
  /** Subject claim at the identity provider */
  externalSubject?: string | null | undefined;
  roles: Array<UserRoleInput>;
  username: string;
};

export type CrimeNotRecordedInput = {
  /** The police supervisor who approved the reason: another officer of your force on this case */
  approvedByUserId: string | number;
  /** Why the breach was not recorded as a crime */
  reason: string;
};

/** Police action or criminal-justice step (also the outcome of a breach) */
export type CriminalJusticeEventType =
  | 'ARREST'
  | 'BAILED'
  | 'BAIL_CONDITIONS_CHANGED'
  | 'CHARGED'
  | 'INTERVIEW_UNDER_CAUTION'
  | 'NO_FURTHER_ACTION'
  | 'OTHER'
  | 'RELEASED';

export type CriminalJusticeStatus =
  | 'ACQUITTED'
  | 'AWAITING_TRIAL'
  | 'CHARGED'
  | 'CONVICTED'
  | 'NO_FURTHER_ACTION'
  | 'ON_BAIL'
  | 'ON_LICENCE'
  | 'PRE_ARREST'
  | 'RELEASED_UNDER_INVESTIGATION'
  | 'UNDER_INVESTIGATION';

export type DecideBreachApprovalInput = {
  breachId: string | number;
  decision: BreachApprovalDecision;
  expectedVersion: number;
  /** Why: required to reject. Every partner reads it: never the victim’s address or contact details */
  note?: string | null | undefined;
};

export type DecideRecommendationInput = {
  rationale?: string | null | undefined;
  recommendationId: string | number;
  /** AGREED or NOT_AGREED */
  status: RecommendationStatus;
  version: number;
};

export type DeferAgendaItemInput = {
  agendaItemId: string | number;
  note?: string | null | undefined;
  reason: DeferralReason;
  version: number;
};

export type DeferralReason =
  | 'INFO_NOT_RECEIVED'
  | 'OTHER'
  | 'REFERRER_NOT_BRIEFED'
  | 'TIME';

/** Judgement per domain (SRP, SAM); omitted domains are left as they were */
export type DomainJudgementsInput = {
  persistence?: JudgementLevel | null | undefined;
  psychosocialDamage?: JudgementLevel | null | undefined;
  recurrence?: JudgementLevel | null | undefined;
  violence?: JudgementLevel | null | undefined;
};

export type DraftMinutesInput = {
  agendaItemId: string | number;
  minutes?: string | null | undefined;
  /** YYYY-MM-DD */
  nextReviewOn?: string | null | undefined;
  summary?: string | null | undefined;
  version: number;
};

export type EndParticipationInput = {
  agencyId: string | number;
  caseId: string | number;
  reason: string;
};

export type EscalateCaseInput = {
  caseId: string | number;
  /** Date of the escalation (YYYY-MM-DD), not in the future */
  escalatedOn: string;
  /** The case version you read */
  expectedVersion: number;
  /** The reference MAPPA or MARAC gave the referral */
  externalReference: string;
  /** MAPPA level 1, 2 or 3 (MAPPA only) */
  mappaLevel?: number | null | undefined;
  notes?: string | null | undefined;
  target: EscalationTarget;
};

/** MAPPA (multi-agency public protection arrangements) or MARAC (risk assessment conference) */
export type EscalationTarget =
  | 'MAPPA'
  | 'MARAC';

export type ExecutiveSummaryInput = {
  meetingId: string | number;
  overview: string;
  version: number;
};

export type InformationSubmittedInput = {
  attendeeId: string | number;
  submitted: boolean;
};

export type InviteAttendeeInput = {
  agencyId: string | number;
  meetingId: string | number;
  userId: string | number;
};

/** Structured professional judgement for one domain (SRP, SAM) */
export type JudgementLevel =
  | 'HIGH'
  | 'LOW'
  | 'MODERATE';

export type LocationKind =
  | 'HOME'
  | 'ROUTINE'
  | 'SAFE_CONTACT'
  | 'WHEREABOUTS'
  | 'WORK';

export type MeetingKind =
  | 'EXTRAORDINARY'
  | 'SCHEDULED';

export type MeetingStatus =
  | 'AGENDA_PUBLISHED'
  | 'CANCELLED'
  | 'IN_PROGRESS'
  | 'MINUTES_APPROVED'
  | 'MINUTES_DRAFT'
  | 'SCHEDULED';

export type MoveAgendaItemInput = {
  agendaItemId: string | number;
  position: number;
};

export type NotCompletedReason =
  | 'AGENCY_NOT_COMPLETED'
  | 'CHANGE_OF_CIRCUMSTANCE';

export type OrderConditionInput = {
  /** D16: the protected address, workplace or exclusion zone (police and advocate only) */
  protectedDetail?: string | null | undefined;
  /** D16 */
  protectedKind?: ProtectedDetailKind | null | undefined;
  /** The text the subject is served with (every partner may read it: no victim location) */
  servedText: string;
};

/** GRANTED: made, not yet served; IN_FORCE: served or otherwise in effect; VARIED: in force as varied */
export type OrderStatus =
  | 'APPLIED'
  | 'DISCHARGED'
  | 'EXPIRED'
  | 'GRANTED'
  | 'IN_FORCE'
  | 'REFUSED'
  | 'VARIED';

export type ParticipantRole =
  | 'ADVICE_ONLY'
  | 'LEAD'
  | 'PARTNER';

export type PersonRole =
  | 'SUBJECT'
  | 'THIRD_PARTY'
  | 'VICTIM';

export type ProbationConditionInput = {
  /** True when the condition protects the victim */
  concernsVictim?: boolean;
  text: string;
};

export type ProposeRecommendationInput = {
  agendaItemId: string | number;
  category: RecommendationCategory;
  text: string;
};

export type ProtectedDetailKind =
  | 'ADDRESS'
  | 'EXCLUSION_ZONE'
  | 'OTHER'
  | 'WORKPLACE';

/** Why you need purpose-marked data; state it in a sentence too (written to the audit log) */
export type PurposeReason =
  /** Audit, complaint or data protection review */
  | 'AUDIT_OR_COMPLAINT'
  /** Preparing for or acting on a clinic meeting */
  | 'CLINIC_MEETING'
  /** Serving, enforcing or checking an order */
  | 'ORDER_ENFORCEMENT'
  /** Assessing or reviewing risk */
  | 'RISK_ASSESSMENT'
  /** An immediate safeguarding concern */
  | 'SAFEGUARDING'
  /** Safety planning for the victim */
  | 'SAFETY_PLANNING';

export type ReassignActionInput = {
  actionId: string | number;
  dueOn?: string | null | undefined;
  ownerAgencyId: string | number;
  ownerUserId?: string | number | null | undefined;
  version: number;
};

export type RecommendationCategory =
  | 'BAIL_OR_LICENCE_CONDITIONS'
  | 'CHARGE_ADVICE'
  | 'INTERVENTION'
  | 'MAPPA_MARAC_REFERRAL'
  | 'MH_ASSESSMENT'
  | 'ORDER_APPLICATION'
  | 'OTHER'
  | 'VICTIM_SAFETY';

export type RecommendationStatus =
  | 'AGREED'
  | 'NOT_AGREED'
  | 'PROPOSED';

export type RecordAttendanceInput = {
  attendeeId: string | number;
  status: AttendanceStatus;
};

export type RecordBreachCrimeReferenceInput = {
  breachId: string | number;
  crimeReference: string;
  expectedVersion: number;
};

export type RecordBreachInput = {
  caseId: string | number;
  conditionId?: string | number | null | undefined;
  /** Crime reference of the course of conduct */
  courseOfConductReference?: string | null | undefined;
  crimeNotRecorded?: CrimeNotRecordedInput | null | undefined;
  /** Required unless crimeNotRecorded is given */
  crimeReference?: string | null | undefined;
  /** What happened. Every partner reads it: never the victim's address or contact details */
  description?: string | null | undefined;
  /** When it happened (ISO 8601 with offset) */
  occurredAt: string;
  orderId?: string | number | null | undefined;
  /** Police action taken so far */
  outcomes?: Array<BreachOutcomeInput>;
  type: BreachType;
};

export type RecordBreachOutcomeInput = {
  action: CriminalJusticeEventType;
  breachId: string | number;
  expectedVersion: number;
  /** ISO 8601 with offset */
  occurredAt: string;
};

export type RecordClosureVictimViewInput = {
  caseId: string | number;
  /** Instead of the view: why the victim could not be contacted */
  notContactableReason?: string | null | undefined;
  /** The victim's view of closure, in the advocate's words */
  victimView?: string | null | undefined;
};

export type RecordCriminalJusticeEventInput = {
  caseId: string | number;
  /** ISO 8601 with offset, e.g. 2026-05-22T16:00:00+01:00 */
  occurredAt: string;
  type: CriminalJusticeEventType;
};

export type RecordDissentInput = {
  agencyId: string | number;
  reason: string;
  recommendationId: string | number;
};

export type RecordOrderInput = {
  appliedOn?: string | null | undefined;
  caseId: string | number;
  conditions?: Array<OrderConditionInput>;
  fixedEndOn?: string | null | undefined;
  grantedOn?: string | null | undefined;
  /** The order this one replaces (a full SPO: its interim) */
  replacesOrderId?: string | number | null | undefined;
  /** Day of service (London) */
  servedOn?: string | null | undefined;
  status?: OrderStatus;
  /** An OrderType code (see orderTypes) */
  typeCode: string;
  untilFurtherOrder?: boolean;
};

export type RecordOrderNotificationInput = {
  expectedVersion: number;
  orderId: string | number;
  /** Day the subject notified the police (YYYY-MM-DD, London) */
  receivedOn: string;
};

export type RecordVictimUpdateDeliveredInput = {
  /** What the victim was told (never their location or contact details) */
  content: string;
  /** When the victim was told (ISO 8601 with offset) */
  deliveredAt: string;
  expectedVersion: number;
  id: string | number;
  method: VictimUpdateMethod;
};

export type ReferralBehaviour =
  | 'FOLLOWING'
  | 'GIFTS'
  | 'LOITERING'
  | 'ONLINE'
  | 'OTHER'
  | 'PROPERTY_DAMAGE'
  | 'SURVEILLANCE'
  | 'THIRD_PARTY_TARGETING'
  | 'THREATS'
  | 'UNWANTED_CONTACT';

export type ReferralCaseTier =
  | 'CLINIC_CASE'
  | 'CONSULTATION_ONLY';

export type ReferralCriminalJusticeStatus =
  | 'ACQUITTED'
  | 'AWAITING_TRIAL'
  | 'CHARGED'
  | 'CONVICTED'
  | 'NO_FURTHER_ACTION'
  | 'ON_BAIL'
  | 'ON_LICENCE'
  | 'PRE_ARREST'
  | 'RELEASED_UNDER_INVESTIGATION'
  | 'UNDER_INVESTIGATION';

export type ReferralFilter = {
  clinicId?: string | number | null | undefined;
  overdue?: boolean | null | undefined;
  status?: Array<ReferralStatus> | null | undefined;
  /** D2: subject family name starts with */
  subjectFamilyNameStartsWith?: string | null | undefined;
  urgency?: ReferralUrgency | null | undefined;
  /** D12: a victim location postcode (exact); needs a purpose */
  victimPostcode?: string | null | undefined;
};

export type ReferralLocationKind =
  | 'HOME'
  | 'ROUTINE'
  | 'SAFE_CONTACT'
  | 'WHEREABOUTS'
  | 'WORK';

export type ReferralSharingBasis =
  | 'CONSENT'
  | 'CONSENT_REFUSED_OVERRIDDEN'
  | 'NOT_SOUGHT_RISK'
  | 'STATUTORY_GATEWAY';

export type ReferralStatus =
  | 'ACCEPTED'
  | 'DECLINED'
  | 'DRAFT'
  | 'MORE_INFO_REQUESTED'
  | 'SCREENING'
  | 'SUBMITTED'
  | 'WITHDRAWN';

export type ReferralSubjectInput = {
  /** YYYY-MM-DD */
  dateOfBirth?: string | null | undefined;
  familyName?: string | null | undefined;
  givenName?: string | null | undefined;
  otherNames?: Array<string> | null | undefined;
};

export type ReferralTransitionInput = {
  expectedVersion: number;
  id: string | number;
  /** Required to decline or withdraw */
  reason?: string | null | undefined;
};

export type ReferralUrgency =
  | 'ROUTINE'
  | 'URGENT';

export type ReferralVictimInput = {
  /** YYYY-MM-DD */
  dateOfBirth?: string | null | undefined;
  familyName?: string | null | undefined;
  givenName?: string | null | undefined;
  relationshipToSubject?: string | null | undefined;
};

/** D12: only police and victim advocates may record it */
export type ReferralVictimLocationInput = {
  addressLine1?: string | null | undefined;
  details?: string | null | undefined;
  email?: string | null | undefined;
  kind: ReferralLocationKind;
  phone?: string | null | undefined;
  postcode?: string | null | undefined;
  town?: string | null | undefined;
};

export type RemoveAgendaItemInput = {
  agendaItemId: string | number;
  /** The item version you read */
  version: number;
};

export type ReopenCaseAsRepeatInput = {
  /** Copy the subject, victims and third parties (identity only; locations are recorded afresh) */
  carryOverPeople?: boolean;
  /** The closed case */
  caseId: string | number;
  /** Defaults to the closed case's */
  cjStatus?: CriminalJusticeStatus | null | undefined;
  /** Defaults to the closed case's lead agency */
  leadAgencyId?: string | number | null | undefined;
  /** Agencies of the closed case to carry over */
  participantAgencyIds: Array<string | number>;
  /** The new report that reopens it */
  reason: string;
};

export type RequestMoreInformationInput = {
  expectedVersion: number;
  id: string | number;
  question: string;
};

export type RescheduleMeetingInput = {
  endsAt: string;
  meetingId: string | number;
  place?: string | null | undefined;
  startsAt: string;
  version: number;
  virtualLink?: string | null | undefined;
};

export type RiskLevel =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM'
  | 'VERY_HIGH';

export type RiskTool =
  | 'DASH_RIC'
  | 'SAM'
  | 'SASH'
  | 'SRP'
  | 'S_DASH';

export type Role =
  | 'AUDITOR_DPO'
  | 'CLINIC_CHAIR'
  | 'CLINIC_COORDINATOR'
  | 'CPS_CONSULTEE'
  | 'MH_CLINICIAN'
  | 'POLICE_SPOC'
  | 'PROBATION_OFFICER'
  | 'SYSTEM_ADMIN'
  | 'VICTIM_ADVOCATE';

/** RoSH level per group at risk; omitted groups are left as they were */
export type RoshLevelsInput = {
  assessedOn?: string | null | undefined;
  children?: RiskLevel | null | undefined;
  knownAdult?: RiskLevel | null | undefined;
  public?: RiskLevel | null | undefined;
  staff?: RiskLevel | null | undefined;
};

export type SDashAnswerInput = {
  answer: AnswerValue;
  comment?: string | null | undefined;
  /** Question number, 1 to 11 */
  question: number;
};

export type ScheduleMeetingInput = {
  /** The clinic's agenda publication lead in working days (default 1) */
  agendaPublicationWorkingDays?: number | null | undefined;
  /** Defaults to the caller */
  chairUserId?: string | number | null | undefined;
  clinicId: string | number;
  confidentialityStatement?: string | null | undefined;
  endsAt: string;
  /** EXTRAORDINARY for urgent cases (no listing deadline) */
  kind: MeetingKind;
  place?: string | null | undefined;
  /** The clinic's listing deadline for new referrals in working days (default 2) */
  referralDeadlineWorkingDays?: number | null | undefined;
  startsAt: string;
  title: string;
  virtualLink?: string | null | undefined;
};

/** D8: S-DASH, 11 yes/no answers in the order of the form */
export type SdashInput = {
  answers: Array<boolean>;
};

export type SetClinicMemberInput = {
  agencyId: string | number;
  clinicId: string | number;
  /** Date the agency signed the ISA; null = not signed */
  isaSignedOn?: string | null | undefined;
};

export type SetPreferenceInput = {
  digest?: boolean;
  email: boolean;
  kind: string;
};

export type SetVictimCodeEntitlementInput = {
  entitlement: VictimCodeEntitlement;
  personId: string | number;
};

export type SharingBasis =
  | 'CONSENT'
  | 'CONSENT_REFUSED_OVERRIDDEN'
  | 'NOT_SOUGHT_RISK'
  | 'STATUTORY_GATEWAY';

export type SubmitAssessmentInput = {
  expectedVersion: number;
  id: string | number;
};

export type SubmitContributionInput = {
  agendaItemId: string | number;
  text: string;
};

export type UpdateAdvocacyRecordInput = {
  counselling?: string | null | undefined;
  disclosures?: string | null | undefined;
  /** The version you read; a newer one means someone else changed it */
  expectedVersion: number;
  health?: string | null | undefined;
  id: string | number;
  needs?: string | null | undefined;
  recordedOn?: string | null | undefined;
};

export type UpdateAgencyInput = {
  active?: boolean | null | undefined;
  expectedVersion: number;
  id: string | number;
  name?: string | null | undefined;
};

export type UpdateCaseHeaderInput = {
  cjStatus?: CriminalJusticeStatus | null | undefined;
  /** The version you read; a newer one means someone else changed the case */
  expectedVersion: number;
  id: string | number;
  leadAgencyId?: string | number | null | undefined;
  nextReviewOn?: string | null | undefined;
  ownerUserId?: string | number | null | undefined;
  status?: CaseStatus | null | undefined;
};

export type UpdateClinicalRecordInput = {
  clinicalNotes?: string | null | undefined;
  diagnoses?: string | null | undefined;
  expectedVersion: number;
  id: string | number;
  medication?: string | null | undefined;
  recordedOn?: string | null | undefined;
  reportText?: string | null | undefined;
  reportTool?: RiskTool | null | undefined;
};

export type UpdateFormulationInput = {
  expectedVersion: number;
  id: string | number;
  protectiveFactors?: string | null | undefined;
  recommendations?: string | null | undefined;
  riskScenarios?: string | null | undefined;
  summary?: string | null | undefined;
  victimSafety?: string | null | undefined;
};

export type UpdateOrderInput = {
  appliedOn?: string | null | undefined;
  /** Day the order stopped (DISCHARGED, EXPIRED) */
  endedOn?: string | null | undefined;
  expectedVersion: number;
  fixedEndOn?: string | null | undefined;
  grantedOn?: string | null | undefined;
  id: string | number;
  servedOn?: string | null | undefined;
  status?: OrderStatus | null | undefined;
  /** true replaces a fixed end date */
  untilFurtherOrder?: boolean | null | undefined;
};

export type UpdatePersonInput = {
  ageBand?: AgeBand | null | undefined;
  dateOfBirth?: string | null | undefined;
  expectedVersion: number;
  familyName?: string | null | undefined;
  givenName?: string | null | undefined;
  id: string | number;
  otherNames?: Array<string> | null | undefined;
  proximityConcern?: boolean | null | undefined;
  relationshipToSubject?: string | null | undefined;
  vulnerabilityFlags?: Array<string> | null | undefined;
};

export type UpdatePoliceIntelligenceInput = {
  /** The version you read; a newer one means someone else changed it */
  expectedVersion: number;
  id: string | number;
  intelligence?: string | null | undefined;
  offendingHistory?: string | null | undefined;
};

export type UpdatePoliceSummaryInput = {
  arrests?: string | null | undefined;
  bailConditions?: string | null | undefined;
  /** The version you read; a newer one means someone else changed it */
  expectedVersion: number;
  id: string | number;
  investigationStatus?: string | null | undefined;
  relevantHistory?: string | null | undefined;
};

export type UpdateProbationDetailInput = {
  caseNotes?: string | null | undefined;
  /** The version you read; a newer one means someone else changed it */
  expectedVersion: number;
  id: string | number;
  oasysSummary?: string | null | undefined;
  sentencePlan?: string | null | undefined;
};

export type UpdateProbationSummaryInput = {
  compliance?: string | null | undefined;
  /** Replaces the list of conditions */
  conditions?: Array<ProbationConditionInput> | null | undefined;
  /** The version you read; a newer one means someone else changed it */
  expectedVersion: number;
  id: string | number;
  orderType?: string | null | undefined;
  rosh?: RoshLevelsInput | null | undefined;
  supervisionStatus?: string | null | undefined;
};

/** Changes to a draft, or to a referral the clinic asked more information about */
export type UpdateReferralInput = {
  basisRationale?: string | null | undefined;
  behaviours?: Array<ReferralBehaviour> | null | undefined;
  cjStatus?: ReferralCriminalJusticeStatus | null | undefined;
  crimeReferences?: Array<string> | null | undefined;
  expectedVersion: number;
  id: string | number;
  reason?: string | null | undefined;
  sdash?: SdashInput | null | undefined;
  sharingBasis?: ReferralSharingBasis | null | undefined;
  subject?: ReferralSubjectInput | null | undefined;
  urgency?: ReferralUrgency | null | undefined;
  victim?: ReferralVictimInput | null | undefined;
};

export type UpdateUserInput = {
  active?: boolean | null | undefined;
  displayName?: string | null | undefined;
  email?: string | null | undefined;
  expectedVersion: number;
  id: string | number;
  roles?: Array<UserRoleInput> | null | undefined;
};

export type UpdateVictimVoiceInput = {
  /** Omit when recording the first version */
  expectedVersion?: number | null | undefined;
  personId: string | number;
  safetyPlanSummary?: string | null | undefined;
  sharedSummary?: string | null | undefined;
  voiceSummary?: string | null | undefined;
};

export type UserRoleInput = {
  /** Required for CLINIC_CHAIR and CLINIC_COORDINATOR */
  clinicId?: string | number | null | undefined;
  role: Role;
};

/** Victims' Code: ENHANCED (told within 1 working day) or STANDARD (5) */
export type VictimCodeEntitlement =
  | 'ENHANCED'
  | 'STANDARD';

export type VictimUpdateMethod =
  | 'EMAIL'
  | 'IN_PERSON'
  | 'LETTER'
  | 'OTHER'
  | 'PHONE'
  | 'TEXT_MESSAGE';

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { userId: string, displayName: string, roles: Array<Role>, agency: { id: string, name: string, type: AgencyType }, clinics: Array<{ id: string, code: string, name: string }> } };

export type UnreadCountQueryVariables = Exact<{ [key: string]: never; }>;


export type UnreadCountQuery = { unreadNotificationCount: number };

export type AgreedActionQueryVariables = Exact<{
  id: string | number;
}>;


export type AgreedActionQuery = { agreedAction: { id: string, caseId: string | null, meetingId: string | null, title: string | null, ownerAgencyId: string | null, dueOn: string | null, priority: AgreedActionPriority | null, status: AgreedActionStatus | null, overdue: boolean | null, reminderOn: string | null, completionNote: string | null, notCompletedReason: NotCompletedReason | null, endNote: string | null, chairReason: string | null, endedAt: string | null, version: number | null, updatedAt: string | null, case: { reference: string | null } | null }, agencies: Array<{ id: string, name: string }> };

export type ChangeActionStatusMutationVariables = Exact<{
  input: ChangeActionStatusInput;
}>;


export type ChangeActionStatusMutation = { changeActionStatus: { id: string, status: AgreedActionStatus | null, version: number | null, completionNote: string | null, updatedAt: string | null } };

export type ActionsQueryVariables = Exact<{
  view: AgreedActionListView;
  clinicId: string | number;
  clinic: boolean;
}>;


export type ActionsQuery = { myAgencyActions?: Array<{ id: string, caseId: string | null, title: string | null, ownerAgencyId: string | null, dueOn: string | null, priority: AgreedActionPriority | null, status: AgreedActionStatus | null, overdue: boolean | null, case: { id: string, reference: string | null } | null }>, clinicActions?: Array<{ id: string, caseId: string | null, title: string | null, ownerAgencyId: string | null, dueOn: string | null, priority: AgreedActionPriority | null, status: AgreedActionStatus | null, overdue: boolean | null, case: { id: string, reference: string | null } | null }>, agencies: Array<{ id: string, name: string }> };

export type ActionRowFragment = { id: string, caseId: string | null, title: string | null, ownerAgencyId: string | null, dueOn: string | null, priority: AgreedActionPriority | null, status: AgreedActionStatus | null, overdue: boolean | null, case: { id: string, reference: string | null } | null };

export type ReassignActionMutationVariables = Exact<{
  input: ReassignActionInput;
}>;


export type ReassignActionMutation = { reassignAction: { id: string, ownerAgencyId: string | null, dueOn: string | null, version: number | null } };

export type AdminDirectoryQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type AdminDirectoryQuery = { agencies: Array<{ id: string, code: string, name: string, type: AgencyType, active: boolean, version: number | null }>, clinics: Array<{ id: string, code: string, name: string, cadence: ClinicCadence, active: boolean, members: Array<{ isaSignedOn: string | null, agency: { id: string, name: string } }> | null }>, users: { endCursor: string | null, hasNextPage: boolean, nodes: Array<{ id: string, username: string | null, displayName: string, email: string | null, active: boolean | null, version: number | null, agency: { id: string, name: string } | null, roles: Array<{ role: Role, clinicId: string | null }> | null }> } };

export type SetClinicMemberMutationVariables = Exact<{
  input: SetClinicMemberInput;
}>;


export type SetClinicMemberMutation = { setClinicMember: { id: string } };

export type CreateAgencyMutationVariables = Exact<{
  input: CreateAgencyInput;
}>;


export type CreateAgencyMutation = { createAgency: { id: string } };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { id: string } };

export type CreateClinicMutationVariables = Exact<{
  input: CreateClinicInput;
}>;


export type CreateClinicMutation = { createClinic: { id: string } };

export type UpdateAgencyMutationVariables = Exact<{
  input: UpdateAgencyInput;
}>;


export type UpdateAgencyMutation = { updateAgency: { id: string, name: string, active: boolean, version: number | null } };

export type UpdateUserMutationVariables = Exact<{
  input: UpdateUserInput;
}>;


export type UpdateUserMutation = { updateUser: { id: string, displayName: string, email: string | null, active: boolean | null, version: number | null, roles: Array<{ role: Role, clinicId: string | null }> | null } };

export type AuditLogQueryVariables = Exact<{
  filter?: AuditEventFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { auditEvents: { endCursor: string | null, hasNextPage: boolean, nodes: Array<{ id: string, occurredAt: string | null, actorId: string | null, action: string | null, entityType: string | null, caseId: string | null, categories: Array<string> | null, purpose: string | null, recipients: Array<string> | null }> } };

export type ExportAuditEventsMutationVariables = Exact<{
  filter?: AuditEventFilter | null | undefined;
}>;


export type ExportAuditEventsMutation = { exportAuditEvents: { csv: string, rowCount: number, truncated: boolean } };

export type AuditPeopleQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditPeopleQuery = { users: { nodes: Array<{ id: string, displayName: string }> } };

export type BreakGlassMutationVariables = Exact<{
  caseId: string | number;
  reason: PurposeReason;
  purpose: string;
}>;


export type BreakGlassMutation = { breakGlass: { caseId: string, expiresAt: string } };

export type SubjectAccessPeopleQueryVariables = Exact<{
  id: string | number;
}>;


export type SubjectAccessPeopleQuery = { case: { id: string, reference: string | null, subject: { id: string, givenName: string | null, familyName: string | null } | null, victims: Array<{ id: string, alias: string | null }> | null, thirdParties: Array<{ id: string, alias: string | null }> | null } };

export type CreateSubjectAccessPackMutationVariables = Exact<{
  input: CreateSubjectAccessPackInput;
}>;


export type CreateSubjectAccessPackMutation = { createSubjectAccessPack: { id: string, createdAt: string | null, expiresAt: string | null, recipient: string | null, categories: Array<string> | null, pdfDownloadPath: string | null, jsonDownloadPath: string | null } };

export type AgreedRiskQueryVariables = Exact<{
  id: string | number;
}>;


export type AgreedRiskQuery = { case: { id: string, reference: string | null, version: number | null, status: CaseStatus | null, agreedRiskLevel: RiskLevel | null, clinic: { id: string } | null, riskHistory: Array<{ id: string, level: RiskLevel | null, rationale: string | null, agreedAt: string | null, agreedByAgency: { name: string } | null, citedAssessments: Array<{ id: string, tool: RiskTool | null, assessedOn: string | null, authorAgency: { name: string } | null }> | null }> | null, assessments: Array<{ id: string, tool: RiskTool | null, status: AssessmentStatus | null, assessedOn: string | null, authorAgency: { name: string } | null }> | null } };

export type AgreeRiskLevelMutationVariables = Exact<{
  input: AgreeRiskLevelInput;
}>;


export type AgreeRiskLevelMutation = { agreeRiskLevel: { id: string, version: number | null, agreedRiskLevel: RiskLevel | null } };

export type RecordBreachOutcomeMutationVariables = Exact<{
  input: RecordBreachOutcomeInput;
}>;


export type RecordBreachOutcomeMutation = { recordBreachOutcome: { id: string, version: number | null } };

export type BreachPageQueryVariables = Exact<{
  id: string | number;
}>;


export type BreachPageQuery = { case: { id: string, reference: string | null, breaches: { nodes: Array<{ id: string, occurredAt: string | null, type: BreachType | null, crimeReference: string | null, crimeNotRecordedReason: string | null, approvalStatus: BreachApprovalStatus | null, approvalNote: string | null, approvalDecidedAt: string | null, resolved: boolean | null, description: string | null, version: number | null, reasonApprovedBy: { id: string, displayName: string } | null, recordedBy: { displayName: string } | null }> | null } | null } };

export type DecideBreachApprovalMutationVariables = Exact<{
  input: DecideBreachApprovalInput;
}>;


export type DecideBreachApprovalMutation = { decideBreachApproval: { id: string, approvalStatus: BreachApprovalStatus | null, approvalNote: string | null, resolved: boolean | null, version: number | null } };

export type RecordBreachCrimeReferenceMutationVariables = Exact<{
  input: RecordBreachCrimeReferenceInput;
}>;


export type RecordBreachCrimeReferenceMutation = { recordBreachCrimeReference: { id: string, crimeReference: string | null, resolved: boolean | null, version: number | null } };

export type CasePageQueryVariables = Exact<{
  id: string | number;
}>;


export type CasePageQuery = { case: { id: string, reference: string | null, status: CaseStatus | null, tier: CaseTier | null, cjStatus: CriminalJusticeStatus | null, agreedRiskLevel: RiskLevel | null, nextReviewOn: string | null, closedAt: string | null, version: number | null, createdAt: string | null, urgentReviewRequested: boolean | null, urgentReviewRequestedAt: string | null, openActionsCount: number | null, lifecycle: Array<{ id: string, kind: CaseLifecycleKind | null, occurredAt: string | null, fromStatus: CaseStatus | null, toStatus: CaseStatus | null, meetingStartsAt: string | null, riskLevel: RiskLevel | null, nextReviewOn: string | null }> | null, urgentReviews: Array<{ id: string, requestedAt: string | null, dueBy: string | null, clearedAt: string | null, clearedByMeetingId: string | null, escalatedAt: string | null }> | null, clinic: { id: string, name: string } | null, leadAgency: { id: string, name: string } | null, participants: Array<{ id: string, roleInCase: ParticipantRole | null, leftAt: string | null, agency: { id: string, name: string } | null }> | null, subject: { id: string, version: number | null, givenName: string | null, familyName: string | null, otherNames: Array<string> | null, dateOfBirth: string | null, proximityConcern: boolean | null } | null, victims: Array<{ id: string, version: number | null, alias: string | null, relationshipToSubject: string | null, ageBand: AgeBand | null, givenName: string | null, familyName: string | null, voice: { sharedSummary: string | null, safetyPlanSummary: string | null } | null }> | null, assessments: Array<{ id: string, tool: RiskTool | null, toolVersion: string | null, status: AssessmentStatus | null, assessedOn: string | null, score: number | null, highRisk: boolean | null, concernLevel: ConcernLevel | null, rationale: string | null, submittedAt: string | null, judgements: { violence: JudgementLevel | null, persistence: JudgementLevel | null, recurrence: JudgementLevel | null, psychosocialDamage: JudgementLevel | null } | null, authorAgency: { id: string, name: string } | null }> | null, riskHistory: Array<{ id: string, level: RiskLevel | null, rationale: string | null, agreedAt: string | null, agreedByAgency: { name: string } | null }> | null, formulation: { summary: string | null, recommendations: string | null, victimSafety: string | null } | null, policeSummary: { relevantHistory: string | null, investigationStatus: string | null, bailConditions: string | null, arrests: string | null } | null, probationSummary: { orderType: string | null, supervisionStatus: string | null, compliance: string | null, conditions: Array<{ text: string | null }> | null, victimConditions: Array<{ text: string | null }> | null } | null, escalations: Array<{ id: string, target: EscalationTarget | null, mappaLevel: number | null, externalReference: string | null, escalatedOn: string | null }> | null, reopenedAs: { id: string, reference: string | null } | null, closure: { closedAt: string | null, rationale: string | null } | null, orders: Array<{ id: string, typeCode: string | null, status: OrderStatus | null, servedOn: string | null, fixedEndOn: string | null, untilFurtherOrder: boolean | null, inForce: boolean | null, notificationDueBy: string | null, notificationMissed: boolean | null, type: { name: string } | null, conditions: Array<{ id: string, servedText: string | null }> | null }> | null, documents: Array<{ id: string, filename: string | null, category: string | null, sizeBytes: number | null, uploadedAt: string | null, purposeRequired: boolean | null, ownerAgency: { name: string } | null }> | null, victimUpdates: Array<{ id: string, trigger: CriminalJusticeEventType | null, dueBy: string | null, overdue: boolean | null, deliveredAt: string | null }> | null, criminalJusticeEvents: Array<{ id: string, type: CriminalJusticeEventType | null, occurredAt: string | null }> | null, breaches: { total: number | null, unresolved: number | null, nodes: Array<{ id: string, occurredAt: string | null, type: BreachType | null, crimeReference: string | null, approvalStatus: BreachApprovalStatus | null, description: string | null }> | null } | null, meetings: Array<{ id: string, title: string, startsAt: string, status: MeetingStatus }> | null, actions: Array<{ id: string, title: string | null, ownerAgencyId: string | null, dueOn: string | null, status: AgreedActionStatus | null, overdue: boolean | null }> | null, recommendations: Array<{ id: string, text: string | null, status: RecommendationStatus | null, category: RecommendationCategory | null }> | null, referral: { id: string, reference: string | null, submittedAt: string | null } | null }, agencies: Array<{ id: string, name: string }> };

export type CasesQueryVariables = Exact<{
  filter?: CaseFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type CasesQuery = { cases: { edges: Array<{ node: { id: string, reference: string | null, status: CaseStatus | null, agreedRiskLevel: RiskLevel | null, nextReviewOn: string | null, leadAgency: { name: string } | null, subject: { familyName: string | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CaseToCloseQueryVariables = Exact<{
  id: string | number;
}>;


export type CaseToCloseQuery = { case: { id: string, reference: string | null, version: number | null, status: CaseStatus | null, actions: Array<{ id: string, title: string | null, status: AgreedActionStatus | null }> | null } };

export type CloseCaseMutationVariables = Exact<{
  input: CloseCaseInput;
}>;


export type CloseCaseMutation = { closeCase: { id: string, status: CaseStatus | null, version: number | null } };

export type RecordClosureVictimViewMutationVariables = Exact<{
  input: RecordClosureVictimViewInput;
}>;


export type RecordClosureVictimViewMutation = { recordClosureVictimView: { id: string, recordedAt: string | null } };

export type CaseReferenceQueryVariables = Exact<{
  id: string | number;
}>;


export type CaseReferenceQuery = { case: { id: string, reference: string | null } };

export type CreateAssessmentMutationVariables = Exact<{
  input: CreateAssessmentInput;
}>;


export type CreateAssessmentMutation = { createAssessment: { id: string, version: number | null } };

export type SubmitAssessmentMutationVariables = Exact<{
  input: SubmitAssessmentInput;
}>;


export type SubmitAssessmentMutation = { submitAssessment: { id: string, status: AssessmentStatus | null } };

export type CriminalJusticeCaseQueryVariables = Exact<{
  id: string | number;
}>;


export type CriminalJusticeCaseQuery = { case: { id: string, reference: string | null } };

export type RecordCriminalJusticeEventMutationVariables = Exact<{
  input: RecordCriminalJusticeEventInput;
}>;


export type RecordCriminalJusticeEventMutation = { recordCriminalJusticeEvent: { id: string, type: CriminalJusticeEventType | null, occurredAt: string | null, victimUpdates: Array<{ id: string, dueBy: string | null, deliveredAt: string | null }> | null } };

export type CaseForUploadQueryVariables = Exact<{
  id: string | number;
}>;


export type CaseForUploadQuery = { case: { id: string, reference: string | null, participants: Array<{ id: string, leftAt: string | null, agency: { id: string, name: string } | null }> | null } };

export type DocumentPageQueryVariables = Exact<{
  id: string | number;
}>;


export type DocumentPageQuery = { document: { id: string, filename: string | null, contentType: string | null, sizeBytes: number | null, category: string | null, uploadedAt: string | null, purposeRequired: boolean | null, downloadPath: string | null, ownerAgency: { name: string } | null, visibleAgencies: Array<{ name: string }> | null } };

export type CaseBriefQueryVariables = Exact<{
  id: string | number;
}>;


export type CaseBriefQuery = { case: { id: string, reference: string | null, version: number | null, status: CaseStatus | null, leadAgency: { id: string } | null, participants: Array<{ id: string, roleInCase: ParticipantRole | null, leftAt: string | null, agency: { id: string, name: string } | null }> | null }, agencies: Array<{ id: string, name: string, active: boolean }> };

export type EscalateCaseMutationVariables = Exact<{
  input: EscalateCaseInput;
}>;


export type EscalateCaseMutation = { escalateCase: { id: string, status: CaseStatus | null, version: number | null } };

export type CaseHeaderQueryVariables = Exact<{
  id: string | number;
}>;


export type CaseHeaderQuery = { case: { id: string, reference: string | null, version: number | null, nextReviewOn: string | null, updatedAt: string | null } };

export type SetNextReviewMutationVariables = Exact<{
  input: UpdateCaseHeaderInput;
}>;


export type SetNextReviewMutation = { updateCaseHeader: { id: string, nextReviewOn: string | null, version: number | null } };

export type OrderDetailFragment = { id: string, typeCode: string | null, status: OrderStatus | null, appliedOn: string | null, grantedOn: string | null, servedOn: string | null, fixedEndOn: string | null, untilFurtherOrder: boolean | null, endedOn: string | null, inForce: boolean | null, notificationDueBy: string | null, notificationReceivedOn: string | null, notificationMissed: boolean | null, version: number | null, type: { code: string, name: string, requiresNotification: boolean, allowsUntilFurtherOrder: boolean } | null, conditions: Array<{ id: string, position: number | null, servedText: string | null }> | null };

export type CaseOrdersDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type CaseOrdersDetailQuery = { case: { id: string, reference: string | null, orders: Array<{ id: string, typeCode: string | null, status: OrderStatus | null, appliedOn: string | null, grantedOn: string | null, servedOn: string | null, fixedEndOn: string | null, untilFurtherOrder: boolean | null, endedOn: string | null, inForce: boolean | null, notificationDueBy: string | null, notificationReceivedOn: string | null, notificationMissed: boolean | null, version: number | null, type: { code: string, name: string, requiresNotification: boolean, allowsUntilFurtherOrder: boolean } | null, conditions: Array<{ id: string, position: number | null, servedText: string | null }> | null }> | null }, orderTypes: Array<{ code: string, name: string, isSpo: boolean, isInterim: boolean, minFixedMonths: number | null, allowsUntilFurtherOrder: boolean, requiresNotification: boolean, notificationDays: number | null }> };

export type RecordOrderMutationVariables = Exact<{
  input: RecordOrderInput;
}>;


export type RecordOrderMutation = { recordOrder: { id: string, typeCode: string | null, status: OrderStatus | null, appliedOn: string | null, grantedOn: string | null, servedOn: string | null, fixedEndOn: string | null, untilFurtherOrder: boolean | null, endedOn: string | null, inForce: boolean | null, notificationDueBy: string | null, notificationReceivedOn: string | null, notificationMissed: boolean | null, version: number | null, type: { code: string, name: string, requiresNotification: boolean, allowsUntilFurtherOrder: boolean } | null, conditions: Array<{ id: string, position: number | null, servedText: string | null }> | null } };

export type UpdateOrderMutationVariables = Exact<{
  input: UpdateOrderInput;
}>;


export type UpdateOrderMutation = { updateOrder: { id: string, typeCode: string | null, status: OrderStatus | null, appliedOn: string | null, grantedOn: string | null, servedOn: string | null, fixedEndOn: string | null, untilFurtherOrder: boolean | null, endedOn: string | null, inForce: boolean | null, notificationDueBy: string | null, notificationReceivedOn: string | null, notificationMissed: boolean | null, version: number | null, type: { code: string, name: string, requiresNotification: boolean, allowsUntilFurtherOrder: boolean } | null, conditions: Array<{ id: string, position: number | null, servedText: string | null }> | null } };

export type RecordOrderNotificationMutationVariables = Exact<{
  input: RecordOrderNotificationInput;
}>;


export type RecordOrderNotificationMutation = { recordOrderNotification: { id: string, typeCode: string | null, status: OrderStatus | null, appliedOn: string | null, grantedOn: string | null, servedOn: string | null, fixedEndOn: string | null, untilFurtherOrder: boolean | null, endedOn: string | null, inForce: boolean | null, notificationDueBy: string | null, notificationReceivedOn: string | null, notificationMissed: boolean | null, version: number | null, type: { code: string, name: string, requiresNotification: boolean, allowsUntilFurtherOrder: boolean } | null, conditions: Array<{ id: string, position: number | null, servedText: string | null }> | null } };

export type AddOrderConditionMutationVariables = Exact<{
  input: AddOrderConditionInput;
}>;


export type AddOrderConditionMutation = { addOrderCondition: { id: string, typeCode: string | null, status: OrderStatus | null, appliedOn: string | null, grantedOn: string | null, servedOn: string | null, fixedEndOn: string | null, untilFurtherOrder: boolean | null, endedOn: string | null, inForce: boolean | null, notificationDueBy: string | null, notificationReceivedOn: string | null, notificationMissed: boolean | null, version: number | null, type: { code: string, name: string, requiresNotification: boolean, allowsUntilFurtherOrder: boolean } | null, conditions: Array<{ id: string, position: number | null, servedText: string | null }> | null } };

export type OrderProtectedDetailQueryVariables = Exact<{
  id: string | number;
  reason: PurposeReason;
  purpose: string;
}>;


export type OrderProtectedDetailQuery = { case: { id: string, orders: Array<{ id: string, conditions: Array<{ id: string, protectedDetail: { kind: ProtectedDetailKind | null, detail: string | null } | null }> | null }> | null } };

export type AddParticipantMutationVariables = Exact<{
  input: AddParticipantInput;
}>;


export type AddParticipantMutation = { addParticipant: { id: string, version: number | null } };

export type EndParticipationMutationVariables = Exact<{
  input: EndParticipationInput;
}>;


export type EndParticipationMutation = { endParticipation: { id: string, version: number | null } | null };

export type AdvocacyRecordsQueryVariables = Exact<{
  id: string | number;
}>;


export type AdvocacyRecordsQuery = { case: { id: string, reference: string | null, victims: Array<{ id: string, alias: string | null, voice: { voiceSummary: string | null, safetyPlanSummary: string | null, sharedSummary: string | null, version: number | null } | null }> | null, advocacyRecords: Array<{ id: string, version: number | null, recordedOn: string | null, disclosures: string | null, health: string | null, counselling: string | null, needs: string | null }> | null } };

export type CreateAdvocacyRecordMutationVariables = Exact<{
  input: CreateAdvocacyRecordInput;
}>;


export type CreateAdvocacyRecordMutation = { createAdvocacyRecord: { id: string, version: number | null } | null };

export type UpdateAdvocacyRecordMutationVariables = Exact<{
  input: UpdateAdvocacyRecordInput;
}>;


export type UpdateAdvocacyRecordMutation = { updateAdvocacyRecord: { id: string, version: number | null } | null };

export type UpdateVictimVoiceMutationVariables = Exact<{
  input: UpdateVictimVoiceInput;
}>;


export type UpdateVictimVoiceMutation = { updateVictimVoice: { id: string, caseId: string } };

export type ClinicalRecordsQueryVariables = Exact<{
  id: string | number;
  reason: PurposeReason;
  purpose: string;
}>;


export type ClinicalRecordsQuery = { case: { id: string, clinicalRecords: Array<{ id: string, version: number | null, recordedOn: string | null, diagnoses: string | null, medication: string | null, clinicalNotes: string | null, authorAgency: { name: string } | null }> | null } };

export type CreateClinicalRecordMutationVariables = Exact<{
  input: CreateClinicalRecordInput;
}>;


export type CreateClinicalRecordMutation = { createClinicalRecord: { id: string, caseId: string } };

export type UpdateClinicalRecordMutationVariables = Exact<{
  input: UpdateClinicalRecordInput;
}>;


export type UpdateClinicalRecordMutation = { updateClinicalRecord: { id: string, caseId: string } };

export type FormulationRecordQueryVariables = Exact<{
  id: string | number;
}>;


export type FormulationRecordQuery = { case: { id: string, reference: string | null, formulation: { id: string, version: number | null, summary: string | null, riskScenarios: string | null, protectiveFactors: string | null, recommendations: string | null, victimSafety: string | null } | null } };

export type CreateFormulationMutationVariables = Exact<{
  input: CreateFormulationInput;
}>;


export type CreateFormulationMutation = { createFormulation: { id: string, version: number | null } | null };

export type UpdateFormulationMutationVariables = Exact<{
  input: UpdateFormulationInput;
}>;


export type UpdateFormulationMutation = { updateFormulation: { id: string, version: number | null } | null };

export type PoliceRecordsQueryVariables = Exact<{
  id: string | number;
}>;


export type PoliceRecordsQuery = { case: { id: string, reference: string | null, policeSummary: { id: string, version: number | null, relevantHistory: string | null, investigationStatus: string | null, bailConditions: string | null, arrests: string | null } | null, policeIntelligence: { id: string, version: number | null, intelligence: string | null, offendingHistory: string | null } | null } };

export type CreatePoliceSummaryMutationVariables = Exact<{
  input: CreatePoliceSummaryInput;
}>;


export type CreatePoliceSummaryMutation = { createPoliceSummary: { id: string, version: number | null } | null };

export type UpdatePoliceSummaryMutationVariables = Exact<{
  input: UpdatePoliceSummaryInput;
}>;


export type UpdatePoliceSummaryMutation = { updatePoliceSummary: { id: string, version: number | null } | null };

export type CreatePoliceIntelligenceMutationVariables = Exact<{
  input: CreatePoliceIntelligenceInput;
}>;


export type CreatePoliceIntelligenceMutation = { createPoliceIntelligence: { id: string, version: number | null } | null };

export type UpdatePoliceIntelligenceMutationVariables = Exact<{
  input: UpdatePoliceIntelligenceInput;
}>;


export type UpdatePoliceIntelligenceMutation = { updatePoliceIntelligence: { id: string, version: number | null } | null };

export type ProbationRecordsQueryVariables = Exact<{
  id: string | number;
}>;


export type ProbationRecordsQuery = { case: { id: string, reference: string | null, probationSummary: { id: string, version: number | null, orderType: string | null, supervisionStatus: string | null, compliance: string | null, conditions: Array<{ text: string | null, concernsVictim: boolean | null }> | null, rosh: { knownAdult: RiskLevel | null, public: RiskLevel | null, children: RiskLevel | null, staff: RiskLevel | null, assessedOn: string | null } | null } | null, probationDetail: { id: string, version: number | null, caseNotes: string | null, oasysSummary: string | null, sentencePlan: string | null } | null } };

export type CreateProbationSummaryMutationVariables = Exact<{
  input: CreateProbationSummaryInput;
}>;


export type CreateProbationSummaryMutation = { createProbationSummary: { id: string, version: number | null } | null };

export type UpdateProbationSummaryMutationVariables = Exact<{
  input: UpdateProbationSummaryInput;
}>;


export type UpdateProbationSummaryMutation = { updateProbationSummary: { id: string, version: number | null } | null };

export type CreateProbationDetailMutationVariables = Exact<{
  input: CreateProbationDetailInput;
}>;


export type CreateProbationDetailMutation = { createProbationDetail: { id: string, version: number | null } | null };

export type UpdateProbationDetailMutationVariables = Exact<{
  input: UpdateProbationDetailInput;
}>;


export type UpdateProbationDetailMutation = { updateProbationDetail: { id: string, version: number | null } | null };

export type CasePeopleQueryVariables = Exact<{
  id: string | number;
}>;


export type CasePeopleQuery = { case: { id: string, reference: string | null, subject: { id: string, version: number | null, givenName: string | null, familyName: string | null, dateOfBirth: string | null } | null, victims: Array<{ id: string, version: number | null, alias: string | null, givenName: string | null, familyName: string | null, dateOfBirth: string | null, relationshipToSubject: string | null, ageBand: AgeBand | null }> | null } };

export type AddPersonMutationVariables = Exact<{
  input: AddPersonInput;
}>;


export type AddPersonMutation = { addPerson: { id: string } };

export type UpdatePersonMutationVariables = Exact<{
  input: UpdatePersonInput;
}>;


export type UpdatePersonMutation = { updatePerson: { id: string } };

export type CaseOrdersQueryVariables = Exact<{
  id: string | number;
}>;


export type CaseOrdersQuery = { case: { id: string, reference: string | null, orders: Array<{ id: string, typeCode: string | null, inForce: boolean | null, type: { name: string } | null }> | null } };

export type BreachApproversQueryVariables = Exact<{
  caseId: string | number;
}>;


export type BreachApproversQuery = { breachApprovers: Array<{ id: string, displayName: string }> };

export type RecordBreachMutationVariables = Exact<{
  input: RecordBreachInput;
}>;


export type RecordBreachMutation = { recordBreach: { id: string } };

export type ReopenCaseAsRepeatMutationVariables = Exact<{
  input: ReopenCaseAsRepeatInput;
}>;


export type ReopenCaseAsRepeatMutation = { reopenCaseAsRepeat: { id: string, reference: string | null } };

export type ClearUrgentReviewMutationVariables = Exact<{
  caseId: string | number;
}>;


export type ClearUrgentReviewMutation = { clearUrgentReview: { id: string, urgentReviewRequested: boolean | null, urgentReviewRequestedAt: string | null } };

export type CaseVictimsQueryVariables = Exact<{
  id: string | number;
}>;


export type CaseVictimsQuery = { case: { id: string, reference: string | null, victims: Array<{ id: string, alias: string | null }> | null } };

export type VictimLocationsQueryVariables = Exact<{
  id: string | number;
  reason: PurposeReason;
  purpose: string;
}>;


export type VictimLocationsQuery = { case: { id: string, victims: Array<{ id: string, alias: string | null, locations: Array<{ id: string, kind: LocationKind | null, addressLine1: string | null, addressLine2: string | null, town: string | null, postcode: string | null, phone: string | null, email: string | null, details: string | null, current: boolean | null, recordedAt: string | null }> | null }> | null } };

export type AddLocationMutationVariables = Exact<{
  input: AddLocationInput;
}>;


export type AddLocationMutation = { addLocation: { id: string } };

export type HomeWorkQueryVariables = Exact<{
  owner: boolean;
  clinicStaff: boolean;
  referrer: boolean;
  reviewBefore: string;
}>;


export type HomeWorkQuery = { askedForMore?: number, toScreen?: number, reviewsDue?: number, overdueActions?: Array<{ id: string }>, actionsDueThisWeek?: Array<{ id: string }> };

export type HomeWorkMoreQueryVariables = Exact<{
  partner: boolean;
  victimUpdates: boolean;
  auditor: boolean;
  now: string;
  since: string;
}>;


export type HomeWorkMoreQuery = { upcoming?: Array<{ id: string, title: string, startsAt: string, status: MeetingStatus, myAttendance: { id: string } | null, agenda: Array<
      | { id: string, contributionStatus: Array<{ agencyId: string, submitted: boolean }> | null }
      | { id: string }
    > }>, updatesDue?: { edges: Array<{ cursor: string }>, pageInfo: { hasNextPage: boolean } }, updatesOverdue?: { edges: Array<{ cursor: string }>, pageInfo: { hasNextPage: boolean } }, breakGlass?: { hasNextPage: boolean, nodes: Array<{ id: string }> } };

export type MyBreachApprovalsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyBreachApprovalsQuery = { myBreachApprovals: Array<{ id: string, caseId: string, caseReference: string | null, occurredAt: string | null, type: BreachType | null }> };

export type AddAgendaItemMutationVariables = Exact<{
  input: AddAgendaItemInput;
}>;


export type AddAgendaItemMutation = { addAgendaItem:
    | { id: string, position: number }
    | { id: string, position: number }
   };

export type DeferAgendaItemMutationVariables = Exact<{
  input: DeferAgendaItemInput;
}>;


export type DeferAgendaItemMutation = { deferAgendaItem:
    | { id: string, position: number }
    | { id: string, position: number }
   };

export type ListableCasesQueryVariables = Exact<{
  clinicId: string | number;
}>;


export type ListableCasesQuery = { cases: { edges: Array<{ node: { id: string, reference: string | null, status: CaseStatus | null } }> } };

export type InviteAttendeeMutationVariables = Exact<{
  input: InviteAttendeeInput;
}>;


export type InviteAttendeeMutation = { inviteAttendee: { id: string } };

export type InvitableUsersQueryVariables = Exact<{ [key: string]: never; }>;


export type InvitableUsersQuery = { users: { nodes: Array<{ id: string, displayName: string, agency: { id: string, name: string } | null }> } };

export type RecordAttendanceMutationVariables = Exact<{
  input: RecordAttendanceInput;
}>;


export type RecordAttendanceMutation = { recordAttendance: { id: string, status: AttendanceStatus } };

export type SetInformationSubmittedMutationVariables = Exact<{
  input: InformationSubmittedInput;
}>;


export type SetInformationSubmittedMutation = { setInformationSubmitted: { id: string, informationSubmitted: boolean } };

export type ContributionOfferItemsQueryVariables = Exact<{
  id: string | number;
}>;


export type ContributionOfferItemsQuery = { case: { id: string, meetings: Array<{ id: string, status: MeetingStatus, startsAt: string, agenda: Array<
        | { id: string, caseId: string | null, contributions: Array<{ agencyId: string | null }> | null }
        | Record<PropertyKey, never>
      > }> | null } };

export type SendRecordAsContributionMutationVariables = Exact<{
  input: SubmitContributionInput;
}>;


export type SendRecordAsContributionMutation = { submitContribution: { id: string } };

export type DraftMinutesMutationVariables = Exact<{
  input: DraftMinutesInput;
}>;


export type DraftMinutesMutation = { draftMinutes:
    | { id: string }
    | { id: string }
   };

export type CreateActionMutationVariables = Exact<{
  input: CreateActionInput;
}>;


export type CreateActionMutation = { createAction: { id: string } };

export type AddMinuteAddendumMutationVariables = Exact<{
  input: AddAddendumInput;
}>;


export type AddMinuteAddendumMutation = { addMinuteAddendum: { id: string } };

export type CancelMeetingMutationVariables = Exact<{
  input: ChangeMeetingStatusInput;
}>;


export type CancelMeetingMutation = { changeMeetingStatus: { id: string, status: MeetingStatus, version: number } };

export type RescheduleMeetingMutationVariables = Exact<{
  input: RescheduleMeetingInput;
}>;


export type RescheduleMeetingMutation = { rescheduleMeeting: { id: string, startsAt: string, endsAt: string, place: string | null, virtualLink: string | null, version: number } };

export type MeetingQueryVariables = Exact<{
  id: string | number;
}>;


export type MeetingQuery = { meeting: { id: string, clinicId: string, kind: MeetingKind, status: MeetingStatus, title: string, startsAt: string, endsAt: string, place: string | null, virtualLink: string | null, confidentialityStatement: string, referralDeadlineOn: string, agendaPublicationDueOn: string, agendaPublishedAt: string | null, agendaPublicationLate: boolean, minutesApprovedAt: string | null, cancelReason: string | null, version: number, attendees: Array<{ id: string, userId: string, agencyId: string, status: AttendanceStatus, informationSubmitted: boolean, confidentialityAcceptedAt: string | null }>, myAttendance: { id: string, status: AttendanceStatus, confidentialityAcceptedAt: string | null } | null, executiveSummary: { overview: string | null }, agenda: Array<
      | { __typename: 'AgendaItem', caseId: string | null, kind: AgendaItemKind | null, title: string | null, deferralReason: DeferralReason | null, deferralNote: string | null, minutes: string | null, summary: string | null, nextReviewOn: string | null, version: number | null, id: string, position: number, startsAt: string, durationMinutes: number, restricted: boolean, case: { id: string, reference: string | null } | null, contributionStatus: Array<{ agencyId: string, submitted: boolean, missing: boolean }> | null, contributions: Array<{ id: string, agencyId: string | null, text: string | null, submittedAt: string | null }> | null, recommendations: Array<{ id: string, category: RecommendationCategory | null, text: string | null, rationale: string | null, status: RecommendationStatus | null, version: number | null, dissents: Array<{ agencyId: string, reason: string | null }> | null }> | null, actions: Array<{ id: string, title: string | null, ownerAgencyId: string | null, dueOn: string | null, priority: AgreedActionPriority | null, status: AgreedActionStatus | null, version: number | null }> | null, addenda: Array<{ id: string, reason: string | null, text: string | null, createdAt: string | null }> | null }
      | { __typename: 'RestrictedAgendaItem', id: string, position: number, startsAt: string, durationMinutes: number, restricted: boolean }
    > }, agencies: Array<{ id: string, name: string, type: AgencyType }> };

export type ChangeMeetingStatusMutationVariables = Exact<{
  input: ChangeMeetingStatusInput;
}>;


export type ChangeMeetingStatusMutation = { changeMeetingStatus: { id: string, status: MeetingStatus, version: number } };

export type MoveAgendaItemMutationVariables = Exact<{
  input: MoveAgendaItemInput;
}>;


export type MoveAgendaItemMutation = { moveAgendaItem: Array<
    | { id: string, position: number, startsAt: string }
    | { id: string, position: number, startsAt: string }
  > };

export type RemoveAgendaItemMutationVariables = Exact<{
  input: RemoveAgendaItemInput;
}>;


export type RemoveAgendaItemMutation = { removeAgendaItem: Array<
    | { id: string, position: number }
    | { id: string, position: number }
  > };

export type AcceptConfidentialityMutationVariables = Exact<{
  meetingId: string | number;
}>;


export type AcceptConfidentialityMutation = { acceptConfidentiality: { id: string, confidentialityAcceptedAt: string | null } };

export type SubmitContributionMutationVariables = Exact<{
  input: SubmitContributionInput;
}>;


export type SubmitContributionMutation = { submitContribution: { id: string, submittedAt: string | null } };

export type MeetingsQueryVariables = Exact<{
  from?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type MeetingsQuery = { meetings: Array<{ id: string, clinicId: string, kind: MeetingKind, status: MeetingStatus, title: string, startsAt: string, endsAt: string, place: string | null, agendaPublicationDueOn: string, agendaPublicationLate: boolean }> };

export type ProposeRecommendationMutationVariables = Exact<{
  input: ProposeRecommendationInput;
}>;


export type ProposeRecommendationMutation = { proposeRecommendation: { id: string } };

export type DecideRecommendationMutationVariables = Exact<{
  input: DecideRecommendationInput;
}>;


export type DecideRecommendationMutation = { decideRecommendation: { id: string, status: RecommendationStatus | null, rationale: string | null, version: number | null } };

export type RecordDissentMutationVariables = Exact<{
  input: RecordDissentInput;
}>;


export type RecordDissentMutation = { recordDissent: { id: string } };

export type EndMeetingMutationVariables = Exact<{
  input: ChangeMeetingStatusInput;
}>;


export type EndMeetingMutation = { changeMeetingStatus: { id: string, status: MeetingStatus, version: number } };

export type SetExecutiveSummaryMutationVariables = Exact<{
  input: ExecutiveSummaryInput;
}>;


export type SetExecutiveSummaryMutation = { setExecutiveSummary: { id: string, version: number } };

export type ScheduleMeetingMutationVariables = Exact<{
  input: ScheduleMeetingInput;
}>;


export type ScheduleMeetingMutation = { scheduleMeeting: { id: string } };

export type NotificationPreferencesQueryVariables = Exact<{ [key: string]: never; }>;


export type NotificationPreferencesQuery = { myNotificationPreferences: Array<{ kind: string, description: string, email: boolean, digest: boolean, safetyCritical: boolean }> };

export type SetNotificationPreferenceMutationVariables = Exact<{
  input: SetPreferenceInput;
}>;


export type SetNotificationPreferenceMutation = { setNotificationPreference: { kind: string, email: boolean, digest: boolean, safetyCritical: boolean } };

export type InboxQueryVariables = Exact<{
  after?: string | null | undefined;
  unreadOnly?: boolean | null | undefined;
}>;


export type InboxQuery = { unreadNotificationCount: number, myNotifications: { nextCursor: string | null, items: Array<{ id: string, kind: string, title: string, link: string, createdAt: string, readAt: string | null, case: { id: string, reference: string | null } | null }> } };

export type MarkNotificationReadMutationVariables = Exact<{
  id: string | number;
}>;


export type MarkNotificationReadMutation = { markNotificationRead: { id: string, readAt: string | null } };

export type MarkAllNotificationsReadMutationVariables = Exact<{ [key: string]: never; }>;


export type MarkAllNotificationsReadMutation = { markAllNotificationsRead: number };

export type ReferralToChangeQueryVariables = Exact<{
  id: string | number;
}>;


export type ReferralToChangeQuery = { referral: { id: string, reference: string | null, referrerAgencyId: string | null, status: ReferralStatus | null, version: number | null, urgency: ReferralUrgency | null, reason: string | null, behaviours: Array<ReferralBehaviour> | null, crimeReferences: Array<string> | null, sharingBasis: ReferralSharingBasis | null, basisRationale: string | null, subject: { givenName: string | null, familyName: string | null } | null, victim: { givenName: string | null, familyName: string | null, relationshipToSubject: string | null } | null } };

export type UpdateReferralMutationVariables = Exact<{
  input: UpdateReferralInput;
}>;


export type UpdateReferralMutation = { updateReferral: { id: string, status: ReferralStatus | null, version: number | null } };

export type WithdrawReferralMutationVariables = Exact<{
  input: ReferralTransitionInput;
}>;


export type WithdrawReferralMutation = { withdrawReferral: { id: string, status: ReferralStatus | null, version: number | null, decisionReason: string | null } };

export type ReferralClinicsQueryVariables = Exact<{ [key: string]: never; }>;


export type ReferralClinicsQuery = { clinics: Array<{ id: string, name: string, active: boolean }> };

export type CreateReferralMutationVariables = Exact<{
  input: CreateReferralInput;
}>;


export type CreateReferralMutation = { createReferral: { id: string, version: number | null } };

export type SubmitReferralMutationVariables = Exact<{
  input: ReferralTransitionInput;
}>;


export type SubmitReferralMutation = { submitReferral: { id: string, reference: string | null, status: ReferralStatus | null } };

export type ReferralQueryVariables = Exact<{
  id: string | number;
}>;


export type ReferralQuery = { referral: { id: string, reference: string | null, clinicId: string | null, referrerAgencyId: string | null, status: ReferralStatus | null, urgency: ReferralUrgency | null, reason: string | null, behaviours: Array<ReferralBehaviour> | null, crimeReferences: Array<string> | null, cjStatus: ReferralCriminalJusticeStatus | null, sharingBasis: ReferralSharingBasis | null, basisRationale: string | null, tier: ReferralCaseTier | null, decisionReason: string | null, submittedAt: string | null, screeningDueAt: string | null, decidedAt: string | null, overdue: boolean | null, version: number | null, subject: { givenName: string | null, familyName: string | null, dateOfBirth: string | null } | null, victim: { alias: string | null, givenName: string | null, familyName: string | null, relationshipToSubject: string | null } | null, sdash: { answers: Array<boolean> | null, score: number | null } | null, questions: Array<{ id: string, question: string | null, askedAt: string | null, answer: string | null, answeredAt: string | null }> | null, possibleDuplicates: Array<{ kind: string | null, reference: string | null }> | null, case: { id: string, reference: string | null } | null }, agencies: Array<{ id: string, name: string }> };

export type StartScreeningMutationVariables = Exact<{
  input: ReferralTransitionInput;
}>;


export type StartScreeningMutation = { startScreening: { id: string, status: ReferralStatus | null, version: number | null } };

export type RequestMoreInformationMutationVariables = Exact<{
  input: RequestMoreInformationInput;
}>;


export type RequestMoreInformationMutation = { requestMoreInformation: { id: string, status: ReferralStatus | null, version: number | null } };

export type AnswerReferralQuestionMutationVariables = Exact<{
  input: AnswerQuestionInput;
}>;


export type AnswerReferralQuestionMutation = { answerReferralQuestion: { id: string, status: ReferralStatus | null, version: number | null } };

export type AcceptReferralMutationVariables = Exact<{
  input: AcceptReferralInput;
}>;


export type AcceptReferralMutation = { acceptReferral: { id: string, status: ReferralStatus | null, version: number | null, case: { id: string, reference: string | null } | null } };

export type DeclineReferralMutationVariables = Exact<{
  input: ReferralTransitionInput;
}>;


export type DeclineReferralMutation = { declineReferral: { id: string, status: ReferralStatus | null, version: number | null } };

export type ReferralsQueryVariables = Exact<{
  filter?: ReferralFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type ReferralsQuery = { referrals: { edges: Array<{ node: { id: string, reference: string | null, status: ReferralStatus | null, urgency: ReferralUrgency | null, overdue: boolean | null, submittedAt: string | null, screeningDueAt: string | null, subject: { familyName: string | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type UrgentReviewsAwaitingMeetingQueryVariables = Exact<{
  clinicId: string | number;
}>;


export type UrgentReviewsAwaitingMeetingQuery = { urgentReviewsAwaitingMeeting: Array<{ id: string, requestedAt: string | null, dueBy: string | null, overdue: boolean | null, escalatedAt: string | null, case: { id: string, reference: string | null } | null }> };

export type SetVictimCodeEntitlementMutationVariables = Exact<{
  input: SetVictimCodeEntitlementInput;
}>;


export type SetVictimCodeEntitlementMutation = { setVictimCodeEntitlement: { id: string, caseId: string } };

export type VictimUpdatesQueryVariables = Exact<{ [key: string]: never; }>;


export type VictimUpdatesQuery = { overdue: { edges: Array<{ node: { id: string, caseId: string, trigger: CriminalJusticeEventType | null, eventAt: string | null, entitlement: VictimCodeEntitlement | null, workingDays: number | null, dueBy: string | null, overdue: boolean | null, version: number | null, case: { id: string, reference: string | null } | null, victim: { id: string, alias: string | null, victimCodeEntitlement: VictimCodeEntitlement | null } | null } }> }, due: { edges: Array<{ node: { id: string, caseId: string, trigger: CriminalJusticeEventType | null, eventAt: string | null, entitlement: VictimCodeEntitlement | null, workingDays: number | null, dueBy: string | null, overdue: boolean | null, version: number | null, case: { id: string, reference: string | null } | null, victim: { id: string, alias: string | null, victimCodeEntitlement: VictimCodeEntitlement | null } | null } }> } };

export type VictimUpdateRowFragment = { id: string, caseId: string, trigger: CriminalJusticeEventType | null, eventAt: string | null, entitlement: VictimCodeEntitlement | null, workingDays: number | null, dueBy: string | null, overdue: boolean | null, version: number | null, case: { id: string, reference: string | null } | null, victim: { id: string, alias: string | null, victimCodeEntitlement: VictimCodeEntitlement | null } | null };

export type RecordVictimUpdateDeliveredMutationVariables = Exact<{
  input: RecordVictimUpdateDeliveredInput;
}>;


export type RecordVictimUpdateDeliveredMutation = { recordVictimUpdateDelivered: { id: string, deliveredAt: string | null } };

export const ActionRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ActionRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgreedAction"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"caseId"}},{"kind":"Field","name":{"kind":"Name","value":"case"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"ownerAgencyId"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}}]}}]} as unknown as DocumentNode<ActionRowFragment, unknown>;
export const OrderDetailFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrderDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Order"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"typeCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"appliedOn"}},{"kind":"Field","name":{"kind":"Name","value":"grantedOn"}},{"kind":"Field","name":{"kind":"Name","value":"servedOn"}},{"kind":"Field","name":{"kind":"Name","value":"fixedEndOn"}},{"kind":"Field","name":{"kind":"Name","value":"untilFurtherOrder"}},{"kind":"Field","name":{"kind":"Name","value":"endedOn"}},{"kind":"Field","name":{"kind":"Name","value":"inForce"}},{"kind":"Field","name":{"kind":"Name","value":"notificationDueBy"}},{"kind":"Field","name":{"kind":"Name","value":"notificationReceivedOn"}},{"kind":"Field","name":{"kind":"Name","value":"notificationMissed"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"requiresNotification"}},{"kind":"Field","name":{"kind":"Name","value":"allowsUntilFurtherOrder"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conditions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"servedText"}}]}}]}}]} as unknown as DocumentNode<OrderDetailFragment, unknown>;
export const VictimUpdateRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VictimUpdateRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VictimUpdate"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"caseId"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"eventAt"}},{"kind":"Field","name":{"kind":"Name","value":"entitlement"}},{"kind":"Field","name":{"kind":"Name","value":"workingDays"}},{"kind":"Field","name":{"kind":"Name","value":"dueBy"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"case"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}},{"kind":"Field","name":{"kind":"Name","value":"victim"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"victimCodeEntitlement"}}]}}]}}]} as unknown as DocumentNode<VictimUpdateRowFragment, unknown>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"Field","name":{"kind":"Name","value":"clinics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const UnreadCountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"UnreadCount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unreadNotificationCount"}}]}}]} as unknown as DocumentNode<UnreadCountQuery, UnreadCountQueryVariables>;
export const AgreedActionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AgreedAction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agreedAction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"caseId"}},{"kind":"Field","name":{"kind":"Name","value":"case"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}},{"kind":"Field","name":{"kind":"Name","value":"meetingId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"ownerAgencyId"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"reminderOn"}},{"kind":"Field","name":{"kind":"Name","value":"completionNote"}},{"kind":"Field","name":{"kind":"Name","value":"notCompletedReason"}},{"kind":"Field","name":{"kind":"Name","value":"endNote"}},{"kind":"Field","name":{"kind":"Name","value":"chairReason"}},{"kind":"Field","name":{"kind":"Name","value":"endedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<AgreedActionQuery, AgreedActionQueryVariables>;
export const ChangeActionStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChangeActionStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeActionStatusInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changeActionStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"completionNote"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<ChangeActionStatusMutation, ChangeActionStatusMutationVariables>;
export const ActionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Actions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"view"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AgreedActionListView"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clinicId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clinic"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myAgencyActions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"view"},"value":{"kind":"Variable","name":{"kind":"Name","value":"view"}}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"skip"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clinic"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ActionRow"}}]}},{"kind":"Field","name":{"kind":"Name","value":"clinicActions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"clinicId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clinicId"}}},{"kind":"Argument","name":{"kind":"Name","value":"view"},"value":{"kind":"Variable","name":{"kind":"Name","value":"view"}}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clinic"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ActionRow"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ActionRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgreedAction"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"caseId"}},{"kind":"Field","name":{"kind":"Name","value":"case"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"ownerAgencyId"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}}]}}]} as unknown as DocumentNode<ActionsQuery, ActionsQueryVariables>;
export const ReassignActionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReassignAction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReassignActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reassignAction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"ownerAgencyId"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ReassignActionMutation, ReassignActionMutationVariables>;
export const AdminDirectoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AdminDirectory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"clinics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"cadence"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"isaSignedOn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"users"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"25"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"roles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"clinicId"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]} as unknown as DocumentNode<AdminDirectoryQuery, AdminDirectoryQueryVariables>;
export const SetClinicMemberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetClinicMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetClinicMemberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setClinicMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<SetClinicMemberMutation, SetClinicMemberMutationVariables>;
export const CreateAgencyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateAgency"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateAgencyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createAgency"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CreateAgencyMutation, CreateAgencyMutationVariables>;
export const CreateUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateUserInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CreateUserMutation, CreateUserMutationVariables>;
export const CreateClinicDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateClinic"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateClinicInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createClinic"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CreateClinicMutation, CreateClinicMutationVariables>;
export const UpdateAgencyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateAgency"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateAgencyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateAgency"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<UpdateAgencyMutation, UpdateAgencyMutationVariables>;
export const UpdateUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateUserInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"roles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"clinicId"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateUserMutation, UpdateUserMutationVariables>;
export const AuditLogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditEventFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"25"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"actorId"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"entityType"}},{"kind":"Field","name":{"kind":"Name","value":"caseId"}},{"kind":"Field","name":{"kind":"Name","value":"categories"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}},{"kind":"Field","name":{"kind":"Name","value":"recipients"}}]}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]} as unknown as DocumentNode<AuditLogQuery, AuditLogQueryVariables>;
export const ExportAuditEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ExportAuditEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditEventFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportAuditEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"csv"}},{"kind":"Field","name":{"kind":"Name","value":"rowCount"}},{"kind":"Field","name":{"kind":"Name","value":"truncated"}}]}}]}}]} as unknown as DocumentNode<ExportAuditEventsMutation, ExportAuditEventsMutationVariables>;
export const AuditPeopleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditPeople"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<AuditPeopleQuery, AuditPeopleQueryVariables>;
export const BreakGlassDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BreakGlass"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"caseId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PurposeReason"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"breakGlass"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"caseId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"caseId"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}},{"kind":"Argument","name":{"kind":"Name","value":"purpose"},"value":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"caseId"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<BreakGlassMutation, BreakGlassMutationVariables>;
export const SubjectAccessPeopleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SubjectAccessPeople"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"subject"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"victims"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"alias"}}]}},{"kind":"Field","name":{"kind":"Name","value":"thirdParties"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"alias"}}]}}]}}]}}]} as unknown as DocumentNode<SubjectAccessPeopleQuery, SubjectAccessPeopleQueryVariables>;
export const CreateSubjectAccessPackDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateSubjectAccessPack"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateSubjectAccessPackInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createSubjectAccessPack"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"recipient"}},{"kind":"Field","name":{"kind":"Name","value":"categories"}},{"kind":"Field","name":{"kind":"Name","value":"pdfDownloadPath"}},{"kind":"Field","name":{"kind":"Name","value":"jsonDownloadPath"}}]}}]}}]} as unknown as DocumentNode<CreateSubjectAccessPackMutation, CreateSubjectAccessPackMutationVariables>;
export const AgreedRiskDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AgreedRisk"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"clinic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agreedRiskLevel"}},{"kind":"Field","name":{"kind":"Name","value":"riskHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"agreedAt"}},{"kind":"Field","name":{"kind":"Name","value":"agreedByAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"citedAssessments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tool"}},{"kind":"Field","name":{"kind":"Name","value":"assessedOn"}},{"kind":"Field","name":{"kind":"Name","value":"authorAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"assessments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tool"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assessedOn"}},{"kind":"Field","name":{"kind":"Name","value":"authorAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AgreedRiskQuery, AgreedRiskQueryVariables>;
export const AgreeRiskLevelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AgreeRiskLevel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AgreeRiskLevelInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agreeRiskLevel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"agreedRiskLevel"}}]}}]}}]} as unknown as DocumentNode<AgreeRiskLevelMutation, AgreeRiskLevelMutationVariables>;
export const RecordBreachOutcomeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordBreachOutcome"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordBreachOutcomeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordBreachOutcome"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<RecordBreachOutcomeMutation, RecordBreachOutcomeMutationVariables>;
export const BreachPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BreachPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"breaches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"crimeReference"}},{"kind":"Field","name":{"kind":"Name","value":"crimeNotRecordedReason"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"approvalNote"}},{"kind":"Field","name":{"kind":"Name","value":"approvalDecidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolved"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"reasonApprovedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recordedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BreachPageQuery, BreachPageQueryVariables>;
export const DecideBreachApprovalDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DecideBreachApproval"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DecideBreachApprovalInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decideBreachApproval"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"approvalNote"}},{"kind":"Field","name":{"kind":"Name","value":"resolved"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<DecideBreachApprovalMutation, DecideBreachApprovalMutationVariables>;
export const RecordBreachCrimeReferenceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordBreachCrimeReference"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordBreachCrimeReferenceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordBreachCrimeReference"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"crimeReference"}},{"kind":"Field","name":{"kind":"Name","value":"resolved"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<RecordBreachCrimeReferenceMutation, RecordBreachCrimeReferenceMutationVariables>;
export const CasePageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CasePage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"cjStatus"}},{"kind":"Field","name":{"kind":"Name","value":"agreedRiskLevel"}},{"kind":"Field","name":{"kind":"Name","value":"nextReviewOn"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"urgentReviewRequested"}},{"kind":"Field","name":{"kind":"Name","value":"urgentReviewRequestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"openActionsCount"}},{"kind":"Field","name":{"kind":"Name","value":"lifecycle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"fromStatus"}},{"kind":"Field","name":{"kind":"Name","value":"toStatus"}},{"kind":"Field","name":{"kind":"Name","value":"meetingStartsAt"}},{"kind":"Field","name":{"kind":"Name","value":"riskLevel"}},{"kind":"Field","name":{"kind":"Name","value":"nextReviewOn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"urgentReviews"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"dueBy"}},{"kind":"Field","name":{"kind":"Name","value":"clearedAt"}},{"kind":"Field","name":{"kind":"Name","value":"clearedByMeetingId"}},{"kind":"Field","name":{"kind":"Name","value":"escalatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"clinic"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"leadAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"participants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"roleInCase"}},{"kind":"Field","name":{"kind":"Name","value":"leftAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subject"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"otherNames"}},{"kind":"Field","name":{"kind":"Name","value":"dateOfBirth"}},{"kind":"Field","name":{"kind":"Name","value":"proximityConcern"}}]}},{"kind":"Field","name":{"kind":"Name","value":"victims"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"relationshipToSubject"}},{"kind":"Field","name":{"kind":"Name","value":"ageBand"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"voice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sharedSummary"}},{"kind":"Field","name":{"kind":"Name","value":"safetyPlanSummary"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"assessments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tool"}},{"kind":"Field","name":{"kind":"Name","value":"toolVersion"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"assessedOn"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"highRisk"}},{"kind":"Field","name":{"kind":"Name","value":"concernLevel"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"judgements"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"violence"}},{"kind":"Field","name":{"kind":"Name","value":"persistence"}},{"kind":"Field","name":{"kind":"Name","value":"recurrence"}},{"kind":"Field","name":{"kind":"Name","value":"psychosocialDamage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"authorAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"riskHistory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"agreedAt"}},{"kind":"Field","name":{"kind":"Name","value":"agreedByAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"formulation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"recommendations"}},{"kind":"Field","name":{"kind":"Name","value":"victimSafety"}}]}},{"kind":"Field","name":{"kind":"Name","value":"policeSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"relevantHistory"}},{"kind":"Field","name":{"kind":"Name","value":"investigationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"bailConditions"}},{"kind":"Field","name":{"kind":"Name","value":"arrests"}}]}},{"kind":"Field","name":{"kind":"Name","value":"probationSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderType"}},{"kind":"Field","name":{"kind":"Name","value":"supervisionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"compliance"}},{"kind":"Field","name":{"kind":"Name","value":"conditions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"victimConditions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"escalations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"mappaLevel"}},{"kind":"Field","name":{"kind":"Name","value":"externalReference"}},{"kind":"Field","name":{"kind":"Name","value":"escalatedOn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reopenedAs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}},{"kind":"Field","name":{"kind":"Name","value":"closure"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}}]}},{"kind":"Field","name":{"kind":"Name","value":"orders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"typeCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"servedOn"}},{"kind":"Field","name":{"kind":"Name","value":"fixedEndOn"}},{"kind":"Field","name":{"kind":"Name","value":"untilFurtherOrder"}},{"kind":"Field","name":{"kind":"Name","value":"inForce"}},{"kind":"Field","name":{"kind":"Name","value":"notificationDueBy"}},{"kind":"Field","name":{"kind":"Name","value":"notificationMissed"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conditions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"servedText"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"documents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"uploadedAt"}},{"kind":"Field","name":{"kind":"Name","value":"purposeRequired"}},{"kind":"Field","name":{"kind":"Name","value":"ownerAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"victimUpdates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"dueBy"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"criminalJusticeEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"breaches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"unresolved"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"crimeReference"}},{"kind":"Field","name":{"kind":"Name","value":"approvalStatus"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"meetings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"startsAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"actions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"ownerAgencyId"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"category"}}]}},{"kind":"Field","name":{"kind":"Name","value":"referral"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"agencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<CasePageQuery, CasePageQueryVariables>;
export const CasesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Cases"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CaseFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cases"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"agreedRiskLevel"}},{"kind":"Field","name":{"kind":"Name","value":"nextReviewOn"}},{"kind":"Field","name":{"kind":"Name","value":"leadAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subject"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"familyName"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<CasesQuery, CasesQueryVariables>;
export const CaseToCloseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CaseToClose"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"actions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<CaseToCloseQuery, CaseToCloseQueryVariables>;
export const CloseCaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CloseCase"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CloseCaseInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"closeCase"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<CloseCaseMutation, CloseCaseMutationVariables>;
export const RecordClosureVictimViewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordClosureVictimView"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordClosureVictimViewInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordClosureVictimView"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}}]}}]}}]} as unknown as DocumentNode<RecordClosureVictimViewMutation, RecordClosureVictimViewMutationVariables>;
export const CaseReferenceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CaseReference"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}}]}}]} as unknown as DocumentNode<CaseReferenceQuery, CaseReferenceQueryVariables>;
export const CreateAssessmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateAssessment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateAssessmentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createAssessment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<CreateAssessmentMutation, CreateAssessmentMutationVariables>;
export const SubmitAssessmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitAssessment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitAssessmentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitAssessment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SubmitAssessmentMutation, SubmitAssessmentMutationVariables>;
export const CriminalJusticeCaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CriminalJusticeCase"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}}]}}]} as unknown as DocumentNode<CriminalJusticeCaseQuery, CriminalJusticeCaseQueryVariables>;
export const RecordCriminalJusticeEventDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordCriminalJusticeEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordCriminalJusticeEventInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordCriminalJusticeEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"victimUpdates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"dueBy"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}}]}}]}}]}}]} as unknown as DocumentNode<RecordCriminalJusticeEventMutation, RecordCriminalJusticeEventMutationVariables>;
export const CaseForUploadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CaseForUpload"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"participants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"leftAt"}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CaseForUploadQuery, CaseForUploadQueryVariables>;
export const DocumentPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DocumentPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"document"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"filename"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"uploadedAt"}},{"kind":"Field","name":{"kind":"Name","value":"purposeRequired"}},{"kind":"Field","name":{"kind":"Name","value":"downloadPath"}},{"kind":"Field","name":{"kind":"Name","value":"ownerAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"visibleAgencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<DocumentPageQuery, DocumentPageQueryVariables>;
export const CaseBriefDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CaseBrief"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"leadAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"participants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"roleInCase"}},{"kind":"Field","name":{"kind":"Name","value":"leftAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"agencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}}]}}]} as unknown as DocumentNode<CaseBriefQuery, CaseBriefQueryVariables>;
export const EscalateCaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EscalateCase"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EscalateCaseInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"escalateCase"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<EscalateCaseMutation, EscalateCaseMutationVariables>;
export const CaseHeaderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CaseHeader"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"nextReviewOn"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<CaseHeaderQuery, CaseHeaderQueryVariables>;
export const SetNextReviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetNextReview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateCaseHeaderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateCaseHeader"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"nextReviewOn"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<SetNextReviewMutation, SetNextReviewMutationVariables>;
export const CaseOrdersDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CaseOrdersDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"orders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OrderDetail"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"orderTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"isSpo"}},{"kind":"Field","name":{"kind":"Name","value":"isInterim"}},{"kind":"Field","name":{"kind":"Name","value":"minFixedMonths"}},{"kind":"Field","name":{"kind":"Name","value":"allowsUntilFurtherOrder"}},{"kind":"Field","name":{"kind":"Name","value":"requiresNotification"}},{"kind":"Field","name":{"kind":"Name","value":"notificationDays"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrderDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Order"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"typeCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"appliedOn"}},{"kind":"Field","name":{"kind":"Name","value":"grantedOn"}},{"kind":"Field","name":{"kind":"Name","value":"servedOn"}},{"kind":"Field","name":{"kind":"Name","value":"fixedEndOn"}},{"kind":"Field","name":{"kind":"Name","value":"untilFurtherOrder"}},{"kind":"Field","name":{"kind":"Name","value":"endedOn"}},{"kind":"Field","name":{"kind":"Name","value":"inForce"}},{"kind":"Field","name":{"kind":"Name","value":"notificationDueBy"}},{"kind":"Field","name":{"kind":"Name","value":"notificationReceivedOn"}},{"kind":"Field","name":{"kind":"Name","value":"notificationMissed"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"requiresNotification"}},{"kind":"Field","name":{"kind":"Name","value":"allowsUntilFurtherOrder"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conditions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"servedText"}}]}}]}}]} as unknown as DocumentNode<CaseOrdersDetailQuery, CaseOrdersDetailQueryVariables>;
export const RecordOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordOrderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OrderDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrderDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Order"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"typeCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"appliedOn"}},{"kind":"Field","name":{"kind":"Name","value":"grantedOn"}},{"kind":"Field","name":{"kind":"Name","value":"servedOn"}},{"kind":"Field","name":{"kind":"Name","value":"fixedEndOn"}},{"kind":"Field","name":{"kind":"Name","value":"untilFurtherOrder"}},{"kind":"Field","name":{"kind":"Name","value":"endedOn"}},{"kind":"Field","name":{"kind":"Name","value":"inForce"}},{"kind":"Field","name":{"kind":"Name","value":"notificationDueBy"}},{"kind":"Field","name":{"kind":"Name","value":"notificationReceivedOn"}},{"kind":"Field","name":{"kind":"Name","value":"notificationMissed"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"requiresNotification"}},{"kind":"Field","name":{"kind":"Name","value":"allowsUntilFurtherOrder"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conditions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"servedText"}}]}}]}}]} as unknown as DocumentNode<RecordOrderMutation, RecordOrderMutationVariables>;
export const UpdateOrderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateOrder"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateOrderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateOrder"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OrderDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrderDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Order"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"typeCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"appliedOn"}},{"kind":"Field","name":{"kind":"Name","value":"grantedOn"}},{"kind":"Field","name":{"kind":"Name","value":"servedOn"}},{"kind":"Field","name":{"kind":"Name","value":"fixedEndOn"}},{"kind":"Field","name":{"kind":"Name","value":"untilFurtherOrder"}},{"kind":"Field","name":{"kind":"Name","value":"endedOn"}},{"kind":"Field","name":{"kind":"Name","value":"inForce"}},{"kind":"Field","name":{"kind":"Name","value":"notificationDueBy"}},{"kind":"Field","name":{"kind":"Name","value":"notificationReceivedOn"}},{"kind":"Field","name":{"kind":"Name","value":"notificationMissed"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"requiresNotification"}},{"kind":"Field","name":{"kind":"Name","value":"allowsUntilFurtherOrder"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conditions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"servedText"}}]}}]}}]} as unknown as DocumentNode<UpdateOrderMutation, UpdateOrderMutationVariables>;
export const RecordOrderNotificationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordOrderNotification"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordOrderNotificationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordOrderNotification"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OrderDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrderDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Order"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"typeCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"appliedOn"}},{"kind":"Field","name":{"kind":"Name","value":"grantedOn"}},{"kind":"Field","name":{"kind":"Name","value":"servedOn"}},{"kind":"Field","name":{"kind":"Name","value":"fixedEndOn"}},{"kind":"Field","name":{"kind":"Name","value":"untilFurtherOrder"}},{"kind":"Field","name":{"kind":"Name","value":"endedOn"}},{"kind":"Field","name":{"kind":"Name","value":"inForce"}},{"kind":"Field","name":{"kind":"Name","value":"notificationDueBy"}},{"kind":"Field","name":{"kind":"Name","value":"notificationReceivedOn"}},{"kind":"Field","name":{"kind":"Name","value":"notificationMissed"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"requiresNotification"}},{"kind":"Field","name":{"kind":"Name","value":"allowsUntilFurtherOrder"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conditions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"servedText"}}]}}]}}]} as unknown as DocumentNode<RecordOrderNotificationMutation, RecordOrderNotificationMutationVariables>;
export const AddOrderConditionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddOrderCondition"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddOrderConditionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addOrderCondition"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OrderDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrderDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Order"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"typeCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"appliedOn"}},{"kind":"Field","name":{"kind":"Name","value":"grantedOn"}},{"kind":"Field","name":{"kind":"Name","value":"servedOn"}},{"kind":"Field","name":{"kind":"Name","value":"fixedEndOn"}},{"kind":"Field","name":{"kind":"Name","value":"untilFurtherOrder"}},{"kind":"Field","name":{"kind":"Name","value":"endedOn"}},{"kind":"Field","name":{"kind":"Name","value":"inForce"}},{"kind":"Field","name":{"kind":"Name","value":"notificationDueBy"}},{"kind":"Field","name":{"kind":"Name","value":"notificationReceivedOn"}},{"kind":"Field","name":{"kind":"Name","value":"notificationMissed"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"requiresNotification"}},{"kind":"Field","name":{"kind":"Name","value":"allowsUntilFurtherOrder"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conditions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"servedText"}}]}}]}}]} as unknown as DocumentNode<AddOrderConditionMutation, AddOrderConditionMutationVariables>;
export const OrderProtectedDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OrderProtectedDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PurposeReason"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"orders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"conditions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"protectedDetail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}},{"kind":"Argument","name":{"kind":"Name","value":"purpose"},"value":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<OrderProtectedDetailQuery, OrderProtectedDetailQueryVariables>;
export const AddParticipantDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddParticipant"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddParticipantInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addParticipant"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<AddParticipantMutation, AddParticipantMutationVariables>;
export const EndParticipationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EndParticipation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EndParticipationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endParticipation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<EndParticipationMutation, EndParticipationMutationVariables>;
export const AdvocacyRecordsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AdvocacyRecords"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"victims"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"voice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"voiceSummary"}},{"kind":"Field","name":{"kind":"Name","value":"safetyPlanSummary"}},{"kind":"Field","name":{"kind":"Name","value":"sharedSummary"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"advocacyRecords"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"recordedOn"}},{"kind":"Field","name":{"kind":"Name","value":"disclosures"}},{"kind":"Field","name":{"kind":"Name","value":"health"}},{"kind":"Field","name":{"kind":"Name","value":"counselling"}},{"kind":"Field","name":{"kind":"Name","value":"needs"}}]}}]}}]}}]} as unknown as DocumentNode<AdvocacyRecordsQuery, AdvocacyRecordsQueryVariables>;
export const CreateAdvocacyRecordDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateAdvocacyRecord"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateAdvocacyRecordInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createAdvocacyRecord"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<CreateAdvocacyRecordMutation, CreateAdvocacyRecordMutationVariables>;
export const UpdateAdvocacyRecordDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateAdvocacyRecord"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateAdvocacyRecordInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateAdvocacyRecord"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<UpdateAdvocacyRecordMutation, UpdateAdvocacyRecordMutationVariables>;
export const UpdateVictimVoiceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateVictimVoice"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateVictimVoiceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateVictimVoice"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"caseId"}}]}}]}}]} as unknown as DocumentNode<UpdateVictimVoiceMutation, UpdateVictimVoiceMutationVariables>;
export const ClinicalRecordsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClinicalRecords"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PurposeReason"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"clinicalRecords"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}},{"kind":"Argument","name":{"kind":"Name","value":"purpose"},"value":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"recordedOn"}},{"kind":"Field","name":{"kind":"Name","value":"diagnoses"}},{"kind":"Field","name":{"kind":"Name","value":"medication"}},{"kind":"Field","name":{"kind":"Name","value":"clinicalNotes"}},{"kind":"Field","name":{"kind":"Name","value":"authorAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ClinicalRecordsQuery, ClinicalRecordsQueryVariables>;
export const CreateClinicalRecordDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateClinicalRecord"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateClinicalRecordInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createClinicalRecord"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"caseId"}}]}}]}}]} as unknown as DocumentNode<CreateClinicalRecordMutation, CreateClinicalRecordMutationVariables>;
export const UpdateClinicalRecordDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateClinicalRecord"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateClinicalRecordInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateClinicalRecord"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"caseId"}}]}}]}}]} as unknown as DocumentNode<UpdateClinicalRecordMutation, UpdateClinicalRecordMutationVariables>;
export const FormulationRecordDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FormulationRecord"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"formulation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"riskScenarios"}},{"kind":"Field","name":{"kind":"Name","value":"protectiveFactors"}},{"kind":"Field","name":{"kind":"Name","value":"recommendations"}},{"kind":"Field","name":{"kind":"Name","value":"victimSafety"}}]}}]}}]}}]} as unknown as DocumentNode<FormulationRecordQuery, FormulationRecordQueryVariables>;
export const CreateFormulationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateFormulation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateFormulationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createFormulation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<CreateFormulationMutation, CreateFormulationMutationVariables>;
export const UpdateFormulationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateFormulation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateFormulationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateFormulation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<UpdateFormulationMutation, UpdateFormulationMutationVariables>;
export const PoliceRecordsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PoliceRecords"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"policeSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"relevantHistory"}},{"kind":"Field","name":{"kind":"Name","value":"investigationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"bailConditions"}},{"kind":"Field","name":{"kind":"Name","value":"arrests"}}]}},{"kind":"Field","name":{"kind":"Name","value":"policeIntelligence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"intelligence"}},{"kind":"Field","name":{"kind":"Name","value":"offendingHistory"}}]}}]}}]}}]} as unknown as DocumentNode<PoliceRecordsQuery, PoliceRecordsQueryVariables>;
export const CreatePoliceSummaryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreatePoliceSummary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreatePoliceSummaryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createPoliceSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<CreatePoliceSummaryMutation, CreatePoliceSummaryMutationVariables>;
export const UpdatePoliceSummaryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdatePoliceSummary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdatePoliceSummaryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updatePoliceSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<UpdatePoliceSummaryMutation, UpdatePoliceSummaryMutationVariables>;
export const CreatePoliceIntelligenceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreatePoliceIntelligence"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreatePoliceIntelligenceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createPoliceIntelligence"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<CreatePoliceIntelligenceMutation, CreatePoliceIntelligenceMutationVariables>;
export const UpdatePoliceIntelligenceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdatePoliceIntelligence"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdatePoliceIntelligenceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updatePoliceIntelligence"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<UpdatePoliceIntelligenceMutation, UpdatePoliceIntelligenceMutationVariables>;
export const ProbationRecordsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProbationRecords"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"probationSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"orderType"}},{"kind":"Field","name":{"kind":"Name","value":"supervisionStatus"}},{"kind":"Field","name":{"kind":"Name","value":"compliance"}},{"kind":"Field","name":{"kind":"Name","value":"conditions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"concernsVictim"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rosh"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"knownAdult"}},{"kind":"Field","name":{"kind":"Name","value":"public"}},{"kind":"Field","name":{"kind":"Name","value":"children"}},{"kind":"Field","name":{"kind":"Name","value":"staff"}},{"kind":"Field","name":{"kind":"Name","value":"assessedOn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"probationDetail"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"caseNotes"}},{"kind":"Field","name":{"kind":"Name","value":"oasysSummary"}},{"kind":"Field","name":{"kind":"Name","value":"sentencePlan"}}]}}]}}]}}]} as unknown as DocumentNode<ProbationRecordsQuery, ProbationRecordsQueryVariables>;
export const CreateProbationSummaryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateProbationSummary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateProbationSummaryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createProbationSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<CreateProbationSummaryMutation, CreateProbationSummaryMutationVariables>;
export const UpdateProbationSummaryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateProbationSummary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateProbationSummaryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateProbationSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<UpdateProbationSummaryMutation, UpdateProbationSummaryMutationVariables>;
export const CreateProbationDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateProbationDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateProbationDetailInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createProbationDetail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<CreateProbationDetailMutation, CreateProbationDetailMutationVariables>;
export const UpdateProbationDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateProbationDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateProbationDetailInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateProbationDetail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<UpdateProbationDetailMutation, UpdateProbationDetailMutationVariables>;
export const CasePeopleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CasePeople"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"subject"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"dateOfBirth"}}]}},{"kind":"Field","name":{"kind":"Name","value":"victims"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"dateOfBirth"}},{"kind":"Field","name":{"kind":"Name","value":"relationshipToSubject"}},{"kind":"Field","name":{"kind":"Name","value":"ageBand"}}]}}]}}]}}]} as unknown as DocumentNode<CasePeopleQuery, CasePeopleQueryVariables>;
export const AddPersonDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddPerson"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddPersonInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addPerson"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<AddPersonMutation, AddPersonMutationVariables>;
export const UpdatePersonDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdatePerson"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdatePersonInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updatePerson"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<UpdatePersonMutation, UpdatePersonMutationVariables>;
export const CaseOrdersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CaseOrders"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"orders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"typeCode"}},{"kind":"Field","name":{"kind":"Name","value":"inForce"}},{"kind":"Field","name":{"kind":"Name","value":"type"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CaseOrdersQuery, CaseOrdersQueryVariables>;
export const BreachApproversDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BreachApprovers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"caseId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"breachApprovers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"caseId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"caseId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]} as unknown as DocumentNode<BreachApproversQuery, BreachApproversQueryVariables>;
export const RecordBreachDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordBreach"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordBreachInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordBreach"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<RecordBreachMutation, RecordBreachMutationVariables>;
export const ReopenCaseAsRepeatDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReopenCaseAsRepeat"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReopenCaseAsRepeatInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reopenCaseAsRepeat"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}}]}}]} as unknown as DocumentNode<ReopenCaseAsRepeatMutation, ReopenCaseAsRepeatMutationVariables>;
export const ClearUrgentReviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ClearUrgentReview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"caseId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clearUrgentReview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"caseId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"caseId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"urgentReviewRequested"}},{"kind":"Field","name":{"kind":"Name","value":"urgentReviewRequestedAt"}}]}}]}}]} as unknown as DocumentNode<ClearUrgentReviewMutation, ClearUrgentReviewMutationVariables>;
export const CaseVictimsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CaseVictims"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"victims"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"alias"}}]}}]}}]}}]} as unknown as DocumentNode<CaseVictimsQuery, CaseVictimsQueryVariables>;
export const VictimLocationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VictimLocations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PurposeReason"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"victims"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"locations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}},{"kind":"Argument","name":{"kind":"Name","value":"purpose"},"value":{"kind":"Variable","name":{"kind":"Name","value":"purpose"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"addressLine1"}},{"kind":"Field","name":{"kind":"Name","value":"addressLine2"}},{"kind":"Field","name":{"kind":"Name","value":"town"}},{"kind":"Field","name":{"kind":"Name","value":"postcode"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"current"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<VictimLocationsQuery, VictimLocationsQueryVariables>;
export const AddLocationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddLocation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddLocationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addLocation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<AddLocationMutation, AddLocationMutationVariables>;
export const HomeWorkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HomeWork"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"owner"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clinicStaff"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"referrer"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reviewBefore"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"overdueActions"},"name":{"kind":"Name","value":"myAgencyActions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"view"},"value":{"kind":"EnumValue","value":"OVERDUE"}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"owner"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"actionsDueThisWeek"},"name":{"kind":"Name","value":"myAgencyActions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"view"},"value":{"kind":"EnumValue","value":"DUE_THIS_WEEK"}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"owner"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"askedForMore"},"name":{"kind":"Name","value":"referralsCount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"MORE_INFO_REQUESTED"}]}}]}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"referrer"}}}]}]},{"kind":"Field","alias":{"kind":"Name","value":"toScreen"},"name":{"kind":"Name","value":"referralsCount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"SUBMITTED"},{"kind":"EnumValue","value":"SCREENING"}]}}]}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clinicStaff"}}}]}]},{"kind":"Field","alias":{"kind":"Name","value":"reviewsDue"},"name":{"kind":"Name","value":"casesCount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"LISTED"},{"kind":"EnumValue","value":"ACTIVE"},{"kind":"EnumValue","value":"MONITORING"},{"kind":"EnumValue","value":"CONSULTATION"},{"kind":"EnumValue","value":"ESCALATED"}]}},{"kind":"ObjectField","name":{"kind":"Name","value":"nextReviewBefore"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reviewBefore"}}}]}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clinicStaff"}}}]}]}]}}]} as unknown as DocumentNode<HomeWorkQuery, HomeWorkQueryVariables>;
export const HomeWorkMoreDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HomeWorkMore"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"partner"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"victimUpdates"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"auditor"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"now"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"upcoming"},"name":{"kind":"Name","value":"meetings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"now"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"partner"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"startsAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"myAttendance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agenda"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgendaItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contributionStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agencyId"}},{"kind":"Field","name":{"kind":"Name","value":"submitted"}}]}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"updatesDue"},"name":{"kind":"Name","value":"victimUpdatesDue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"victimUpdates"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"updatesOverdue"},"name":{"kind":"Name","value":"victimUpdatesOverdue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"victimUpdates"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"breakGlass"},"name":{"kind":"Name","value":"auditEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"action"},"value":{"kind":"StringValue","value":"BREAK_GLASS","block":false}},{"kind":"ObjectField","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"auditor"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}}]} as unknown as DocumentNode<HomeWorkMoreQuery, HomeWorkMoreQueryVariables>;
export const MyBreachApprovalsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyBreachApprovals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myBreachApprovals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"caseId"}},{"kind":"Field","name":{"kind":"Name","value":"caseReference"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]} as unknown as DocumentNode<MyBreachApprovalsQuery, MyBreachApprovalsQueryVariables>;
export const AddAgendaItemDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddAgendaItem"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddAgendaItemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addAgendaItem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<AddAgendaItemMutation, AddAgendaItemMutationVariables>;
export const DeferAgendaItemDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeferAgendaItem"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeferAgendaItemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deferAgendaItem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<DeferAgendaItemMutation, DeferAgendaItemMutationVariables>;
export const ListableCasesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ListableCases"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clinicId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cases"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"clinicId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clinicId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"AWAITING_LISTING"},{"kind":"EnumValue","value":"LISTED"},{"kind":"EnumValue","value":"ACTIVE"},{"kind":"EnumValue","value":"MONITORING"},{"kind":"EnumValue","value":"ESCALATED"}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ListableCasesQuery, ListableCasesQueryVariables>;
export const InviteAttendeeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InviteAttendee"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InviteAttendeeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inviteAttendee"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<InviteAttendeeMutation, InviteAttendeeMutationVariables>;
export const InvitableUsersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InvitableUsers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<InvitableUsersQuery, InvitableUsersQueryVariables>;
export const RecordAttendanceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordAttendance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordAttendanceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordAttendance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<RecordAttendanceMutation, RecordAttendanceMutationVariables>;
export const SetInformationSubmittedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetInformationSubmitted"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InformationSubmittedInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setInformationSubmitted"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"informationSubmitted"}}]}}]}}]} as unknown as DocumentNode<SetInformationSubmittedMutation, SetInformationSubmittedMutationVariables>;
export const ContributionOfferItemsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ContributionOfferItems"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"case"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"meetings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startsAt"}},{"kind":"Field","name":{"kind":"Name","value":"agenda"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgendaItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"caseId"}},{"kind":"Field","name":{"kind":"Name","value":"contributions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agencyId"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ContributionOfferItemsQuery, ContributionOfferItemsQueryVariables>;
export const SendRecordAsContributionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendRecordAsContribution"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitContributionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitContribution"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<SendRecordAsContributionMutation, SendRecordAsContributionMutationVariables>;
export const DraftMinutesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DraftMinutes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DraftMinutesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"draftMinutes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<DraftMinutesMutation, DraftMinutesMutationVariables>;
export const CreateActionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateAction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateActionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createAction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<CreateActionMutation, CreateActionMutationVariables>;
export const AddMinuteAddendumDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddMinuteAddendum"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddAddendumInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addMinuteAddendum"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<AddMinuteAddendumMutation, AddMinuteAddendumMutationVariables>;
export const CancelMeetingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelMeeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeMeetingStatusInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changeMeetingStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<CancelMeetingMutation, CancelMeetingMutationVariables>;
export const RescheduleMeetingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RescheduleMeeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RescheduleMeetingInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rescheduleMeeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"startsAt"}},{"kind":"Field","name":{"kind":"Name","value":"endsAt"}},{"kind":"Field","name":{"kind":"Name","value":"place"}},{"kind":"Field","name":{"kind":"Name","value":"virtualLink"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<RescheduleMeetingMutation, RescheduleMeetingMutationVariables>;
export const MeetingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Meeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"meeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"clinicId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"startsAt"}},{"kind":"Field","name":{"kind":"Name","value":"endsAt"}},{"kind":"Field","name":{"kind":"Name","value":"place"}},{"kind":"Field","name":{"kind":"Name","value":"virtualLink"}},{"kind":"Field","name":{"kind":"Name","value":"confidentialityStatement"}},{"kind":"Field","name":{"kind":"Name","value":"referralDeadlineOn"}},{"kind":"Field","name":{"kind":"Name","value":"agendaPublicationDueOn"}},{"kind":"Field","name":{"kind":"Name","value":"agendaPublishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"agendaPublicationLate"}},{"kind":"Field","name":{"kind":"Name","value":"minutesApprovedAt"}},{"kind":"Field","name":{"kind":"Name","value":"cancelReason"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"attendees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"agencyId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"informationSubmitted"}},{"kind":"Field","name":{"kind":"Name","value":"confidentialityAcceptedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"myAttendance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"confidentialityAcceptedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"executiveSummary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"overview"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agenda"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"startsAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"restricted"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgendaItem"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"caseId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"deferralReason"}},{"kind":"Field","name":{"kind":"Name","value":"deferralNote"}},{"kind":"Field","name":{"kind":"Name","value":"minutes"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"nextReviewOn"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"case"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contributionStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agencyId"}},{"kind":"Field","name":{"kind":"Name","value":"submitted"}},{"kind":"Field","name":{"kind":"Name","value":"missing"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contributions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"agencyId"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"dissents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agencyId"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"actions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"ownerAgencyId"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}},{"kind":"Field","name":{"kind":"Name","value":"addenda"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"agencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]} as unknown as DocumentNode<MeetingQuery, MeetingQueryVariables>;
export const ChangeMeetingStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChangeMeetingStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeMeetingStatusInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changeMeetingStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ChangeMeetingStatusMutation, ChangeMeetingStatusMutationVariables>;
export const MoveAgendaItemDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MoveAgendaItem"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MoveAgendaItemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"moveAgendaItem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"startsAt"}}]}}]}}]} as unknown as DocumentNode<MoveAgendaItemMutation, MoveAgendaItemMutationVariables>;
export const RemoveAgendaItemDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemoveAgendaItem"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RemoveAgendaItemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeAgendaItem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<RemoveAgendaItemMutation, RemoveAgendaItemMutationVariables>;
export const AcceptConfidentialityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AcceptConfidentiality"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"meetingId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptConfidentiality"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"meetingId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"meetingId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"confidentialityAcceptedAt"}}]}}]}}]} as unknown as DocumentNode<AcceptConfidentialityMutation, AcceptConfidentialityMutationVariables>;
export const SubmitContributionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitContribution"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitContributionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitContribution"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}}]}}]}}]} as unknown as DocumentNode<SubmitContributionMutation, SubmitContributionMutationVariables>;
export const MeetingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Meetings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"meetings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"clinicId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"startsAt"}},{"kind":"Field","name":{"kind":"Name","value":"endsAt"}},{"kind":"Field","name":{"kind":"Name","value":"place"}},{"kind":"Field","name":{"kind":"Name","value":"agendaPublicationDueOn"}},{"kind":"Field","name":{"kind":"Name","value":"agendaPublicationLate"}}]}}]}}]} as unknown as DocumentNode<MeetingsQuery, MeetingsQueryVariables>;
export const ProposeRecommendationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ProposeRecommendation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProposeRecommendationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"proposeRecommendation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<ProposeRecommendationMutation, ProposeRecommendationMutationVariables>;
export const DecideRecommendationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DecideRecommendation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DecideRecommendationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decideRecommendation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<DecideRecommendationMutation, DecideRecommendationMutationVariables>;
export const RecordDissentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordDissent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordDissentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordDissent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<RecordDissentMutation, RecordDissentMutationVariables>;
export const EndMeetingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EndMeeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChangeMeetingStatusInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changeMeetingStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<EndMeetingMutation, EndMeetingMutationVariables>;
export const SetExecutiveSummaryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetExecutiveSummary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ExecutiveSummaryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setExecutiveSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<SetExecutiveSummaryMutation, SetExecutiveSummaryMutationVariables>;
export const ScheduleMeetingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ScheduleMeeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleMeetingInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scheduleMeeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<ScheduleMeetingMutation, ScheduleMeetingMutationVariables>;
export const NotificationPreferencesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NotificationPreferences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myNotificationPreferences"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"digest"}},{"kind":"Field","name":{"kind":"Name","value":"safetyCritical"}}]}}]}}]} as unknown as DocumentNode<NotificationPreferencesQuery, NotificationPreferencesQueryVariables>;
export const SetNotificationPreferenceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetNotificationPreference"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetPreferenceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setNotificationPreference"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"digest"}},{"kind":"Field","name":{"kind":"Name","value":"safetyCritical"}}]}}]}}]} as unknown as DocumentNode<SetNotificationPreferenceMutation, SetNotificationPreferenceMutationVariables>;
export const InboxDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Inbox"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"unreadOnly"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"myNotifications"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"unreadOnly"},"value":{"kind":"Variable","name":{"kind":"Name","value":"unreadOnly"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"link"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}},{"kind":"Field","name":{"kind":"Name","value":"case"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"nextCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"unreadNotificationCount"}}]}}]} as unknown as DocumentNode<InboxQuery, InboxQueryVariables>;
export const MarkNotificationReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MarkNotificationRead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markNotificationRead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"readAt"}}]}}]}}]} as unknown as DocumentNode<MarkNotificationReadMutation, MarkNotificationReadMutationVariables>;
export const MarkAllNotificationsReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"MarkAllNotificationsRead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markAllNotificationsRead"}}]}}]} as unknown as DocumentNode<MarkAllNotificationsReadMutation, MarkAllNotificationsReadMutationVariables>;
export const ReferralToChangeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReferralToChange"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"referrerAgencyId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"behaviours"}},{"kind":"Field","name":{"kind":"Name","value":"crimeReferences"}},{"kind":"Field","name":{"kind":"Name","value":"sharingBasis"}},{"kind":"Field","name":{"kind":"Name","value":"basisRationale"}},{"kind":"Field","name":{"kind":"Name","value":"subject"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"victim"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"relationshipToSubject"}}]}}]}}]}}]} as unknown as DocumentNode<ReferralToChangeQuery, ReferralToChangeQueryVariables>;
export const UpdateReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateReferralInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<UpdateReferralMutation, UpdateReferralMutationVariables>;
export const WithdrawReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WithdrawReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReferralTransitionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"withdrawReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}}]}}]}}]} as unknown as DocumentNode<WithdrawReferralMutation, WithdrawReferralMutationVariables>;
export const ReferralClinicsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReferralClinics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clinics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"active"}}]}}]}}]} as unknown as DocumentNode<ReferralClinicsQuery, ReferralClinicsQueryVariables>;
export const CreateReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateReferralInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<CreateReferralMutation, CreateReferralMutationVariables>;
export const SubmitReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReferralTransitionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SubmitReferralMutation, SubmitReferralMutationVariables>;
export const ReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Referral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"clinicId"}},{"kind":"Field","name":{"kind":"Name","value":"referrerAgencyId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"behaviours"}},{"kind":"Field","name":{"kind":"Name","value":"crimeReferences"}},{"kind":"Field","name":{"kind":"Name","value":"cjStatus"}},{"kind":"Field","name":{"kind":"Name","value":"sharingBasis"}},{"kind":"Field","name":{"kind":"Name","value":"basisRationale"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"decisionReason"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"screeningDueAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"subject"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"dateOfBirth"}}]}},{"kind":"Field","name":{"kind":"Name","value":"victim"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"relationshipToSubject"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sdash"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"answers"}},{"kind":"Field","name":{"kind":"Name","value":"score"}}]}},{"kind":"Field","name":{"kind":"Name","value":"questions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"question"}},{"kind":"Field","name":{"kind":"Name","value":"askedAt"}},{"kind":"Field","name":{"kind":"Name","value":"answer"}},{"kind":"Field","name":{"kind":"Name","value":"answeredAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"possibleDuplicates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}},{"kind":"Field","name":{"kind":"Name","value":"case"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"agencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ReferralQuery, ReferralQueryVariables>;
export const StartScreeningDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartScreening"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReferralTransitionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startScreening"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<StartScreeningMutation, StartScreeningMutationVariables>;
export const RequestMoreInformationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestMoreInformation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestMoreInformationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestMoreInformation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<RequestMoreInformationMutation, RequestMoreInformationMutationVariables>;
export const AnswerReferralQuestionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AnswerReferralQuestion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AnswerQuestionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"answerReferralQuestion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<AnswerReferralQuestionMutation, AnswerReferralQuestionMutationVariables>;
export const AcceptReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AcceptReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AcceptReferralInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"case"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}}]}}]}}]} as unknown as DocumentNode<AcceptReferralMutation, AcceptReferralMutationVariables>;
export const DeclineReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeclineReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReferralTransitionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"declineReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<DeclineReferralMutation, DeclineReferralMutationVariables>;
export const ReferralsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Referrals"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ReferralFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referrals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"CREATED_AT"}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"screeningDueAt"}},{"kind":"Field","name":{"kind":"Name","value":"subject"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"familyName"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ReferralsQuery, ReferralsQueryVariables>;
export const UrgentReviewsAwaitingMeetingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"UrgentReviewsAwaitingMeeting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clinicId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"urgentReviewsAwaitingMeeting"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"clinicId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clinicId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"dueBy"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"escalatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"case"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}}]}}]}}]} as unknown as DocumentNode<UrgentReviewsAwaitingMeetingQuery, UrgentReviewsAwaitingMeetingQueryVariables>;
export const SetVictimCodeEntitlementDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetVictimCodeEntitlement"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetVictimCodeEntitlementInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setVictimCodeEntitlement"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"caseId"}}]}}]}}]} as unknown as DocumentNode<SetVictimCodeEntitlementMutation, SetVictimCodeEntitlementMutationVariables>;
export const VictimUpdatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VictimUpdates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"overdue"},"name":{"kind":"Name","value":"victimUpdatesOverdue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VictimUpdateRow"}}]}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"due"},"name":{"kind":"Name","value":"victimUpdatesDue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VictimUpdateRow"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VictimUpdateRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VictimUpdate"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"caseId"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"eventAt"}},{"kind":"Field","name":{"kind":"Name","value":"entitlement"}},{"kind":"Field","name":{"kind":"Name","value":"workingDays"}},{"kind":"Field","name":{"kind":"Name","value":"dueBy"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"case"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}}]}},{"kind":"Field","name":{"kind":"Name","value":"victim"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"alias"}},{"kind":"Field","name":{"kind":"Name","value":"victimCodeEntitlement"}}]}}]}}]} as unknown as DocumentNode<VictimUpdatesQuery, VictimUpdatesQueryVariables>;
export const RecordVictimUpdateDeliveredDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordVictimUpdateDelivered"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordVictimUpdateDeliveredInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordVictimUpdateDelivered"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}}]}}]}}]} as unknown as DocumentNode<RecordVictimUpdateDeliveredMutation, RecordVictimUpdateDeliveredMutationVariables>;