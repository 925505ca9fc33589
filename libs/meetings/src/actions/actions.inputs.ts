import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ActionPriorityEnum, ActionStatusEnum, NotCompletedReasonEnum } from '../shared/enums.js';
import {
  ACTION_PRIORITIES,
  ACTION_STATUSES,
  NOT_COMPLETED_REASONS,
  type ActionStatus,
  type NotCompletedReason,
} from './action-rules.js';
import { IsCalendarDate } from '@scp/platform-graphql';

@InputType()
export class CreateActionInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() meetingId?: string;
  @Field(() => ID, { nullable: true, description: 'The agreed recommendation it comes from' })
  @IsOptional()
  @IsUUID()
  recommendationId?: string;
  @Field() @IsString() @Length(1, 1000) title: string;
  @Field(() => ID) @IsUUID() ownerAgencyId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() ownerUserId?: string;
  @Field({ description: 'YYYY-MM-DD' }) @IsCalendarDate() dueOn: string;
  @Field(() => ActionPriorityEnum) @IsIn(ACTION_PRIORITIES) priority: string;
}

@InputType()
export class ChangeActionStatusInput {
  @Field(() => ID) @IsUUID() actionId: string;
  @Field(() => Int) @IsInt() version: number;
  @Field(() => ActionStatusEnum) @IsIn(ACTION_STATUSES) to: ActionStatus;
  @Field({ nullable: true, description: 'Completion note, or the note for not completed' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  note?: string;
  @Field(() => NotCompletedReasonEnum, { nullable: true })
  @IsOptional()
  @IsIn(NOT_COMPLETED_REASONS)
  notCompletedReason?: NotCompletedReason;
  @Field({
    nullable: true,
    description: "The chair's reason (cancelling, or ending another agency's action)",
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  chairReason?: string;
}

@InputType()
export class ReassignActionInput {
  @Field(() => ID) @IsUUID() actionId: string;
  @Field(() => Int) @IsInt() version: number;
  @Field(() => ID) @IsUUID() ownerAgencyId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() ownerUserId?: string;
  @Field({ nullable: true }) @IsOptional() @IsCalendarDate() dueOn?: string;
}
