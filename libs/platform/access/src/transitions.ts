import type { Actor, Role } from '@scp/contracts';
import { effectiveRoles } from './ability.js';

/**
 * Who may perform which transition: the other half of the policy table (POLICY_TABLE says who
 * may read and write which category; this says who may move a record on). One row per
 * transition; a newcomer reads the whole of "who may do what" here and in policy-table.ts.
 *
 *  roles  the roles that may perform it (as they count for the caller's agency type: a role held
 *         in an agency of the wrong type does not count, ROLE_AGENCY_TYPES)
 *  at     CLINIC: the role must be held at the record's clinic (the caller's clinics include it);
 *         ANY: wherever the role is held
 *  or     also allowed without the role: OWNER (the agency or person the record names as its
 *         owner), OWN_AGENCY (the caller's own agency's entry), ATTENDEE (the invited attendee)
 *  only   and only on: OWN_AGENCY (the caller's own agency's record, besides holding the role)
 *
 * Services ask `mayPerform(actor, 'X', facts)` and refuse with ForbiddenError when it says no;
 * the state rules (which status may follow which) stay in `@scp/contracts` beside the statuses.
 * Where the directory must confirm a clinic-bound role (a chair of one clinic who coordinates
 * another), the service checks the directory row after this says yes.
 */
type Scope = 'CLINIC' | 'ANY';

export interface TransitionRule {
  readonly roles: readonly Role[];
  /** One scope for every role, or per role (a role not named is CLINIC). */
  readonly at: Scope | Partial<Record<Role, Scope>>;
  readonly or?: 'OWNER' | 'OWN_AGENCY' | 'ATTENDEE';
  readonly only?: 'OWN_AGENCY';
}

const OFFICERS = ['CLINIC_CHAIR', 'CLINIC_COORDINATOR'] as const satisfies readonly Role[];
const CHAIR = ['CLINIC_CHAIR'] as const satisfies readonly Role[];
const REFERRERS = [
  'POLICE_SPOC',
  'MH_CLINICIAN',
  'PROBATION_OFFICER',
  'VICTIM_ADVOCATE',
] as const satisfies readonly Role[];

export const TRANSITION_POLICY = {
  // ── referrals (referral.service) ──
  REFER: { roles: REFERRERS, at: 'ANY' },
  /** Update, submit, answer a question, withdraw: the referring agency's own referral. */
  CHANGE_OWN_REFERRAL: { roles: REFERRERS, at: 'ANY', only: 'OWN_AGENCY' },
  /** Screen, ask for more, accept, decline. */
  DECIDE_REFERRAL: { roles: OFFICERS, at: 'CLINIC' },
  READ_REFERRAL_OUTCOMES: { roles: CHAIR, at: 'CLINIC' },

  // ── cases (cases service). Opening, sharing and reopening a case are CASL's `create` and
  // `share` on Case (ability.ts), decided with the reading rules.
  AGREE_RISK_LEVEL: { roles: CHAIR, at: 'CLINIC' },
  /** Police escalate any case they may write; a chair, cases of their own clinic. */
  ESCALATE_CASE: {
    roles: ['CLINIC_CHAIR', 'POLICE_SPOC'],
    at: { POLICE_SPOC: 'ANY', CLINIC_CHAIR: 'CLINIC' },
  },
  READ_URGENT_REVIEWS: { roles: OFFICERS, at: 'CLINIC' },
  CLOSE_CASE: { roles: CHAIR, at: 'CLINIC' },
  PRODUCE_SUBJECT_ACCESS_PACK: { roles: ['AUDITOR_DPO'], at: 'ANY' },

  // ── meetings (meetings service) ──
  /** Schedule, invite, build and publish the agenda, record minutes: the clinic's officers. */
  RUN_MEETING: { roles: OFFICERS, at: 'CLINIC' },
  /** The meeting's status: which officer may make which move is MEETING_TRANSITIONS' `by`. */
  MOVE_MEETING: { roles: OFFICERS, at: 'CLINIC' },
  RECORD_ATTENDANCE: { roles: OFFICERS, at: 'CLINIC', or: 'ATTENDEE' },
  RECORD_RECOMMENDATION: { roles: OFFICERS, at: 'CLINIC' },
  DECIDE_RECOMMENDATION: { roles: CHAIR, at: 'CLINIC' },
  RECORD_DISSENT: { roles: CHAIR, at: 'CLINIC', or: 'OWN_AGENCY' },
  LIST_CLINIC_ACTIONS: { roles: OFFICERS, at: 'CLINIC' },
  CREATE_AGREED_ACTION: { roles: CHAIR, at: 'CLINIC' },
  START_ACTION: { roles: CHAIR, at: 'CLINIC', or: 'OWNER' },
  END_ACTION: { roles: CHAIR, at: 'CLINIC', or: 'OWNER' },
  CANCEL_ACTION: { roles: CHAIR, at: 'CLINIC' },
  REASSIGN_ACTION: { roles: CHAIR, at: 'CLINIC' },

  // ── notifications ──
  READ_DELIVERY_LOG: { roles: ['SYSTEM_ADMIN'], at: 'ANY' },
} as const satisfies Record<string, TransitionRule>;

