import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { RiskLevelEnum } from '../shared/enums.js';
import {
  AnswerValueEnum,
  AssessmentStatusEnum,
  ConcernLevelEnum,
  JudgementLevelEnum,
  RiskToolEnum,
} from './assessment.enums.js';

@ObjectType('SDashAnswer', { description: 'One of the 11 S-DASH questions, by number, and its answer' })
export class SDashAnswerModel {
  @Field(() => Int, { nullable: true }) @Cat('D8') question: number;
  @Field(() => AnswerValueEnum, { nullable: true }) @Cat('D8') answer: string;
  @Field(() => String, { nullable: true }) @Cat('D8') comment: string | null;
}

@ObjectType('DomainJudgements', {
  description: "The clinician's structured judgement per domain (SRP, SAM); never the manual's item text",
})
export class DomainJudgementsModel {
  @Field(() => JudgementLevelEnum, { nullable: true }) @Cat('D8') violence: string | null;
  @Field(() => JudgementLevelEnum, { nullable: true }) @Cat('D8') persistence: string | null;
  @Field(() => JudgementLevelEnum, { nullable: true }) @Cat('D8') recurrence: string | null;
  @Field(() => JudgementLevelEnum, { nullable: true }) @Cat('D8') psychosocialDamage: string | null;
}

@ObjectType('Assessment', {
  description:
    'A structured risk assessment (D8). Drafts are seen by the authoring agency only; submitted ones by every role with D8',
})
export class AssessmentModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => RiskToolEnum, { nullable: true }) @Cat('D8') tool: string;
  @Field(() => String, { nullable: true, description: "The tool's version or edition" })
  @Cat('D8')
  toolVersion: string;
  @Field(() => AssessmentStatusEnum, { nullable: true }) @Cat('D8') status: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @Cat('D8') assessedOn: string;
  @Field(() => Int, { nullable: true, description: 'S-DASH: number of yes answers; DASH RIC: its score' })
  @Cat('D8')
  score: number | null;
  @Field(() => Int, { nullable: true, description: 'DASH RIC: number of questions answered' })
  @Cat('D8')
  answersCount: number | null;
  @Field(() => Int, { nullable: true, description: 'DASH RIC: the configured high-risk threshold applied' })
  @Cat('D8')
  highThreshold: number | null;
  @Field(() => Boolean, { nullable: true, description: 'DASH RIC: score at or above the threshold' })
  @Cat('D8')
  highRisk: boolean | null;
  @Field(() => ConcernLevelEnum, { nullable: true, description: 'SASH level of concern' })
  @Cat('D8')
  concernLevel: string | null;
  @Field(() => String, { nullable: true, description: 'Summary rationale of the judgement' })
  @Cat('D8')
  rationale: string | null;
  @Field(() => Date, { nullable: true }) @Cat('D8') submittedAt: Date | null;
  @Field(() => Date, { nullable: true }) @Cat('D8') supersededAt: Date | null;
  @Field(() => ID, { nullable: true, description: 'The submission that replaced this one' })
  @Cat('D8')
  supersededById: string | null;
  @Field(() => Int, { nullable: true, description: 'Optimistic-locking version; send it back with updates' })
  @Cat('D8')
  version: number;
  @Field(() => Date, { nullable: true }) @Cat('D8') createdAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D8') updatedAt: Date;
}

@ObjectType('RiskAgreement', {
  description:
    "The clinic's agreed risk level, set by the chair with a rationale citing assessments. Part of the case header (D1)",
})
export class RiskAgreementModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => RiskLevelEnum, { nullable: true }) @Cat('D1') level: string;
  @Field(() => RiskLevelEnum, {
    nullable: true,
    description: 'The agreed level before this one (null at first)',
  })
  @Cat('D1')
  previousLevel: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether the level differs from the previous one' })
  @Cat('D1')
  changed: boolean;
  @Field(() => String, { nullable: true }) @Cat('D1') rationale: string;
  @Field(() => Date, { nullable: true }) @Cat('D1') agreedAt: Date;
  @Field(() => Int, { nullable: true, description: 'The case version this agreement produced' })
  @Cat('D1')
  caseVersion: number;
}
