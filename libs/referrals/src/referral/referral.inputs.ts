import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { IsCalendarDate } from '@scp/platform-graphql';
import { CJ_STATUSES, LOCATION_KINDS, SHARING_BASES, invalid, type LocationKind } from '@scp/contracts';
import {
  BEHAVIOURS,
  BehaviourEnum,
  CaseTierEnum,
  CjStatusEnum,
  LocationKindEnum,
  REFERRAL_STATUSES,
  ReferralOrderFieldEnum,
  ReferralSortDirectionEnum,
  ReferralStatusEnum,
  SharingBasisEnum,
  TIERS,
  URGENCIES,
  UrgencyEnum,
} from '../shared/enums.js';

@InputType()
export class ReferralSubjectInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) givenName?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) familyName?:
    string | null;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(10)
  otherNames?: string[];
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  @IsISO8601({ strict: true })
  dateOfBirth?: string | null;
}

@InputType()
export class ReferralVictimInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) givenName?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) familyName?:
    string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  @IsISO8601({ strict: true })
  dateOfBirth?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  relationshipToSubject?: string | null;
}

@InputType({ description: 'D12: only police and victim advocates may record it' })
export class ReferralVictimLocationInput {
  @Field(() => LocationKindEnum) @IsIn(LOCATION_KINDS) kind: LocationKind;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) addressLine1?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) town?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(10) postcode?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(30) phone?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) email?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(1000) details?: string;
}

@InputType({ description: 'D8: S-DASH, 11 yes/no answers in the order of the form' })
export class SdashInput {
  @Field(() => [Boolean])
  @IsBoolean({ each: true })
  @ArrayMinSize(11)
  @ArrayMaxSize(11)
  answers: boolean[];
}

@InputType()
export class CreateReferralInput {
  @Field(() => ID) @IsUUID() clinicId: string;
  @Field(() => UrgencyEnum, { defaultValue: 'ROUTINE' }) @IsIn(URGENCIES) urgency: string;
  @Field() @IsString() @Length(1, 4000) reason: string;
  @Field(() => [BehaviourEnum], { defaultValue: [] })
  @IsIn(BEHAVIOURS, { each: true })
  @ArrayMaxSize(BEHAVIOURS.length)
  behaviours: string[];
  @Field(() => [String], { defaultValue: [] })
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  @ArrayMaxSize(20)
  crimeReferences: string[];
  @Field(() => CjStatusEnum) @IsIn(CJ_STATUSES) cjStatus: string;
  @Field(() => SharingBasisEnum) @IsIn(SHARING_BASES) sharingBasis: string;
  @Field(() => String, { nullable: true, description: 'Required unless the basis is CONSENT' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  basisRationale?: string | null;
  @Field(() => ReferralSubjectInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReferralSubjectInput)
  subject?: ReferralSubjectInput;
  @Field(() => ReferralVictimInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReferralVictimInput)
  victim?: ReferralVictimInput;
  @Field(() => [ReferralVictimLocationInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ReferralVictimLocationInput)
  @ArrayMaxSize(10)
  victimLocations?: ReferralVictimLocationInput[];
  @Field(() => SdashInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SdashInput)
  sdash?: SdashInput;
}

@InputType({ description: 'Changes to a draft, or to a referral the clinic asked more information about' })
export class UpdateReferralInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field(() => UrgencyEnum, { nullable: true }) @IsOptional() @IsIn(URGENCIES) urgency?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 4000) reason?: string;
  @Field(() => [BehaviourEnum], { nullable: true })
  @IsOptional()
  @IsIn(BEHAVIOURS, { each: true })
  behaviours?: string[];
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(20)
  crimeReferences?: string[];
  @Field(() => CjStatusEnum, { nullable: true }) @IsOptional() @IsIn(CJ_STATUSES) cjStatus?: string;
  @Field(() => SharingBasisEnum, { nullable: true }) @IsOptional() @IsIn(SHARING_BASES) sharingBasis?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) basisRationale?: string;
  @Field(() => ReferralSubjectInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReferralSubjectInput)
  subject?: ReferralSubjectInput;
  @Field(() => ReferralVictimInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReferralVictimInput)
  victim?: ReferralVictimInput;
  @Field(() => SdashInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SdashInput)
  sdash?: SdashInput;
}

@InputType()
export class ReferralTransitionInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field(() => String, { nullable: true, description: 'Required to decline or withdraw' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

@InputType()
export class RequestMoreInformationInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field() @IsString() @Length(1, 2000) question: string;
}

@InputType()
export class AnswerQuestionInput {
  @Field(() => ID) @IsUUID() questionId: string;
  @Field(() => Int, { description: "The referral's version" }) @IsInt() @Min(1) expectedVersion: number;
  @Field() @IsString() @Length(1, 4000) answer: string;
}

@InputType()
export class AcceptReferralInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field(() => CaseTierEnum) @IsIn(TIERS) tier: string;
  @Field(() => ID, {
    description: "Lead agency of the case; defaults to the referrer's agency",
    nullable: true,
  })
  @IsOptional()
  @IsUUID()
  leadAgencyId?: string;
  @Field(() => [ID], { description: 'Participating agencies (the lead is added when missing)' })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(20)
  participantAgencyIds: string[];
}

@InputType()
export class ReferralFilter {
  @Field(() => [ReferralStatusEnum], { nullable: true })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES, { each: true })
  status?: string[];
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() clinicId?: string;
  @Field(() => UrgencyEnum, { nullable: true }) @IsOptional() @IsIn(URGENCIES) urgency?: string;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() overdue?: boolean;
  @Field(() => String, { nullable: true, description: 'D2: subject family name starts with' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  subjectFamilyNameStartsWith?: string;
  @Field(() => String, {
    nullable: true,
    description: 'D12: a victim location postcode (exact); needs a purpose',
  })
  @IsOptional()
  @IsString()
  @Length(2, 10)
  victimPostcode?: string;
}

@InputType()
export class ReferralOrderBy {
  @Field(() => ReferralOrderFieldEnum, { defaultValue: 'CREATED_AT' })
  @IsOptional()
  @IsIn(Object.keys(ReferralOrderFieldEnum))
  field?: string;
  @Field(() => ReferralSortDirectionEnum, { defaultValue: 'DESC' })
  @IsOptional()
  @IsIn(['ASC', 'DESC'])
  direction?: string;
}

export function pageSize(first: number | undefined | null): number {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 1 || n > 100) throw invalid('first must be between 1 and 100', 'first');
  return n;
}
