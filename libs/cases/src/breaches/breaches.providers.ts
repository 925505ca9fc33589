import { BreachEntity } from './breaches.entities.js';
import { BreachesService } from './breaches.service.js';
import { BreachOperations, BreachResolver, CaseBreachesResolver } from './breaches.resolver.js';
import { BreachApprovalService } from './breach-approval.service.js';
import { BreachApprovalOperations } from './breach-approval.resolver.js';

export const BREACHES_ENTITIES = [BreachEntity];
export const BREACHES_PROVIDERS = [
  BreachesService,
  CaseBreachesResolver,
  BreachResolver,
  BreachOperations,
  BreachApprovalService,
  BreachApprovalOperations,
];
