import { EscalationService } from './escalation.service.js';
import { ClinicLifecycleService } from './clinic-lifecycle.service.js';
import { ClinicLifecycleResolver } from './clinic-lifecycle.resolver.js';
import { ClosureService } from './closure.service.js';
import { ReopeningService } from './reopening.service.js';
import {
  CaseLifecycleResolver,
  ClosureResolver,
  EscalationResolver,
  RepeatOpeningResolver,
} from './lifecycle.resolver.js';
import {
  CaseLifecycleEntity,
  ClosureEntity,
  ClosureVictimViewEntity,
  EscalationEntity,
  OpenActionEntity,
  RepeatOpeningEntity,
  UrgentReviewEntity,
} from './lifecycle.entities.js';

/** Escalation, closure and reopening (registered in cases.module.ts). */
export const LIFECYCLE_PROVIDERS = [
  EscalationService,
  ClosureService,
  ReopeningService,
  ClinicLifecycleService,
  ClinicLifecycleResolver,
  CaseLifecycleResolver,
  RepeatOpeningResolver,
  EscalationResolver,
  ClosureResolver,
];

export const LIFECYCLE_ENTITIES = [
  EscalationEntity,
  OpenActionEntity,
  ClosureVictimViewEntity,
  ClosureEntity,
  RepeatOpeningEntity,
  CaseLifecycleEntity,
  UrgentReviewEntity,
];
