import './shared/enums.js';

export * from './cases.module.js';
export * from './case/case.entities.js';
export * from './directory/directory.entities.js';
export * from './people/people.entities.js';
export * from './case/case.service.js';
export * from './people/people.service.js';
export * from './directory/directory.service.js';
export * from './access/case-access.js';
export * from './shared/loaders.js';
export * from './shared/scope.js';
export * from './shared/context.js';
export * from './shared/tokens.js';

import {
  AgencyEntity,
  ClinicEntity,
  ClinicMemberEntity,
  UserEntity,
  UserRoleEntity,
} from './directory/directory.entities.js';
import {
  BreakGlassGrantEntity,
  CaseEntity,
  CaseReferenceCounterEntity,
  ParticipantEntity,
} from './case/case.entities.js';
import { LocationEntity, PersonEntity, VictimVoiceEntity } from './people/people.entities.js';

/** Every TypeORM entity of the cases schema (the drift test compares them with the migrations). */
export const CASES_ENTITIES = [
  AgencyEntity,
  ClinicEntity,
  ClinicMemberEntity,
  UserEntity,
  UserRoleEntity,
  CaseEntity,
  CaseReferenceCounterEntity,
  ParticipantEntity,
  BreakGlassGrantEntity,
  PersonEntity,
  LocationEntity,
  VictimVoiceEntity,
];
export * from './seed/demo-seed.js';
export * from './shared/free-text.js';
