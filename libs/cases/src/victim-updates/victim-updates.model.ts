import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { PageInfo } from '../case/case.model.js';
import { CJ_EVENT_TYPES, DELIVERY_METHODS, ENTITLEMENTS } from './victim-update-rules.js';

const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const CjEventTypeEnum = asEnum(CJ_EVENT_TYPES);
export const EntitlementEnum = asEnum(ENTITLEMENTS);
export const DeliveryMethodEnum = asEnum(DELIVERY_METHODS);
registerEnumType(CjEventTypeEnum, {
  name: 'CriminalJusticeEventType',
  description: 'Police action or criminal-justice step (also the outcome of a breach)',
});
registerEnumType(EntitlementEnum, {
  name: 'VictimCodeEntitlement',
  description: "Victims' Code: ENHANCED (told within 1 working day) or STANDARD (5)",
});
registerEnumType(DeliveryMethodEnum, { name: 'VictimUpdateMethod' });

/** One victim's right to be told of one event, and how it was met (D22). */
@ObjectType('VictimUpdate')
export class VictimUpdateModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID) @Public() caseId: string;
  @Field(() => CjEventTypeEnum, { nullable: true, description: 'What happened that the victim must be told' })
  @Cat('D22')
  trigger: string;
  @Field(() => Date, { nullable: true }) @Cat('D22') eventAt: Date;
  @Field(() => ID, { nullable: true, description: 'The breach the event followed, if any' })
  @Cat('D22')
  breachId: string | null;
  @Field(() => EntitlementEnum, { nullable: true }) @Cat('D22') entitlement: string;
  @Field(() => Int, { nullable: true }) @Cat('D22') workingDays: number;
  @Field(() => Date, {
    nullable: true,
    description: 'End (23:59:59.999 London) of the last working day to tell the victim',
  })
  @Cat('D22')
  dueBy: Date;
  @Field(() => Boolean, { nullable: true, description: 'Past its deadline and not delivered' })
  @Cat('D22')
  overdue: boolean;
  @Field(() => Date, { nullable: true }) @Cat('D22') deliveredAt: Date | null;
  @Field(() => Boolean, { nullable: true }) @Cat('D22') deliveredOnTime: boolean | null;
  @Field(() => DeliveryMethodEnum, { nullable: true }) @Cat('D22') method: string | null;
  @Field(() => String, { nullable: true, description: 'What the victim was told' })
  @Cat('D22')
  content: string | null;
  @Field(() => Int, { nullable: true }) @Cat('D22') version: number;
}

@ObjectType('CriminalJusticeEvent', { description: 'A police action or criminal-justice step (D5)' })
export class CriminalJusticeEventModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => CjEventTypeEnum, { nullable: true }) @Cat('D5') type: string;
  @Field(() => Date, { nullable: true }) @Cat('D5') occurredAt: Date;
  @Field(() => ID, { nullable: true }) @Cat('D5') breachId: string | null;
}

@ObjectType('VictimUpdateEdge')
export class VictimUpdateEdge {
  @Field() @Public() cursor: string;
  @Field(() => VictimUpdateModel) @Public() node: VictimUpdateModel;
}

@ObjectType('VictimUpdateConnection')
export class VictimUpdateConnection {
  @Field(() => [VictimUpdateEdge]) @Public() edges: VictimUpdateEdge[];
  @Field(() => PageInfo) @Public() pageInfo: PageInfo;
}
