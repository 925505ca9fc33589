import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { RISK_LEVELS, type RiskLevel } from '@scp/contracts';
import { IsCalendarDate } from '../shared/validation.js';
import { RiskLevelEnum } from '../shared/enums.js';
import {
  ANSWER_VALUES,
  CONCERN_LEVELS,
  JUDGEMENT_LEVELS,
  RISK_TOOLS,
  SDASH_QUESTION_COUNT,
} from './assessment-rules.js';
import { AnswerValueEnum, ConcernLevelEnum, JudgementLevelEnum, RiskToolEnum } from './assessment.enums.js';

const TOOL_VERSION = /^[A-Za-z0-9._ -]{1,40}$/;

@InputType()
export class SDashAnswerInput {
  @Field(() => Int, { description: `Question number, 1 to ${SDASH_QUESTION_COUNT}` })
  @IsInt()
  @Min(1)
  @Max(SDASH_QUESTION_COUNT)
  question: number;
  @Field(() => AnswerValueEnum) @IsIn(ANSWER_VALUES) answer: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) comment?: string | null;
}

@InputType({ description: 'Judgement per domain (SRP, SAM); omitted domains are left as they were' })
export class DomainJudgementsInput {
  @Field(() => JudgementLevelEnum, { nullable: true }) @IsOptional() @IsIn(JUDGEMENT_LEVELS) violence?:
    string | null;
  @Field(() => JudgementLevelEnum, { nullable: true })
  @IsOptional()
  @IsIn(JUDGEMENT_LEVELS)
  persistence?: string | null;
  @Field(() => JudgementLevelEnum, { nullable: true }) @IsOptional() @IsIn(JUDGEMENT_LEVELS) recurrence?:
    string | null;
  @Field(() => JudgementLevelEnum, { nullable: true })
  @IsOptional()
  @IsIn(JUDGEMENT_LEVELS)
  psychosocialDamage?: string | null;
}

/** Tool-specific content: each field belongs to one tool; a field given for another is refused. */
@InputType({ isAbstract: true })
abstract class AssessmentContent {
  @Field(() => [SDashAnswerInput], { nullable: true, description: 'S-DASH: answers to set (by question)' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => SDashAnswerInput)
  @ArrayMaxSize(SDASH_QUESTION_COUNT)
  sDashAnswers?: SDashAnswerInput[] | null;
  @Field(() => Int, { nullable: true, description: 'DASH RIC: number of questions answered' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(200)
  answersCount?: number | null;
  @Field(() => Int, { nullable: true, description: 'DASH RIC: score (number of yes answers)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(200)
  score?: number | null;
  @Field(() => ConcernLevelEnum, { nullable: true, description: 'SASH level of concern' })
  @IsOptional()
  @IsIn(CONCERN_LEVELS)
  concernLevel?: string | null;
  @Field(() => DomainJudgementsInput, { nullable: true, description: 'SRP, SAM: judgement per domain' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DomainJudgementsInput)
  judgements?: DomainJudgementsInput | null;
  @Field(() => String, {
    nullable: true,
    description: 'Summary rationale (required to submit an SRP or SAM)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  rationale?: string | null;
}

@InputType()
export class CreateAssessmentInput extends AssessmentContent {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => RiskToolEnum) @IsIn(RISK_TOOLS) tool: string;
  @Field({ description: 'The version or edition of the tool used' })
  @Matches(TOOL_VERSION, { message: 'toolVersion must be 1 to 40 letters, digits, spaces, dots or dashes' })
  toolVersion: string;
  @Field({ description: 'YYYY-MM-DD' }) @IsCalendarDate() assessedOn: string;
}

@InputType()
export class UpdateAssessmentInput extends AssessmentContent {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(TOOL_VERSION, { message: 'toolVersion must be 1 to 40 letters, digits, spaces, dots or dashes' })
  toolVersion?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() assessedOn?: string;
}

@InputType()
export class SubmitAssessmentInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
}

@InputType()
export class AgreeRiskLevelInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => Int, { description: 'The case version you read' }) @IsInt() @Min(1) expectedVersion: number;
  @Field(() => RiskLevelEnum) @IsIn(RISK_LEVELS) level: RiskLevel;
  @Field({ description: 'Why the clinic agreed this level (required)' })
  @IsString()
  @Length(10, 4000)
  rationale: string;
  @Field(() => [ID], {
    defaultValue: [],
    description: 'Submitted assessments of this case the decision cites',
  })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(20)
  citedAssessmentIds: string[];
}
