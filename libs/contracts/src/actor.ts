import type { AgencyType, Role } from './roles.js';

/** Who is asking: carried in the gateway's internal token and rebuilt in each subgraph. */
export interface Actor {
  userId: string;
  agencyId: string;
  agencyType: AgencyType;
  roles: Role[];
  clinicIds: string[];
  requestId: string;
}

export const SUBGRAPHS = ['cases', 'referrals', 'meetings', 'notifications'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];
