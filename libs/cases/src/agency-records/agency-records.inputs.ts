import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
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
import { RISK_LEVELS } from '@scp/contracts';
import { IsCalendarDate } from '../shared/validation.js';
import { RiskLevelEnum } from '../shared/enums.js';

/** Free text of a record part: long enough for a summary, bounded like the database CHECK. */
export const TEXT_MAX = 20000;

/** Adds `caseId` (create) or `id` + `expectedVersion` (update) to a record's content fields. */
@InputType({ isAbstract: true })
abstract class UpdateKeys {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int, { description: 'The version you read; a newer one means someone else changed it' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@InputType()
export class CreatePoliceSummaryInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) relevantHistory?:
    string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  investigationStatus?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) bailConditions?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) arrests?:
    string | null;
}

@InputType()
export class UpdatePoliceSummaryInput extends UpdateKeys {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) relevantHistory?:
    string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  investigationStatus?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) bailConditions?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) arrests?:
    string | null;
}

@InputType()
export class CreatePoliceIntelligenceInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) intelligence?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) offendingHistory?:
    string | null;
}

@InputType()
export class UpdatePoliceIntelligenceInput extends UpdateKeys {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) intelligence?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) offendingHistory?:
    string | null;
}

@InputType()
export class ProbationConditionInput {
  @Field() @IsString() @Length(3, 2000) text: string;
  @Field({ defaultValue: false, description: 'True when the condition protects the victim' })
  @IsBoolean()
  concernsVictim: boolean;
}

@InputType({ description: 'RoSH level per group at risk; omitted groups are left as they were' })
export class RoshLevelsInput {
  @Field(() => RiskLevelEnum, { nullable: true }) @IsOptional() @IsIn(RISK_LEVELS) knownAdult?: string | null;
  @Field(() => RiskLevelEnum, { nullable: true }) @IsOptional() @IsIn(RISK_LEVELS) public?: string | null;
  @Field(() => RiskLevelEnum, { nullable: true }) @IsOptional() @IsIn(RISK_LEVELS) children?: string | null;
  @Field(() => RiskLevelEnum, { nullable: true }) @IsOptional() @IsIn(RISK_LEVELS) staff?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() assessedOn?: string | null;
}

@InputType()
export class CreateProbationSummaryInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) orderType?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) supervisionStatus?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) compliance?:
    string | null;
  @Field(() => [ProbationConditionInput], { nullable: true, description: 'The full list of conditions' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ProbationConditionInput)
  @ArrayMaxSize(50)
  conditions?: ProbationConditionInput[] | null;
  @Field(() => RoshLevelsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RoshLevelsInput)
  rosh?: RoshLevelsInput | null;
}

@InputType()
export class UpdateProbationSummaryInput extends UpdateKeys {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) orderType?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) supervisionStatus?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) compliance?:
    string | null;
  @Field(() => [ProbationConditionInput], { nullable: true, description: 'Replaces the list of conditions' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ProbationConditionInput)
  @ArrayMaxSize(50)
  conditions?: ProbationConditionInput[] | null;
  @Field(() => RoshLevelsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RoshLevelsInput)
  rosh?: RoshLevelsInput | null;
}

@InputType()
export class CreateProbationDetailInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) caseNotes?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) oasysSummary?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) sentencePlan?:
    string | null;
}

@InputType()
export class UpdateProbationDetailInput extends UpdateKeys {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) caseNotes?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) oasysSummary?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) sentencePlan?:
    string | null;
}

@InputType()
export class CreateAdvocacyRecordInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) @IsCalendarDate() recordedOn: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) disclosures?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) health?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) counselling?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) needs?:
    string | null;
}

@InputType()
export class UpdateAdvocacyRecordInput extends UpdateKeys {
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() recordedOn?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) disclosures?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) health?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) counselling?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(TEXT_MAX) needs?:
    string | null;
}
