import { IsCalendarDate } from '../shared/validation.js';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import {
  CASE_STATUSES,
  CJ_STATUSES,
  PARTICIPANT_ROLES,
  SHARING_BASES,
  type CaseStatus,
  type CjStatus,
  type ParticipantRole,
  type SharingBasis,
  invalid,
} from '@scp/contracts';
import type { CaseEntity } from './case.entities.js';
import {
  CaseOrderFieldEnum,
  CaseStatusEnum,
  CaseTierEnum,
  CjStatusEnum,
  ParticipantRoleEnum,
  SharingBasisEnum,
  SortDirectionEnum,
} from '../shared/enums.js';

@InputType()
export class ParticipantInput {
  @Field(() => ID) @IsUUID() agencyId: string;
  @Field(() => ParticipantRoleEnum) @IsIn(PARTICIPANT_ROLES) roleInCase: ParticipantRole;
  @Field(() => SharingBasisEnum) @IsIn(SHARING_BASES) sharingBasis: SharingBasis;
  @Field(() => String, { nullable: true, description: 'Required unless the basis is CONSENT' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  basisRationale?: string | null;
}

@InputType()
export class CreateCaseInput {
  @Field(() => ID) @IsUUID() clinicId: string;
  @Field(() => ID) @IsUUID() leadAgencyId: string;
  @Field(() => CjStatusEnum) @IsIn(CJ_STATUSES) cjStatus: CjStatus;
  @Field(() => CaseTierEnum, { defaultValue: 'CLINIC_CASE' })
  @IsIn(['CLINIC_CASE', 'CONSULTATION_ONLY'])
  tier: CaseEntity['tier'];
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() ownerUserId?: string | null;
  @Field(() => [ParticipantInput])
  @ValidateNested({ each: true })
  @Type(() => ParticipantInput)
  @ArrayMaxSize(20)
  participants: ParticipantInput[];
}

@InputType()
export class UpdateCaseHeaderInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int, { description: 'The version you read; a newer one means someone else changed the case' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
  @Field(() => CaseStatusEnum, { nullable: true }) @IsOptional() @IsIn(CASE_STATUSES) status?: CaseStatus;
  @Field(() => CjStatusEnum, { nullable: true }) @IsOptional() @IsIn(CJ_STATUSES) cjStatus?: CjStatus;
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() nextReviewOn?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() ownerUserId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() leadAgencyId?: string;
}

@InputType()
export class AddParticipantInput extends ParticipantInput {
  @Field(() => ID) @IsUUID() caseId: string;
}

@InputType()
export class EndParticipationInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => ID) @IsUUID() agencyId: string;
  @Field() @IsString() @Length(3, 1000) reason: string;
}

/**
 * Filters. Each key has a data category: filtering on one the caller may not read is refused
 * (FORBIDDEN), and where the caller may read it on some cases only, the filter is confined to
 * those, so results and counts never reveal the value elsewhere.
 */
@InputType()
export class CaseFilter {
  @Field(() => [CaseStatusEnum], { nullable: true })
  @IsOptional()
  @IsIn(CASE_STATUSES, { each: true })
  @ArrayMaxSize(10)
  status?: string[];
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() clinicId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() leadAgencyId?: string;
  @Field(() => CjStatusEnum, { nullable: true }) @IsOptional() @IsIn(CJ_STATUSES) cjStatus?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() nextReviewBefore?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  referenceStartsWith?: string;
  @Field(() => String, { nullable: true, description: 'D2: subject family name starts with' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  subjectFamilyNameStartsWith?: string;
  @Field(() => String, { nullable: true, description: 'D12: a victim location postcode (exact)' })
  @IsOptional()
  @IsString()
  @Length(2, 10)
  victimPostcode?: string;
}

@InputType()
export class CaseOrderBy {
  @Field(() => CaseOrderFieldEnum, { defaultValue: 'UPDATED_AT' })
  @IsOptional()
  @IsIn(Object.keys(CaseOrderFieldEnum))
  field?: string;
  @Field(() => SortDirectionEnum, { defaultValue: 'DESC' })
  @IsOptional()
  @IsIn(['ASC', 'DESC'])
  direction?: string;
}

export const MAX_PAGE = 100;
export function pageSize(first: number | undefined | null): number {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE)
    throw invalid(`first must be between 1 and ${MAX_PAGE}`, 'first');
  return n;
}
