import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { ORDER_STATUSES, PROTECTED_KINDS } from './order-rules.js';

const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const OrderStatusEnum = asEnum(ORDER_STATUSES);
export const ProtectedDetailKindEnum = asEnum(PROTECTED_KINDS);
registerEnumType(OrderStatusEnum, {
  name: 'OrderStatus',
  description:
    'GRANTED: made, not yet served; IN_FORCE: served or otherwise in effect; VARIED: in force as varied',
});
registerEnumType(ProtectedDetailKindEnum, { name: 'ProtectedDetailKind' });

/** An order type and its rules. Configuration, not case content: readable by every signed-in user. */
@ObjectType('OrderType')
export class OrderTypeModel {
  @Field() @Public() code: string;
  @Field() @Public() name: string;
  @Field({ description: 'A stalking protection order (full or interim)' }) @Public() isSpo: boolean;
  @Field() @Public() isInterim: boolean;
  @Field(() => Int, { nullable: true, description: 'Shortest fixed period allowed, in months' })
  @Public()
  minFixedMonths: number | null;
  @Field() @Public() allowsUntilFurtherOrder: boolean;
  @Field({ description: 'The subject must notify the police after service' })
  @Public()
  requiresNotification: boolean;
  @Field(() => Int, {
    nullable: true,
    description: 'Notification within this many days, beginning with the day of service',
  })
  @Public()
  notificationDays: number | null;
  @Field(() => [String], {
    description: 'Replacing an order of these types creates no new notification duty',
  })
  @Public()
  noNewNotificationWhenReplacing: string[];
}

@ObjectType('ProtectedOrderDetail', {
  description: 'What a condition protects (D16: police and advocate only; read with a stated purpose)',
})
export class ProtectedOrderDetailModel {
  @Field(() => ProtectedDetailKindEnum, { nullable: true })
  @Cat('D16', { inheritPurpose: true })
  kind: string;
  @Field(() => String, { nullable: true }) @Cat('D16', { inheritPurpose: true }) detail: string;
}

@ObjectType('OrderCondition', {
  description: 'One condition: its served text (D15) and protected detail (D16)',
})
export class OrderConditionModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => Int, { nullable: true }) @Cat('D15') position: number;
  @Field(() => String, { nullable: true, description: 'The text the subject was served with' })
  @Cat('D15')
  servedText: string;
}

@ObjectType('Order', { description: 'A protective order or set of conditions (D15)' })
export class OrderModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID) @Public() caseId: string;
  @Field(() => String, { name: 'typeCode', nullable: true }) @Cat('D15') orderTypeCode: string;
  @Field(() => OrderStatusEnum, { nullable: true }) @Cat('D15') status: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @Cat('D15') appliedOn: string | null;
  @Field(() => String, { nullable: true, description: 'Day the order was made (YYYY-MM-DD)' })
  @Cat('D15')
  grantedOn: string | null;
  @Field(() => String, { nullable: true, description: 'Day of service (YYYY-MM-DD, London)' })
  @Cat('D15')
  servedOn: string | null;
  @Field(() => String, { nullable: true, description: 'Last day of a fixed period (YYYY-MM-DD)' })
  @Cat('D15')
  fixedEndOn: string | null;
  @Field(() => Boolean, { nullable: true }) @Cat('D15') untilFurtherOrder: boolean;
  @Field(() => String, { nullable: true, description: 'Day the order stopped having effect' })
  @Cat('D15')
  endedOn: string | null;
  @Field(() => ID, { nullable: true }) @Cat('D15') replacesOrderId: string | null;
  @Field(() => Boolean, { nullable: true }) @Cat('D15') inForce: boolean;
  @Field(() => String, {
    nullable: true,
    description: "Last day for the subject's notification (YYYY-MM-DD, London); null when no new duty",
  })
  @Cat('D15')
  notificationDueBy: string | null;
  @Field(() => String, { nullable: true }) @Cat('D15') notificationReceivedOn: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'The due day has passed (London) and no notification was received',
  })
  @Cat('D15')
  notificationMissed: boolean;
  @Field(() => Int, { nullable: true }) @Cat('D15') version: number;
  @Field(() => Date, { nullable: true }) @Cat('D15') createdAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D15') updatedAt: Date;
}
