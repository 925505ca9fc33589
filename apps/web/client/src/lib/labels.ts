/** Plain words for the API's codes. A code with no entry is shown in sentence case. */
const LABELS: Record<string, string> = {
  CLINIC_CHAIR: 'Clinic chair',
  CLINIC_COORDINATOR: 'Clinic coordinator',
  POLICE_SPOC: 'Police SPOC',
  MH_CLINICIAN: 'Mental health clinician',
  PROBATION_OFFICER: 'Probation officer',
  VICTIM_ADVOCATE: 'Victim advocate',
  CPS_CONSULTEE: 'CPS lawyer',
  AUDITOR_DPO: 'Auditor',
  SYSTEM_ADMIN: 'System admin',
  S_DASH: 'S-DASH',
  DASH_RIC: 'DASH RIC',
  SASH: 'SASH',
  SRP: 'Stalking Risk Profile (SRP)',
  SAM: 'SAM',
  VERY_HIGH: 'Very high',
  MH_ASSESSMENT: 'Mental health assessment',
  MAPPA_MARAC_REFERRAL: 'Referral to MAPPA or MARAC',
  CPS: 'CPS',
  REFERRER_NOT_BRIEFED: 'Referrer not briefed',
  INFO_NOT_RECEIVED: 'Information not received',
  AOB: 'Any other business',
  MORE_INFO_REQUESTED: 'More information requested',
  STATUTORY_GATEWAY: 'Statutory gateway',
  NOT_SOUGHT_RISK: 'Consent not sought (risk)',
  CONSENT_REFUSED_OVERRIDDEN: 'Consent refused, overridden',
  IN_PROGRESS: 'In progress',
  NOT_COMPLETED: 'Not completed',
  AGENDA_PUBLISHED: 'Agenda published',
  MINUTES_DRAFT: 'Minutes in draft',
  MINUTES_APPROVED: 'Minutes approved',
  CONSULTATION_ONLY: 'Consultation only',
  CLINIC_CASE: 'Clinic case',
};

export function label(code: string | null | undefined): string {
  if (!code) return '';
  if (LABELS[code]) return LABELS[code]!;
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Tag colours by status. Colour is never the only signal: the tag's text says the status. */
const TAG_COLOUR: Record<string, string> = {
  OPEN: 'blue',
  IN_PROGRESS: 'light-blue',
  COMPLETED: 'green',
  NOT_COMPLETED: 'orange',
  CANCELLED: 'grey',
  OVERDUE: 'red',
  SUBMITTED: 'blue',
  SCREENING: 'light-blue',
  MORE_INFO_REQUESTED: 'yellow',
  ACCEPTED: 'green',
  DECLINED: 'red',
  WITHDRAWN: 'grey',
  DRAFT: 'grey',
  SCHEDULED: 'blue',
  AGENDA_PUBLISHED: 'green',
  MINUTES_DRAFT: 'yellow',
  MINUTES_APPROVED: 'green',
  URGENT: 'red',
  ROUTINE: 'grey',
  HIGH: 'red',
  VERY_HIGH: 'red',
  MEDIUM: 'orange',
  LOW: 'green',
  CLOSED: 'grey',
  ACTIVE: 'green',
  AGREED: 'green',
  NOT_AGREED: 'red',
  PROPOSED: 'blue',
  RESTRICTED: 'grey',
};

export const tagColour = (code: string | null | undefined) => (code && TAG_COLOUR[code]) || 'grey';
