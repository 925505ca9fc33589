import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { CjEventTypeEnum } from '../victim-updates/victim-updates.model.js';

export const BREACH_TYPES = ['CONTACT', 'APPROACH', 'ONLINE', 'THIRD_PARTY', 'LOCATION', 'OTHER'] as const;
export const BreachTypeEnum = Object.fromEntries(BREACH_TYPES.map((v) => [v, v])) as {
  [K in (typeof BREACH_TYPES)[number]]: K;
};
registerEnumType(BreachTypeEnum, {
  name: 'BreachType',
  description:
    'CONTACT direct contact; APPROACH in person; ONLINE social media, messages, email; THIRD_PARTY through others',
});

export const BREACH_APPROVAL_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export const BreachApprovalStatusEnum = Object.fromEntries(BREACH_APPROVAL_STATUSES.map((v) => [v, v])) as {
  [K in (typeof BREACH_APPROVAL_STATUSES)[number]]: K;
};
registerEnumType(BreachApprovalStatusEnum, {
  name: 'BreachApprovalStatus',
  description:
    'The named supervisor’s decision on why a breach was not recorded as a crime: PENDING until they decide; REJECTED asks for a crime reference',
});

@ObjectType('BreachOutcome', { description: 'A police action that followed the breach (D17)' })
export class BreachOutcomeModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => CjEventTypeEnum, { nullable: true }) @Cat('D17') action: string;
  @Field(() => Date, { nullable: true }) @Cat('D17') occurredAt: Date;
}

@ObjectType('Breach', {
  description: 'A breach of an order or condition (D17; the description is free of D12)',
})
export class BreachModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID) @Public() caseId: string;
  @Field(() => Date, { nullable: true }) @Cat('D17') occurredAt: Date;
  @Field(() => BreachTypeEnum, { nullable: true }) @Cat('D17') type: string;
  @Field(() => ID, { nullable: true, description: 'The order breached' }) @Cat('D17') orderId: string | null;
  @Field(() => ID, { nullable: true, description: 'The condition breached' })
  @Cat('D17')
  conditionId: string | null;
  @Field(() => String, { nullable: true }) @Cat('D17') crimeReference: string | null;
  @Field(() => String, {
    name: 'crimeNotRecordedReason',
    nullable: true,
    description: 'Why no crime was recorded (supervisor-approved)',
  })
  @Cat('D17')
  noCrimeReason: string | null;
  @Field(() => Date, { nullable: true }) @Cat('D17') reasonApprovedAt: Date | null;
  @Field(() => BreachApprovalStatusEnum, {
    nullable: true,
    description: 'The supervisor’s decision on the reason; null when a crime reference was given at once',
  })
  @Cat('D17')
  approvalStatus: string | null;
  @Field(() => String, { nullable: true, description: 'Why the supervisor approved or rejected the reason' })
  @Cat('D17')
  approvalNote: string | null;
  @Field(() => Date, { nullable: true }) @Cat('D17') approvalDecidedAt: Date | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Recorded as a crime, or its reason approved; pending and rejected breaches are unresolved',
  })
  @Cat('D17')
  resolved: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'Crime reference of the course of conduct it belongs to',
  })
  @Cat('D17')
  courseOfConductReference: string | null;
  @Field(() => String, { nullable: true }) @Cat('D17') description: string | null;
  @Field(() => Int, { nullable: true }) @Cat('D17') version: number;
  @Field(() => Date, { nullable: true }) @Cat('D17') createdAt: Date;
}

@ObjectType('BreachTypeCount')
export class BreachTypeCountModel {
  @Field(() => BreachTypeEnum, { nullable: true }) @Cat('D17') type: string;
  @Field(() => Int, { nullable: true }) @Cat('D17') count: number;
}

@ObjectType('BreachPattern', {
  description: 'The breaches of a case as a pattern: in time order, with counts per type (D17)',
})
export class BreachPatternModel {
  @Field(() => [BreachModel], { nullable: true }) @Cat('D17') nodes: BreachModel[];
  @Field(() => Int, { nullable: true }) @Cat('D17') total: number;
  @Field(() => Int, {
    nullable: true,
    description: 'Breaches neither recorded as a crime nor with an approved reason (pending or rejected)',
  })
  @Cat('D17')
  unresolved: number;
  @Field(() => [BreachTypeCountModel], { nullable: true }) @Cat('D17') countsByType: BreachTypeCountModel[];
  @Field(() => Date, { nullable: true }) @Cat('D17') firstOccurredAt: Date | null;
  @Field(() => Date, { nullable: true }) @Cat('D17') lastOccurredAt: Date | null;
}

@ObjectType('BreachApprover', {
  description:
    'An officer of your own force on the case who may approve why a breach was not recorded as a crime',
})
export class BreachApproverModel {
  @Field(() => ID) @Public() id: string;
  @Field() @Public() displayName: string;
}

@ObjectType('BreachApprovalTask', {
  description: 'A breach whose reason for no crime record waits for your decision as the named supervisor',
})
export class BreachApprovalTaskModel {
  @Field(() => ID, { description: 'The breach' }) @Public() id: string;
  @Field(() => ID) @Public() caseId: string;
  @Field(() => String, { nullable: true }) @Cat('D1') caseReference: string | null;
  @Field(() => Date, { nullable: true }) @Cat('D17') occurredAt: Date;
  @Field(() => BreachTypeEnum, { nullable: true }) @Cat('D17') type: string;
  @Field(() => Date, { nullable: true }) @Cat('D17') recordedAt: Date;
}
