import { AssessmentsService } from './assessments.service.js';
import { RiskAgreementService } from './risk-agreement.service.js';
import {
  AssessmentAuthorship,
  AssessmentMutations,
  AssessmentResolver,
  AssessmentsCaseFields,
  RiskAgreementResolver,
} from './assessments.resolver.js';
import {
  AssessmentEntity,
  RiskAgreementCitationEntity,
  RiskAgreementEntity,
  RiskToolConfigEntity,
  SDashAnswerEntity,
} from './assessments.entities.js';

/** Nest providers of the assessments and agreed-risk feature (registered in cases.module.ts). */
export const ASSESSMENTS_PROVIDERS = [
  AssessmentsService,
  RiskAgreementService,
  AssessmentsCaseFields,
  AssessmentResolver,
  AssessmentAuthorship,
  RiskAgreementResolver,
  AssessmentMutations,
];

export const ASSESSMENTS_ENTITIES = [
  RiskToolConfigEntity,
  AssessmentEntity,
  SDashAnswerEntity,
  RiskAgreementEntity,
  RiskAgreementCitationEntity,
];
