import { CriminalJusticeEventEntity, VictimUpdateEntity } from './victim-updates.entities.js';
import { VictimUpdatesService } from './victim-updates.service.js';
import {
  CaseVictimUpdatesResolver,
  CriminalJusticeEventResolver,
  VictimEntitlementResolver,
  VictimUpdateOperations,
  VictimUpdateResolver,
} from './victim-updates.resolver.js';

export const VICTIM_UPDATES_ENTITIES = [CriminalJusticeEventEntity, VictimUpdateEntity];
export const VICTIM_UPDATES_PROVIDERS = [
  VictimUpdatesService,
  CaseVictimUpdatesResolver,
  VictimUpdateResolver,
  CriminalJusticeEventResolver,
  VictimEntitlementResolver,
  VictimUpdateOperations,
];
