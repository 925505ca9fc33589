import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { CJ_EVENT_TYPES } from '../victim-updates/victim-update-rules.js';
import { CjEventTypeEnum } from '../victim-updates/victim-updates.model.js';
import { ISO_INSTANT } from '../victim-updates/victim-updates.inputs.js';
import { BREACH_TYPES, BreachTypeEnum } from './breaches.model.js';
import { IsCalendarDateTime } from '@scp/platform-graphql';

/** Force crime references: letters, digits and separators only (no free text in a reference). */
export const CRIME_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/ -]{2,39}$/;

@InputType()
export class CrimeNotRecordedInput {
  @Field({ description: 'Why the breach was not recorded as a crime' })
  @IsString()
  @Length(10, 2000)
  reason: string;
  @Field(() => ID, {
    description: 'The police supervisor who approved the reason: another officer of your force on this case',
  })
  @IsUUID()
  approvedByUserId: string;
}

@InputType()
export class BreachOutcomeInput {
  @Field(() => CjEventTypeEnum) @IsIn(CJ_EVENT_TYPES) action: string;
  @Field({ description: 'ISO 8601 with offset' })
  @Matches(ISO_INSTANT, { message: 'occurredAt must be an ISO date-time with an offset' })
  @IsCalendarDateTime()
  occurredAt: string;
}

@InputType()
export class RecordBreachInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field({ description: 'When it happened (ISO 8601 with offset)' })
  @Matches(ISO_INSTANT, { message: 'occurredAt must be an ISO date-time with an offset' })
  @IsCalendarDateTime()
  occurredAt: string;
  @Field(() => BreachTypeEnum) @IsIn(BREACH_TYPES) type: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() orderId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() conditionId?: string;
  @Field(() => String, { nullable: true, description: 'Required unless crimeNotRecorded is given' })
  @IsOptional()
  @Matches(CRIME_REFERENCE, { message: 'crimeReference must be a force crime reference' })
  crimeReference?: string;
  @Field(() => CrimeNotRecordedInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CrimeNotRecordedInput)
  crimeNotRecorded?: CrimeNotRecordedInput;
  @Field(() => String, { nullable: true, description: 'Crime reference of the course of conduct' })
  @IsOptional()
  @Matches(CRIME_REFERENCE, { message: 'courseOfConductReference must be a force crime reference' })
  courseOfConductReference?: string;
  @Field(() => String, {
    nullable: true,
    description: "What happened. Every partner reads it: never the victim's address or contact details",
  })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  description?: string;
  @Field(() => [BreachOutcomeInput], { defaultValue: [], description: 'Police action taken so far' })
  @ValidateNested({ each: true })
  @Type(() => BreachOutcomeInput)
  @ArrayMaxSize(10)
  outcomes: BreachOutcomeInput[];
}

@InputType()
export class RecordBreachOutcomeInput extends BreachOutcomeInput {
  @Field(() => ID) @IsUUID() breachId: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
}