export type Transition = keyof typeof TRANSITION_POLICY;

/** The facts of the record a transition moves, as far as the rule needs them. */
export interface TransitionFacts {
  /** The record's clinic (rules `at: 'CLINIC'`). */
  clinicId?: string;
  /** The caller's agency or person is the record's owner (rules `or: 'OWNER'`). */
  owner?: boolean;
  /** The record is the caller's own agency's entry (rules `or: 'OWN_AGENCY'`). */
  ownAgency?: boolean;
  /** The caller is the invited attendee the record is about (rules `or: 'ATTENDEE'`). */
  attendee?: boolean;
}

/** Does the caller hold one of the rule's roles where the rule needs it? */
export function holdsRole(
  actor: Pick<Actor, 'roles' | 'agencyType' | 'clinicIds'>,
  transition: Transition,
  facts: TransitionFacts = {},
): boolean {
  const rule: TransitionRule = TRANSITION_POLICY[transition];
  const atClinic = facts.clinicId !== undefined && actor.clinicIds.includes(facts.clinicId);
  return effectiveRoles(actor).some((role) => {
    if (!rule.roles.includes(role)) return false;
    const scope = typeof rule.at === 'string' ? rule.at : (rule.at[role] ?? 'CLINIC');
    return scope === 'ANY' || atClinic;
  });
}

const FACT: Readonly<Record<NonNullable<TransitionRule['or']>, keyof TransitionFacts>> = {
  OWNER: 'owner',
  OWN_AGENCY: 'ownAgency',
  ATTENDEE: 'attendee',
};

/** May the caller perform this transition on a record with these facts? Fails closed. */
export function mayPerform(
  actor: Pick<Actor, 'roles' | 'agencyType' | 'clinicIds'>,
  transition: Transition,
  facts: TransitionFacts = {},
): boolean {
  const rule: TransitionRule = TRANSITION_POLICY[transition];
  if (rule.or && facts[FACT[rule.or]] === true) return true;
  if (rule.only === 'OWN_AGENCY' && facts.ownAgency !== true) return false;
  return holdsRole(actor, transition, facts);
}

type ActorFacts = Pick<Actor, 'roles' | 'agencyType' | 'clinicIds'>;
const holdsAt = (actor: ActorFacts, roles: readonly Role[], clinicId: string) =>
  actor.clinicIds.includes(clinicId) && effectiveRoles(actor).some((r) => roles.includes(r));
/** Is the caller one of this clinic's officers (its chair or coordinator)? */
export const isClinicOfficer = (actor: ActorFacts, clinicId: string) => holdsAt(actor, OFFICERS, clinicId);
/** Is the caller a chair at this clinic, as far as the token says (the directory may confirm)? */
export const isClinicChairRole = (actor: ActorFacts, clinicId: string) => holdsAt(actor, CHAIR, clinicId);
/** Is the caller a coordinator at this clinic, as far as the token says? */
export const isClinicCoordinatorRole = (actor: ActorFacts, clinicId: string) =>
  holdsAt(actor, ['CLINIC_COORDINATOR'], clinicId);

/**
 * How the caller holds a transition's roles: `anywhere` (one of its roles the rule lets act on
 * any clinic's records) or the clinic-bound roles it holds, which a directory check may confirm
 * for the record's clinic (the token carries roles and clinics separately).
 */
export function heldRoles(
  actor: ActorFacts,
  transition: Transition,
): { anywhere: boolean; atClinic: Role[] } {
  const rule: TransitionRule = TRANSITION_POLICY[transition];
  const held = effectiveRoles(actor).filter((r) => rule.roles.includes(r));
  const scopeOf = (role: Role) => (typeof rule.at === 'string' ? rule.at : (rule.at[role] ?? 'CLINIC'));
  return {
    anywhere: held.some((r) => scopeOf(r) === 'ANY'),
    atClinic: held.filter((r) => scopeOf(r) === 'CLINIC'),
  };
}
