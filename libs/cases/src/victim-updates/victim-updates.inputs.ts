import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { CJ_EVENT_TYPES, DELIVERY_METHODS, ENTITLEMENTS } from './victim-update-rules.js';
import { CjEventTypeEnum, DeliveryMethodEnum, EntitlementEnum } from './victim-updates.model.js';
import { IsCalendarDateTime } from '@scp/platform-graphql';

/** An instant with its offset: whether 01:30 on a clock-change night is GMT or BST is the caller's to say. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

@InputType()
export class RecordCriminalJusticeEventInput {
  @Field(() => ID) @IsUUID() caseId: string;
  @Field(() => CjEventTypeEnum) @IsIn(CJ_EVENT_TYPES) type: string;
  @Field({ description: 'ISO 8601 with offset, e.g. 2026-05-22T16:00:00+01:00' })
  @Matches(ISO_INSTANT, { message: 'occurredAt must be an ISO date-time with an offset' })
  @IsCalendarDateTime()
  occurredAt: string;
}

@InputType()
export class RecordVictimUpdateDeliveredInput {
  @Field(() => ID) @IsUUID() id: string;
  @Field(() => Int) @IsInt() @Min(1) expectedVersion: number;
  @Field({ description: 'When the victim was told (ISO 8601 with offset)' })
  @Matches(ISO_INSTANT, { message: 'deliveredAt must be an ISO date-time with an offset' })
  @IsCalendarDateTime()
  deliveredAt: string;
  @Field(() => DeliveryMethodEnum) @IsIn(DELIVERY_METHODS) method: string;
  @Field({ description: 'What the victim was told (never their location or contact details)' })
  @IsString()
  @Length(3, 4000)
  content: string;
}

@InputType()
export class SetVictimCodeEntitlementInput {
  @Field(() => ID) @IsUUID() personId: string;
  @Field(() => EntitlementEnum) @IsIn(ENTITLEMENTS) entitlement: string;
}
