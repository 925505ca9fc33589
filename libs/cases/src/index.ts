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
export * from './assessments/assessments.entities.js';
export * from './assessments/assessment-rules.js';
export * from './assessments/assessments.service.js';
export * from './assessments/risk-agreement.service.js';
export * from './formulation/formulation.entities.js';
export * from './formulation/formulation.service.js';
export * from './agency-records/agency-records.entities.js';
export * from './agency-records/agency-records.service.js';
export * from './lifecycle/lifecycle.entities.js';
export * from './lifecycle/escalation.service.js';
export * from './lifecycle/closure.service.js';
export * from './lifecycle/reopening.service.js';
export * from './lifecycle/open-actions.replica.js';
export * from './lifecycle/clinic-lifecycle.js';
export * from './lifecycle/lifecycle-sweep.js';
export * from './documents/documents.entities.js';
export * from './documents/document-store.js';
export * from './documents/document-store.config.js';
export * from './documents/s3-document-store.js';
export * from './documents/document-types.js';
export * from './documents/documents.service.js';
export * from './disclosure/disclosure.entities.js';
export * from './disclosure/subject-access.service.js';
export * from './disclosure/subject-access.pdf.js';
export * from './orders/orders.entities.js';
export {
  IN_FORCE_STATUSES,
  ORDER_STATUSES,
  notificationDueOn,
  type OrderStatus,
} from './orders/order-rules.js';
export * from './orders/orders.service.js';
export { findOrdersInForce } from './orders/orders.repository.js';
export * from './breaches/breaches.entities.js';
export * from './breaches/breaches.service.js';
export * from './victim-updates/victim-updates.entities.js';
export { VICTIM_UPDATE_TRIGGERS, victimUpdateDueBy } from './victim-updates/victim-update-rules.js';
export * from './victim-updates/victim-updates.service.js';
export * from './intake/referral-intake.consumer.js';
export * from './events/meeting-events.consumer.js';

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
  FreeTextRefusalEntity,
  ParticipantEntity,
} from './case/case.entities.js';
import { LocationEntity, PersonEntity, VictimVoiceEntity } from './people/people.entities.js';
import { ASSESSMENTS_ENTITIES } from './assessments/assessments.providers.js';
import { FORMULATION_ENTITIES } from './formulation/formulation.providers.js';
import { AGENCY_RECORDS_ENTITIES } from './agency-records/agency-records.providers.js';
import { LIFECYCLE_ENTITIES } from './lifecycle/lifecycle.providers.js';
import { DOCUMENTS_ENTITIES } from './documents/documents.providers.js';
import { DISCLOSURE_ENTITIES } from './disclosure/disclosure.providers.js';
import { ORDERS_ENTITIES } from './orders/orders.providers.js';
import { BREACHES_ENTITIES } from './breaches/breaches.providers.js';
import { VICTIM_UPDATES_ENTITIES } from './victim-updates/victim-updates.providers.js';

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
  FreeTextRefusalEntity,
  PersonEntity,
  LocationEntity,
  VictimVoiceEntity,
  ...ASSESSMENTS_ENTITIES,
  ...FORMULATION_ENTITIES,
  ...AGENCY_RECORDS_ENTITIES,
  ...LIFECYCLE_ENTITIES,
  ...DOCUMENTS_ENTITIES,
  ...DISCLOSURE_ENTITIES,
  ...ORDERS_ENTITIES,
  ...BREACHES_ENTITIES,
  ...VICTIM_UPDATES_ENTITIES,
];
export * from './seed/demo-seed.js';
export * from './shared/free-text.js';
export * from './directory/recipients.js';
