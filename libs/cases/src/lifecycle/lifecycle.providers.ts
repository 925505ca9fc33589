import { EscalationService } from './escalation.service.js';
import { ClosureService } from './closure.service.js';
import { ReopeningService } from './reopening.service.js';
import {
  CaseLifecycleResolver,
  ClosureResolver,
  EscalationResolver,
  RepeatOpeningResolver,
} from './lifecycle.resolver.js';
import {
  ClosureEntity,
  ClosureVictimViewEntity,
  EscalationEntity,
  OpenActionEntity,
  RepeatOpeningEntity,
} from './lifecycle.entities.js';

/** Escalation, closure and reopening (registered in cases.module.ts). */
export const LIFECYCLE_PROVIDERS = [
  EscalationService,
  ClosureService,
  ReopeningService,
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
];
