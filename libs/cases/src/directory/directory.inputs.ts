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
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { AGENCY_TYPES, ROLES, type AgencyType, type Role } from '@scp/contracts';
import type { ClinicEntity } from './directory.entities.js';
import { AgencyTypeEnum, CadenceEnum, RoleEnum } from '../shared/enums.js';

@InputType()
export class CreateAgencyInput {
  @Field() @Matches(/^[A-Z0-9-]{2,32}$/) code: string;
  @Field() @IsString() @Length(1, 200) name: string;
  @Field(() => AgencyTypeEnum) @IsIn(AGENCY_TYPES) type: AgencyType;
}

@InputType()
export class UpdateAgencyInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 200) name?: string;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() active?: boolean;
}

@InputType()
export class CreateClinicInput {
  @Field() @Matches(/^[A-Z0-9]{2,8}$/) code: string;
  @Field() @IsString() @Length(1, 200) name: string;
  @Field(() => CadenceEnum) @IsIn(['WEEKLY', 'FORTNIGHTLY', 'MONTHLY']) cadence: ClinicEntity['cadence'];
  @Field(() => Int) @IsInt() @Min(1) @Max(5) meetingWeekday: number;
  @Field(() => Int, { defaultValue: 2 }) @IsInt() @Min(0) @Max(10) referralDeadlineWorkingDays: number;
  @Field(() => Int, { defaultValue: 1 }) @IsInt() @Min(0) @Max(10) agendaPublicationWorkingDays: number;
}

@InputType()
export class SetClinicMemberInput {
  @Field(() => ID) @IsUUID() clinicId: string;
  @Field(() => ID) @IsUUID() agencyId: string;
  @Field(() => String, { nullable: true, description: 'Date the agency signed the ISA; null = not signed' })
  @IsOptional()
  @IsCalendarDate()
  isaSignedOn?: string | null;
}

@InputType()
export class UserRoleInput {
  @Field(() => RoleEnum) @IsIn(ROLES) role: Role;
  @Field(() => ID, { nullable: true, description: 'Required for CLINIC_CHAIR and CLINIC_COORDINATOR' })
  @IsOptional()
  @IsUUID()
  clinicId?: string | null;
}

@InputType()
export class CreateUserInput {
  @Field() @Matches(/^[a-z0-9._-]{3,64}$/) username: string;
  @Field() @IsString() @Length(1, 200) displayName: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail() @MaxLength(200) email?: string;
  @Field(() => String, { nullable: true, description: 'Subject claim at the identity provider' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  externalSubject?: string;
  @Field(() => ID) @IsUUID() agencyId: string;
  @Field(() => [UserRoleInput])
  @ValidateNested({ each: true })
  @Type(() => UserRoleInput)
  @ArrayMaxSize(12)
  roles: UserRoleInput[];
}

@InputType()
export class UpdateUserInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 200) displayName?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail() @MaxLength(200) email?: string;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() active?: boolean;
  @Field(() => [UserRoleInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => UserRoleInput)
  @ArrayMaxSize(12)
  roles?: UserRoleInput[];
}
