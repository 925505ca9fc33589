import { AgencyRecordsService } from './agency-records.service.js';
import {
  AdvocacyRecordAuthorship,
  AgencyRecordMutations,
  AgencyRecordsCaseFields,
  PoliceIntelligenceAuthorship,
  PoliceSummaryAuthorship,
  ProbationDetailAuthorship,
  ProbationSummaryAuthorship,
  ProbationSummaryResolver,
} from './agency-records.resolver.js';
import {
  AdvocacyRecordEntity,
  PoliceIntelligenceEntity,
  PoliceSummaryEntity,
  ProbationDetailEntity,
  ProbationSummaryEntity,
} from './agency-records.entities.js';

/** Nest providers of the police, probation and advocacy records (registered in cases.module.ts). */
export const AGENCY_RECORDS_PROVIDERS = [
  AgencyRecordsService,
  AgencyRecordsCaseFields,
  ProbationSummaryResolver,
  PoliceSummaryAuthorship,
  PoliceIntelligenceAuthorship,
  ProbationSummaryAuthorship,
  ProbationDetailAuthorship,
  AdvocacyRecordAuthorship,
  AgencyRecordMutations,
];

export const AGENCY_RECORDS_ENTITIES = [
  PoliceSummaryEntity,
  PoliceIntelligenceEntity,
  ProbationSummaryEntity,
  ProbationDetailEntity,
  AdvocacyRecordEntity,
];
