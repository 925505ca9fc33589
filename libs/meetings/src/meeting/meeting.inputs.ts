import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { AttendanceStatusEnum, CadenceEnum, MeetingKindEnum, MeetingStatusEnum } from '../shared/enums.js';
import { ATTENDANCE_STATUSES, CADENCES, MEETING_KINDS, MEETING_STATUSES } from './meeting-rules.js';
import { IsCalendarDate } from '@scp/platform-graphql';

@InputType()
export class ScheduleMeetingInput {
  @Field(() => ID) @IsUUID() clinicId: string;
  @Field(() => MeetingKindEnum, { description: 'EXTRAORDINARY for urgent cases (no listing deadline)' })
  @IsIn(MEETING_KINDS)
  kind: string;
  @Field() @IsString() @Length(1, 200) title: string;
  @Field(() => ID, { nullable: true, description: 'Defaults to the caller' })
  @IsOptional()
  @IsUUID()
  chairUserId?: string;
  @Field(() => Date) @IsDate() startsAt: Date;
  @Field(() => Date) @IsDate() endsAt: Date;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 500) place?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 2000) virtualLink?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 4000) confidentialityStatement?: string;
  @Field(() => Int, {
    nullable: true,
    description: "The clinic's listing deadline for new referrals in working days (default 2)",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  referralDeadlineWorkingDays?: number;
  @Field(() => Int, {
    nullable: true,
    description: "The clinic's agenda publication lead in working days (default 1)",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  agendaPublicationWorkingDays?: number;
}

@InputType()
export class ChangeMeetingStatusInput {
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field(() => Int) @IsInt() version: number;
  @Field(() => MeetingStatusEnum) @IsIn(MEETING_STATUSES) to: (typeof MEETING_STATUSES)[number];
  @Field({ nullable: true, description: 'Required to cancel' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

@InputType()
export class RescheduleMeetingInput {
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field(() => Int) @IsInt() version: number;
  @Field(() => Date) @IsDate() startsAt: Date;
  @Field(() => Date) @IsDate() endsAt: Date;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 500) place?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 2000) virtualLink?: string;
}

@InputType()
export class InviteAttendeeInput {
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field(() => ID) @IsUUID() userId: string;
  @Field(() => ID) @IsUUID() agencyId: string;
}

@InputType()
export class RecordAttendanceInput {
  @Field(() => ID) @IsUUID() attendeeId: string;
  @Field(() => AttendanceStatusEnum) @IsIn(ATTENDANCE_STATUSES) status: (typeof ATTENDANCE_STATUSES)[number];
}

@InputType()
export class InformationSubmittedInput {
  @Field(() => ID) @IsUUID() attendeeId: string;
  @Field() @IsBoolean() submitted: boolean;
}

@InputType()
export class ExecutiveSummaryInput {
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field(() => Int) @IsInt() version: number;
  @Field() @IsString() @Length(0, 20000) overview: string;
}

@InputType()
export class ScheduleRecurringMeetingsInput {
  @Field(() => ID) @IsUUID() clinicId: string;
  @Field(() => CadenceEnum, {
    description: "The clinic's cadence (configured in the cases service's directory)",
  })
  @IsIn(CADENCES)
  cadence: (typeof CADENCES)[number];
  @Field({ description: 'London day of the first meeting (YYYY-MM-DD)' })
  @IsCalendarDate()
  firstOn: string;
  @Field(() => Int) @IsInt() @Min(1) @Max(26) count: number;
  @Field({ description: 'London start time (HH:MM)' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/)
  startTime: string;
  @Field(() => Int) @IsInt() @Min(15) @Max(600) durationMinutes: number;
  @Field() @IsString() @Length(1, 200) title: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 500) place?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 2000) virtualLink?: string;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  referralDeadlineWorkingDays?: number;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  agendaPublicationWorkingDays?: number;
}
