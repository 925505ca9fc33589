import type { Actor } from '@scp/contracts';
import { TRANSITION_POLICY, isClinicOfficer, mayPerform, type Transition } from './transitions.js';

const NV = 'clinic-nv';
const OTHER = 'clinic-other';
const actor = (roles: Actor['roles'], agencyType: Actor['agencyType'] = 'POLICE', clinicIds = [NV]) => ({
  roles,
  agencyType,
  clinicIds,
});

describe('TRANSITION_POLICY', () => {
  it('lets the chair of the clinic close a case, and nobody else', () => {
    expect(mayPerform(actor(['CLINIC_CHAIR']), 'CLOSE_CASE', { clinicId: NV })).toBe(true);
    expect(mayPerform(actor(['CLINIC_CHAIR']), 'CLOSE_CASE', { clinicId: OTHER })).toBe(false);
    expect(mayPerform(actor(['CLINIC_COORDINATOR']), 'CLOSE_CASE', { clinicId: NV })).toBe(false);
    expect(mayPerform(actor(['POLICE_SPOC']), 'CLOSE_CASE', { clinicId: NV })).toBe(false);
  });

  it('scopes each role of a rule as the rule says: police anywhere, the chair at its clinic', () => {
    expect(mayPerform(actor(['POLICE_SPOC'], 'POLICE', []), 'ESCALATE_CASE', { clinicId: OTHER })).toBe(true);
    expect(mayPerform(actor(['CLINIC_CHAIR'], 'HEALTH'), 'ESCALATE_CASE', { clinicId: OTHER })).toBe(false);
    expect(mayPerform(actor(['CLINIC_CHAIR'], 'HEALTH'), 'ESCALATE_CASE', { clinicId: NV })).toBe(true);
  });

  it('fails closed when a clinic-bound rule is asked without the clinic', () => {
    expect(mayPerform(actor(['CLINIC_CHAIR']), 'CLOSE_CASE')).toBe(false);
  });

  it('counts a role only for the agency types it is held in', () => {
    // CPS cannot hold a clinic-officer role (ROLE_AGENCY_TYPES); a police SPOC role in health does not count.
    expect(mayPerform(actor(['CLINIC_CHAIR'], 'CPS'), 'CLOSE_CASE', { clinicId: NV })).toBe(false);
    expect(mayPerform(actor(['POLICE_SPOC'], 'HEALTH'), 'REFER')).toBe(false);
    expect(mayPerform(actor(['MH_CLINICIAN'], 'HEALTH'), 'REFER')).toBe(true);
  });

  it('lets an owner or an attendee act without the role where the rule says so', () => {
    expect(
      mayPerform(actor(['PROBATION_OFFICER'], 'PROBATION'), 'START_ACTION', { clinicId: NV, owner: true }),
    ).toBe(true);
    expect(mayPerform(actor(['PROBATION_OFFICER'], 'PROBATION'), 'START_ACTION', { clinicId: NV })).toBe(
      false,
    );
    expect(
      mayPerform(actor(['PROBATION_OFFICER'], 'PROBATION'), 'CANCEL_ACTION', { clinicId: NV, owner: true }),
    ).toBe(false);
    expect(
      mayPerform(actor(['VICTIM_ADVOCATE'], 'ADVOCACY'), 'RECORD_ATTENDANCE', {
        clinicId: NV,
        attendee: true,
      }),
    ).toBe(true);
    expect(
      mayPerform(actor(['VICTIM_ADVOCATE'], 'ADVOCACY'), 'RECORD_DISSENT', { clinicId: NV, ownAgency: true }),
    ).toBe(true);
  });

  it("limits a referrer's changes to its own agency's referral, and still needs a referring role", () => {
    expect(mayPerform(actor(['POLICE_SPOC']), 'CHANGE_OWN_REFERRAL', { ownAgency: true })).toBe(true);
    expect(mayPerform(actor(['POLICE_SPOC']), 'CHANGE_OWN_REFERRAL', { ownAgency: false })).toBe(false);
    expect(mayPerform(actor(['CPS_CONSULTEE'], 'CPS'), 'CHANGE_OWN_REFERRAL', { ownAgency: true })).toBe(
      false,
    );
  });

  it('names an existing role in every row and no row without one', () => {
    for (const [name, rule] of Object.entries(TRANSITION_POLICY) as [
      Transition,
      { roles: readonly string[] },
    ][])
      expect({ name, roles: rule.roles.length > 0 }).toEqual({ name, roles: true });
  });

  it('knows the clinic officers', () => {
    expect(isClinicOfficer(actor(['CLINIC_COORDINATOR'], 'LOCAL_AUTHORITY'), NV)).toBe(true);
    expect(isClinicOfficer(actor(['CLINIC_COORDINATOR'], 'LOCAL_AUTHORITY'), OTHER)).toBe(false);
    expect(isClinicOfficer(actor(['VICTIM_ADVOCATE'], 'ADVOCACY'), NV)).toBe(false);
  });
});
