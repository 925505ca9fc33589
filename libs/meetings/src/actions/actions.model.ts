import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { ActionPriorityEnum, ActionStatusEnum, NotCompletedReasonEnum } from '../shared/enums.js';

@ObjectType('AgreedAction', { description: 'An agreed action (D18), owned by one agency' })
export class ActionModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID, { nullable: true }) @Cat('D18') caseId: string;
  @Field(() => ID, { nullable: true }) @Cat('D18') meetingId: string | null;
  @Field(() => ID, { nullable: true }) @Cat('D18') recommendationId: string | null;
  @Field(() => String, { nullable: true }) @Cat('D18') title: string;
  @Field(() => ID, { nullable: true }) @Cat('D18') ownerAgencyId: string;
  @Field(() => ID, { nullable: true }) @Cat('D18') ownerUserId: string | null;
  @Field(() => String, { nullable: true, description: 'London day it is due' }) @Cat('D18') dueOn: string;
  @Field(() => ActionPriorityEnum, { nullable: true }) @Cat('D18') priority: string;
  @Field(() => ActionStatusEnum, { nullable: true }) @Cat('D18') status: string;
  @Field(() => Boolean, { nullable: true, description: 'Still open after its due day (derived)' })
  @Cat('D18')
  overdue: boolean;
  @Field(() => String, { nullable: true, description: 'Reminder day: 3 working days before due' })
  @Cat('D18')
  reminderOn: string;
  @Field(() => String, { nullable: true, description: 'Escalation to the chair: the working day after due' })
  @Cat('D18')
  escalationOn: string;
  @Field(() => String, { nullable: true }) @Cat('D18') completionNote: string | null;
  @Field(() => NotCompletedReasonEnum, { nullable: true }) @Cat('D18') notCompletedReason: string | null;
  @Field(() => String, { nullable: true, description: 'The note given when not completed' })
  @Cat('D18')
  endNote: string | null;
  @Field(() => String, { nullable: true, description: "The chair's reason for ending or cancelling it" })
  @Cat('D18')
  chairReason: string | null;
  @Field(() => ID, { nullable: true }) @Cat('D18') endedByUserId: string | null;
  @Field(() => Date, { nullable: true }) @Cat('D18') endedAt: Date | null;
  @Field(() => Int, { nullable: true }) @Cat('D18') version: number;
  @Field(() => Date, { nullable: true }) @Cat('D18') createdAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D18') updatedAt: Date;
}
