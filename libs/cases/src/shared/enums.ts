import { registerEnumType } from '@nestjs/graphql';
import {
  AGE_BANDS,
  AGENCY_TYPES,
  CASE_STATUSES,
  CJ_STATUSES,
  LOCATION_KINDS,
  PARTICIPANT_ROLES,
  PERSON_ROLES,
  RISK_LEVELS,
  ROLES,
  SHARING_BASES,
  type AgeBand,
} from '@scp/contracts';

const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const CaseStatusEnum = asEnum(CASE_STATUSES);
export const CjStatusEnum = asEnum(CJ_STATUSES);
export const RiskLevelEnum = asEnum(RISK_LEVELS);
export const ParticipantRoleEnum = asEnum(PARTICIPANT_ROLES);
export const SharingBasisEnum = asEnum(SHARING_BASES);
export const PersonRoleEnum = asEnum(PERSON_ROLES);
export const LocationKindEnum = asEnum(LOCATION_KINDS);
export const AgeBandEnum = asEnum(AGE_BANDS.map((b) => `AGE_${b}` as const));
export const AgencyTypeEnum = asEnum(AGENCY_TYPES);
export const RoleEnum = asEnum(ROLES);
export const CaseTierEnum = asEnum(['CLINIC_CASE', 'CONSULTATION_ONLY'] as const);
export const CadenceEnum = asEnum(['WEEKLY', 'FORTNIGHTLY', 'MONTHLY'] as const);
export const CaseOrderFieldEnum = asEnum([
  'UPDATED_AT',
  'REFERENCE',
  'NEXT_REVIEW_ON',
  'SUBJECT_FAMILY_NAME',
] as const);
export const SortDirectionEnum = asEnum(['ASC', 'DESC'] as const);

/** GraphQL enum values must start with a letter: age bands are exposed as AGE_18_24 etc. */
export const toAgeBandValue = (band: string | null) => (band ? `AGE_${band}` : null);
export const fromAgeBandValue = (value: string | null | undefined): AgeBand | null =>
  value ? (value.replace(/^AGE_/, '') as AgeBand) : null;

registerEnumType(CaseStatusEnum, { name: 'CaseStatus' });
registerEnumType(CjStatusEnum, { name: 'CriminalJusticeStatus' });
registerEnumType(RiskLevelEnum, { name: 'RiskLevel' });
registerEnumType(ParticipantRoleEnum, { name: 'ParticipantRole' });
registerEnumType(SharingBasisEnum, { name: 'SharingBasis' });
registerEnumType(PersonRoleEnum, { name: 'PersonRole' });
registerEnumType(LocationKindEnum, { name: 'LocationKind' });
registerEnumType(AgeBandEnum, { name: 'AgeBand' });
registerEnumType(AgencyTypeEnum, { name: 'AgencyType' });
registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(CaseTierEnum, { name: 'CaseTier' });
registerEnumType(CadenceEnum, { name: 'ClinicCadence' });
registerEnumType(CaseOrderFieldEnum, { name: 'CaseOrderField' });
registerEnumType(SortDirectionEnum, { name: 'SortDirection' });
