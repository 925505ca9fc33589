import { FormulationService } from './formulation.service.js';
import {
  ClinicalRecordAuthorship,
  FormulationAuthorship,
  FormulationCaseFields,
  FormulationMutations,
} from './formulation.resolver.js';
import { ClinicalRecordEntity, FormulationEntity } from './formulation.entities.js';

/** Nest providers of the formulation and clinical-detail feature (registered in cases.module.ts). */
export const FORMULATION_PROVIDERS = [
  FormulationService,
  FormulationCaseFields,
  FormulationAuthorship,
  ClinicalRecordAuthorship,
  FormulationMutations,
];

export const FORMULATION_ENTITIES = [FormulationEntity, ClinicalRecordEntity];
