import { IsCalendarDate } from '../shared/validation.js';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { LOCATION_KINDS, PERSON_ROLES, type LocationKind, type PersonRole } from '@scp/contracts';
import { AgeBandEnum, LocationKindEnum, PersonRoleEnum } from '../shared/enums.js';

const AGE_BAND_VALUES = Object.keys(AgeBandEnum);

@InputType()
export class AddPersonInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => PersonRoleEnum) @IsIn(PERSON_ROLES) role: PersonRole;
  @Field(() => String, { nullable: true, description: 'Pseudonym; generated ("Victim A") when omitted' })
  @IsOptional()
  @Length(1, 40)
  alias?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) givenName?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) familyName?: string;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  otherNames?: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() dateOfBirth?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  relationshipToSubject?: string;
  @Field(() => AgeBandEnum, { nullable: true }) @IsOptional() @IsIn(AGE_BAND_VALUES) ageBand?: string;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  vulnerabilityFlags?: string[];
  @Field(() => Boolean, { nullable: true, description: 'Subject only (D3)' })
  @IsOptional()
  @IsBoolean()
  proximityConcern?: boolean;
}

@InputType()
export class UpdatePersonInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) givenName?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) familyName?: string;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  otherNames?: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() dateOfBirth?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  relationshipToSubject?: string;
  @Field(() => AgeBandEnum, { nullable: true }) @IsOptional() @IsIn(AGE_BAND_VALUES) ageBand?: string;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  vulnerabilityFlags?: string[];
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() proximityConcern?: boolean;
}

@InputType()
export class AddLocationInput {
  @Field(() => ID) @IsUUID() personId: string;
  @Field(() => LocationKindEnum) @IsIn(LOCATION_KINDS) kind: LocationKind;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 200) addressLine1?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 200) addressLine2?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) town?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(2, 10) postcode?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^[0-9 +()-]{6,20}$/) phone?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail() @MaxLength(200) email?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 2000) details?: string;
  @Field(() => Boolean, { defaultValue: true, description: 'Replaces the current location of the same kind' })
  @IsBoolean()
  supersedeCurrent: boolean;
}

@InputType()
export class UpdateVictimVoiceInput {
  @Field(() => ID) @IsUUID() personId: string;
  @Field(() => Int, { nullable: true, description: 'Omit when recording the first version' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5000) voiceSummary?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  safetyPlanSummary?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) sharedSummary?: string;
}
