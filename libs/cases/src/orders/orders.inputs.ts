import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
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
import { IsCalendarDate } from '../shared/validation.js';
import { ORDER_STATUSES, PROTECTED_KINDS } from './order-rules.js';
import { OrderStatusEnum, ProtectedDetailKindEnum } from './orders.model.js';

@InputType()
export class OrderConditionInput {
  @Field({
    description: 'The text the subject is served with (every partner may read it: no victim location)',
  })
  @IsString()
  @Length(1, 4000)
  servedText: string;
  @Field(() => ProtectedDetailKindEnum, { nullable: true, description: 'D16' })
  @IsOptional()
  @IsIn(PROTECTED_KINDS)
  protectedKind?: string;
  @Field(() => String, {
    nullable: true,
    description: 'D16: the protected address, workplace or exclusion zone (police and advocate only)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  protectedDetail?: string;
}

@InputType()
export class RecordOrderInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field({ description: 'An OrderType code (see orderTypes)' })
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/)
  typeCode: string;
  @Field(() => OrderStatusEnum, { defaultValue: 'APPLIED' }) @IsIn(ORDER_STATUSES) status: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() appliedOn?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() grantedOn?: string;
  @Field(() => String, { nullable: true, description: 'Day of service (London)' })
  @IsOptional()
  @IsCalendarDate()
  servedOn?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() fixedEndOn?: string;
  @Field(() => Boolean, { defaultValue: false }) @IsBoolean() untilFurtherOrder: boolean;
  @Field(() => ID, { nullable: true, description: 'The order this one replaces (a full SPO: its interim)' })
  @IsOptional()
  @IsUUID()
  replacesOrderId?: string;
  @Field(() => [OrderConditionInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @Type(() => OrderConditionInput)
  @ArrayMaxSize(30)
  conditions: OrderConditionInput[];
}

/** Dates can be set or corrected, not cleared (an omitted or null field keeps its value). */
@InputType()
export class UpdateOrderInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field(() => OrderStatusEnum, { nullable: true }) @IsOptional() @IsIn(ORDER_STATUSES) status?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() appliedOn?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() grantedOn?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() servedOn?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsCalendarDate() fixedEndOn?: string;
  @Field(() => Boolean, { nullable: true, description: 'true replaces a fixed end date' })
  @IsOptional()
  @IsBoolean()
  untilFurtherOrder?: boolean;
  @Field(() => String, { nullable: true, description: 'Day the order stopped (DISCHARGED, EXPIRED)' })
  @IsOptional()
  @IsCalendarDate()
  endedOn?: string;
}

@InputType()
export class RecordOrderNotificationInput {
  @Field(() => ID) @IsUUID() orderId: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field({ description: 'Day the subject notified the police (YYYY-MM-DD, London)' })
  @IsCalendarDate()
  receivedOn: string;
}

@InputType()
export class AddOrderConditionInput extends OrderConditionInput {
  @Field(() => ID) @IsUUID() orderId: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
}
