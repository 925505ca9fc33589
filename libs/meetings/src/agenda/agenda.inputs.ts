import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import {
  AGENDA_ITEM_KINDS,
  AgendaItemKindEnum,
  DEFERRAL_REASONS,
  DeferralReasonEnum,
  type AgendaItemKind,
} from '../shared/enums.js';
import { IsCalendarDate } from '@scp/platform-graphql';

@InputType()
export class AddAgendaItemInput {
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field(() => AgendaItemKindEnum) @IsIn(AGENDA_ITEM_KINDS) kind: AgendaItemKind;
  @Field(() => ID, { nullable: true, description: 'Required for NEW_REFERRAL, REVIEW and URGENT' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
  @Field(() => Int) @IsInt() @Min(1) @Max(480) durationMinutes: number;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 200) title?: string;
}

@InputType()
export class MoveAgendaItemInput {
  @Field(() => ID) @IsUUID() agendaItemId: string;
  @Field(() => Int) @IsInt() @Min(1) position: number;
}

@InputType()
export class RemoveAgendaItemInput {
  @Field(() => ID) @IsUUID() agendaItemId: string;
  @Field(() => Int, { description: 'The item version you read' }) @IsInt() version: number;
}

@InputType()
export class DeferAgendaItemInput {
  @Field(() => ID) @IsUUID() agendaItemId: string;
  @Field(() => Int) @IsInt() version: number;
  @Field(() => DeferralReasonEnum) @IsIn(DEFERRAL_REASONS) reason: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

@InputType()
export class DraftMinutesInput {
  @Field(() => ID) @IsUUID() agendaItemId: string;
  @Field(() => Int) @IsInt() version: number;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(0, 20000) minutes?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(0, 4000) summary?: string;
  @Field({ nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  nextReviewOn?: string;
}

@InputType()
export class AddAddendumInput {
  @Field(() => ID) @IsUUID() agendaItemId: string;
  @Field() @IsString() @Length(1, 2000) reason: string;
  @Field() @IsString() @Length(1, 20000) text: string;
}

@InputType()
export class SubmitContributionInput {
  @Field(() => ID) @IsUUID() agendaItemId: string;
  @Field() @IsString() @Length(1, 20000) text: string;
}
