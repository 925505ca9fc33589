import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Public } from '@scp/platform-graphql';
import { KIND_CODES } from './catalog.js';

export const DELIVERY_STATUSES = ['PENDING', 'HELD_FOR_DIGEST', 'SENT', 'FAILED', 'SKIPPED'] as const;
export const DeliveryStatusEnum = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, s]));
registerEnumType(DeliveryStatusEnum, { name: 'EmailDeliveryStatus' });

/**
 * The cases service's `Case`, by id only: the cases service answers its fields (the reference
 * is D1) under the reader's own access, so a case the recipient may no longer read says nothing.
 */
@ObjectType('Case')
@Directive('@key(fields: "id", resolvable: false)')
export class NotificationCaseRef {
  @Field(() => ID) @Public() id: string;
}

/** An inbox item: what happened (neutral words) and where to look; the link needs sign-in. */
@ObjectType('Notification')
export class NotificationModel {
  @Field(() => ID) @Public() id: string;
  @Field({ description: 'The kind code (see notificationPreferences)' }) @Public() kind: string;
  @Field() @Public() title: string;
  @Field({ description: 'Path in the web app' }) @Public() link: string;
  @Field(() => Date) @Public() createdAt: Date;
  @Field(() => Date, { nullable: true }) @Public() readAt: Date | null;
  @Field(() => NotificationCaseRef, {
    nullable: true,
    description: 'The case it is about; its fields come from the cases service, as you may read them',
  })
  @Public()
  case: NotificationCaseRef | null;
}

@ObjectType('NotificationPage')
export class NotificationPageModel {
  @Field(() => [NotificationModel]) @Public() items: NotificationModel[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page' })
  @Public()
  nextCursor: string | null;
}

@ObjectType('NotificationPreference')
export class PreferenceModel {
  @Field() @Public() kind: string;
  @Field() @Public() description: string;
  @Field({ description: 'Email for this kind (always on for safety-critical kinds)' })
  @Public()
  email: boolean;
  @Field({ description: 'In the daily digest instead of at once (never for safety-critical kinds)' })
  @Public()
  digest: boolean;
  @Field() @Public() safetyCritical: boolean;
}

@InputType()
export class SetPreferenceInput {
  @Field() @IsString() @IsIn(KIND_CODES) kind: string;
  @Field() @IsBoolean() email: boolean;
  @Field({ defaultValue: false }) @IsBoolean() digest: boolean;
}

/** The delivery log, for system administrators. */
@ObjectType('EmailDelivery')
export class EmailDeliveryModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID) @Public() notificationId: string;
  @Field() @Public() kind: string;
  @Field(() => ID) @Public() userId: string;
  @Field() @Public() toAddress: string;
  @Field(() => DeliveryStatusEnum) @Public() status: string;
  @Field(() => Int) @Public() attempts: number;
  @Field(() => String, { nullable: true, description: 'Error code of the last attempt (never content)' })
  @Public()
  lastError: string | null;
  @Field(() => Date) @Public() createdAt: Date;
  @Field(() => Date, { nullable: true }) @Public() sentAt: Date | null;
}

@InputType()
export class DeliveriesFilter {
  @Field(() => [DeliveryStatusEnum], { nullable: true })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { each: true })
  status?: string[];
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(200) first?: number;
}
