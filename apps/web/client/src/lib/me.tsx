import { createContext, useContext } from 'react';
import type { MeQuery } from '../generated/graphql';

export type Me = MeQuery['me'];
export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside the signed-in app');
  return me;
}

const PARTNER_ROLES = [
  'POLICE_SPOC',
  'MH_CLINICIAN',
  'PROBATION_OFFICER',
  'VICTIM_ADVOCATE',
  'CPS_CONSULTEE',
];

/** What the screens offer; the API decides what each user may actually see and do. */
export function abilities(me: Me) {
  const has = (r: string) => me.roles.includes(r as Me['roles'][number]);
  const chair = has('CLINIC_CHAIR');
  const coordinator = has('CLINIC_COORDINATOR');
  return {
    chair,
    coordinator,
    clinicStaff: chair || coordinator,
    police: has('POLICE_SPOC'),
    advocate: has('VICTIM_ADVOCATE'),
    mentalHealth: has('MH_CLINICIAN'),
    probation: has('PROBATION_OFFICER'),
    partner: PARTNER_ROLES.some(has),
    ownsActions: ['POLICE_SPOC', 'MH_CLINICIAN', 'PROBATION_OFFICER', 'VICTIM_ADVOCATE'].some(has) || chair,
    admin: has('SYSTEM_ADMIN'),
    auditor: has('AUDITOR_DPO'),
    seesCases: chair || coordinator || PARTNER_ROLES.some(has),
    victimUpdates: has('POLICE_SPOC') || has('VICTIM_ADVOCATE') || chair,
  };
}
