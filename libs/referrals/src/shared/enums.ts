import { registerEnumType } from '@nestjs/graphql';
import { CJ_STATUSES, LOCATION_KINDS, SHARING_BASES } from '@scp/contracts';

const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const REFERRAL_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'SCREENING',
  'MORE_INFO_REQUESTED',
  'ACCEPTED',
  'DECLINED',
  'WITHDRAWN',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Behaviours a referral can record (domain.md, Lifecycle step 1). */
export const BEHAVIOURS = [
  'FOLLOWING',
  'UNWANTED_CONTACT',
  'LOITERING',
  'ONLINE',
  'PROPERTY_DAMAGE',
  'THREATS',
  'THIRD_PARTY_TARGETING',
  'SURVEILLANCE',
  'GIFTS',
  'OTHER',
] as const;

export const URGENCIES = ['ROUTINE', 'URGENT'] as const;
export const TIERS = ['CLINIC_CASE', 'CONSULTATION_ONLY'] as const;

export const ReferralStatusEnum = asEnum(REFERRAL_STATUSES);
export const BehaviourEnum = asEnum(BEHAVIOURS);
export const UrgencyEnum = asEnum(URGENCIES);
// Own names: every subgraph can run in one process (e2e), where Nest's type registry is shared.
export const CaseTierEnum = asEnum(TIERS);
export const CjStatusEnum = asEnum(CJ_STATUSES);
export const SharingBasisEnum = asEnum(SHARING_BASES);
export const LocationKindEnum = asEnum(LOCATION_KINDS);
export const ReferralOrderFieldEnum = asEnum(['CREATED_AT', 'SUBMITTED_AT', 'SUBJECT_FAMILY_NAME'] as const);
export const ReferralSortDirectionEnum = asEnum(['ASC', 'DESC'] as const);

registerEnumType(ReferralStatusEnum, { name: 'ReferralStatus' });
registerEnumType(BehaviourEnum, { name: 'ReferralBehaviour' });
registerEnumType(UrgencyEnum, { name: 'ReferralUrgency' });
registerEnumType(CaseTierEnum, { name: 'ReferralCaseTier' });
registerEnumType(CjStatusEnum, { name: 'ReferralCriminalJusticeStatus' });
registerEnumType(SharingBasisEnum, { name: 'ReferralSharingBasis' });
registerEnumType(LocationKindEnum, { name: 'ReferralLocationKind' });
registerEnumType(ReferralOrderFieldEnum, { name: 'ReferralOrderField' });
registerEnumType(ReferralSortDirectionEnum, { name: 'ReferralSortDirection' });
