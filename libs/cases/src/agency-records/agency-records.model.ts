import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { RiskLevelEnum } from '../shared/enums.js';

@ObjectType('PoliceSummary', {
  description: 'Police shared summary (D5), written by police for the clinic partners',
})
export class PoliceSummaryModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, { nullable: true }) @Cat('D5') relevantHistory: string | null;
  @Field(() => String, { nullable: true }) @Cat('D5') investigationStatus: string | null;
  @Field(() => String, { nullable: true }) @Cat('D5') bailConditions: string | null;
  @Field(() => String, { nullable: true }) @Cat('D5') arrests: string | null;
  @Field(() => Int, { nullable: true, description: 'Optimistic-locking version; send it back with updates' })
  @Cat('D5')
  version: number;
  @Field(() => Date, { nullable: true }) @Cat('D5') createdAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D5') updatedAt: Date;
}

@ObjectType('PoliceIntelligence', {
  description: 'Police intelligence and full offending history (D4): police only',
})
export class PoliceIntelligenceModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, { nullable: true }) @Cat('D4') intelligence: string | null;
  @Field(() => String, { nullable: true }) @Cat('D4') offendingHistory: string | null;
  @Field(() => Int, { nullable: true }) @Cat('D4') version: number;
  @Field(() => Date, { nullable: true }) @Cat('D4') createdAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D4') updatedAt: Date;
}

@ObjectType('ProbationCondition', { description: 'A licence or order condition' })
export class ProbationConditionModel {
  @Field(() => String, { nullable: true }) @Cat('D10:limited') text: string;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the condition protects the victim (the only conditions advocates see)',
  })
  @Cat('D10:limited')
  concernsVictim: boolean;
}

@ObjectType('RoshLevels', {
  description: 'Probation risk of serious harm, per group at risk (probation judgement, recorded in D10)',
})
export class RoshLevelsModel {
  @Field(() => RiskLevelEnum, { nullable: true }) @Cat('D10') knownAdult: string | null;
  @Field(() => RiskLevelEnum, { nullable: true }) @Cat('D10') public: string | null;
  @Field(() => RiskLevelEnum, { nullable: true }) @Cat('D10') children: string | null;
  @Field(() => RiskLevelEnum, { nullable: true }) @Cat('D10') staff: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @Cat('D10') assessedOn: string | null;
}

@ObjectType('ProbationSummary', {
  description:
    'Probation shared summary (D10); advocates see only the conditions that concern the victim (victimConditions)',
})
export class ProbationSummaryModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, {
    nullable: true,
    description: 'Licence or order under which the subject is supervised',
  })
  @Cat('D10')
  orderType: string | null;
  @Field(() => String, { nullable: true }) @Cat('D10') supervisionStatus: string | null;
  @Field(() => String, { nullable: true }) @Cat('D10') compliance: string | null;
  @Field(() => Int, { nullable: true }) @Cat('D10:limited') version: number;
  @Field(() => Date, { nullable: true }) @Cat('D10:limited') createdAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D10:limited') updatedAt: Date;
}

@ObjectType('ProbationDetail', { description: 'Probation detail (D9): probation only' })
export class ProbationDetailModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, { nullable: true }) @Cat('D9') caseNotes: string | null;
  @Field(() => String, { nullable: true, description: 'OASys assessment summary' })
  @Cat('D9')
  oasysSummary: string | null;
  @Field(() => String, { nullable: true }) @Cat('D9') sentencePlan: string | null;
  @Field(() => Int, { nullable: true }) @Cat('D9') version: number;
  @Field(() => Date, { nullable: true }) @Cat('D9') createdAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D9') updatedAt: Date;
}

@ObjectType('AdvocacyRecord', {
  description: 'Advocacy record detail (D14): only the advocacy agency that wrote it ever sees it',
})
export class AdvocacyRecordModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @Cat('D14') recordedOn: string;
  @Field(() => String, { nullable: true }) @Cat('D14') disclosures: string | null;
  @Field(() => String, { nullable: true }) @Cat('D14') health: string | null;
  @Field(() => String, { nullable: true }) @Cat('D14') counselling: string | null;
  @Field(() => String, { nullable: true }) @Cat('D14') needs: string | null;
  @Field(() => Int, { nullable: true }) @Cat('D14') version: number;
  @Field(() => Date, { nullable: true }) @Cat('D14') createdAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D14') updatedAt: Date;
}
