import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { CaseModel } from '../case/case.model.js';
import { CaseStatusEnum, RiskLevelEnum } from '../shared/enums.js';
import { CASE_LIFECYCLE_KINDS } from '@scp/contracts';

export const LifecycleKindEnum = Object.fromEntries(CASE_LIFECYCLE_KINDS.map((k) => [k, k])) as {
  [K in (typeof CASE_LIFECYCLE_KINDS)[number]]: K;
};
registerEnumType(LifecycleKindEnum, {
  name: 'CaseLifecycleKind',
  description: 'What the clinic did to the case (docs/case-lifecycle.md)',
});

@ObjectType('CaseLifecycleEntry', {
  description:
    "One step of the case's life with the clinic (D1, the case header): listed, reviewed, review due, urgent flag",
})
export class CaseLifecycleEntryModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => LifecycleKindEnum, { nullable: true }) @Cat('D1') kind: string;
  @Field(() => Date, { nullable: true }) @Cat('D1') occurredAt: Date;
  @Field(() => CaseStatusEnum, { nullable: true, description: 'Set when the step moved the status' })
  @Cat('D1')
  fromStatus: string | null;
  @Field(() => CaseStatusEnum, { nullable: true }) @Cat('D1') toStatus: string | null;
  @Field(() => ID, { nullable: true, description: 'The clinic meeting of the step' })
  @Cat('D1')
  meetingId: string | null;
  @Field(() => Date, { nullable: true }) @Cat('D1') meetingStartsAt: Date | null;
  @Field(() => RiskLevelEnum, {
    nullable: true,
    description: "REVIEWED: the clinic's agreed risk level at that review",
  })
  @Cat('D1')
  riskLevel: string | null;
  @Field(() => String, { nullable: true, description: 'REVIEWED: the next review date set (YYYY-MM-DD)' })
  @Cat('D1')
  nextReviewOn: string | null;
}

@ObjectType('UrgentReview', {
  description: 'An urgent-review flag on the case (D1): when it was raised, due, cleared and escalated',
})
export class UrgentReviewModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => Date, { nullable: true }) @Cat('D1') requestedAt: Date;
  @Field(() => Date, { nullable: true, description: 'The case must be on a meeting by then' })
  @Cat('D1')
  dueBy: Date;
  @Field(() => Date, { nullable: true }) @Cat('D1') clearedAt: Date | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Who cleared it (the chair approving the minutes, or by hand)',
  })
  @Cat('D1')
  clearedByUserId: string | null;
  @Field(() => ID, { nullable: true, description: 'The meeting whose approved minutes cleared it' })
  @Cat('D1')
  clearedByMeetingId: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was escalated to the chair as overdue' })
  @Cat('D1')
  escalatedAt: Date | null;
}

@ObjectType('UrgentReviewAwaitingMeeting', {
  description: 'A case flagged for an urgent review that is on no meeting within the urgent deadline',
})
export class UrgentReviewAwaitingMeetingModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => CaseModel, { nullable: true }) @Cat('D1') case: unknown;
  @Field(() => Date, { nullable: true }) @Cat('D1') requestedAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D1') dueBy: Date;
  @Field(() => Boolean, { nullable: true, description: 'The deadline has passed' })
  @Cat('D1')
  overdue: boolean;
  @Field(() => Date, { nullable: true }) @Cat('D1') escalatedAt: Date | null;
}
