import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
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
import { Type } from 'class-transformer';
import { CJ_STATUSES, type CjStatus } from '@scp/contracts';
import { CjStatusEnum } from '../shared/enums.js';
import { IsCalendarDate } from '../shared/validation.js';
import { ESCALATION_TARGETS, EscalationTargetEnum } from './lifecycle.enums.js';

@InputType()
export class EscalateCaseInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => Int, { description: 'The case version you read' }) @IsInt() @Min(1) expectedVersion: number;
  @Field(() => EscalationTargetEnum) @IsIn(ESCALATION_TARGETS) target: (typeof ESCALATION_TARGETS)[number];
  @Field(() => Int, { nullable: true, description: 'MAPPA level 1, 2 or 3 (MAPPA only)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3)
  mappaLevel?: number | null;
  @Field({ description: 'The reference MAPPA or MARAC gave the referral' })
  @IsString()
  @Length(1, 100)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 /._-]*$/, { message: 'externalReference has unexpected characters' })
  externalReference: string;
  @Field({ description: 'Date of the escalation (YYYY-MM-DD), not in the future' })
  @IsCalendarDate()
  escalatedOn: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) notes?: string | null;
}

@InputType()
export class RecordClosureVictimViewInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => String, {
    nullable: true,
    description: "The victim's view of closure, in the advocate's words",
  })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  victimView?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Instead of the view: why the victim could not be contacted',
  })
  @IsOptional()
  @IsString()
  @Length(10, 2000)
  notContactableReason?: string | null;
}

@InputType()
export class ActionOverrideInput {
  @Field(() => ID) @IsUUID() actionId: string;
  @Field({ description: 'Why the case closes with this action still open' })
  @IsString()
  @Length(5, 1000)
  reason: string;
}

@InputType()
export class CloseCaseInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field({ description: "The chair's rationale for closing" })
  @IsString()
  @Length(10, 5000)
  rationale: string;
  @Field(() => [ActionOverrideInput], {
    nullable: true,
    description: 'Every open action of the case, each with the reason to close regardless',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ActionOverrideInput)
  @ArrayMaxSize(200)
  actionOverrides?: ActionOverrideInput[] | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Only when no victim's view was recorded through the advocate: why the victim could not be contacted",
  })
  @IsOptional()
  @IsString()
  @Length(10, 2000)
  victimNotContactableReason?: string | null;
}

@InputType()
export class ReopenCaseAsRepeatInput {
  @Field(() => ID, { description: 'The closed case' }) @IsUUID() caseId: string;
  @Field({ description: 'The new report that reopens it' }) @IsString() @Length(10, 2000) reason: string;
  @Field(() => [ID], { description: 'Agencies of the closed case to carry over' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  participantAgencyIds: string[];
  @Field(() => ID, { nullable: true, description: "Defaults to the closed case's lead agency" })
  @IsOptional()
  @IsUUID()
  leadAgencyId?: string | null;
  @Field(() => CjStatusEnum, { nullable: true, description: "Defaults to the closed case's" })
  @IsOptional()
  @IsIn(CJ_STATUSES)
  cjStatus?: CjStatus | null;
  @Field(() => Boolean, {
    defaultValue: true,
    description: 'Copy the subject, victims and third parties (identity only; locations are recorded afresh)',
  })
  @IsBoolean()
  carryOverPeople: boolean;
}
