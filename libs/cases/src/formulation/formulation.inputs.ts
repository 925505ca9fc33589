import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../shared/validation.js';
import { RiskToolEnum } from '../assessments/assessment.enums.js';
import { TEXT_MAX } from '../agency-records/agency-records.inputs.js';

@InputType()
export class CreateFormulationInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) summary?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) riskScenarios?:
    string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  protectiveFactors?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) recommendations?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) victimSafety?:
    string | null;
}

@InputType()
export class UpdateFormulationInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) summary?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) riskScenarios?:
    string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  protectiveFactors?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) recommendations?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) victimSafety?:
    string | null;
}

@InputType()
export class CreateClinicalRecordInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) @IsCalendarDate() recordedOn: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) diagnoses?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) medication?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) clinicalNotes?:
    string | null;
  @Field(() => RiskToolEnum, { nullable: true }) @IsOptional() @IsIn(['SRP', 'SAM']) reportTool?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) reportText?:
    string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The SRP/SAM assessment of this case the report belongs to',
  })
  @IsOptional()
  @IsUUID()
  assessmentId?: string | null;
}

@InputType()
export class UpdateClinicalRecordInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() recordedOn?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) diagnoses?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) medication?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) clinicalNotes?:
    string | null;
  @Field(() => RiskToolEnum, { nullable: true }) @IsOptional() @IsIn(['SRP', 'SAM']) reportTool?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) reportText?:
    string | null;
}
