import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { accessOf, type AccessView } from '@scp/platform-access';
import { Cat, Policy, PurposeReasonEnum, requirePurpose } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { CaseModel } from '../case/case.model.js';
import type { CaseView } from '../case/case.service.js';
import type { OrderConditionEntity } from './orders.entities.js';
import {
  OrderConditionModel,
  OrderModel,
  OrderTypeModel,
  ProtectedOrderDetailModel,
} from './orders.model.js';
import {
  AddOrderConditionInput,
  RecordOrderInput,
  RecordOrderNotificationInput,
  UpdateOrderInput,
} from './orders.inputs.js';
import { OrdersService, type OrderView } from './orders.service.js';

const viewOf = (parent: object): AccessView => {
  const view = accessOf(parent);
  if (!view) throw new Error('object without an access view reached a resolver');
  return view;
};

@Resolver(() => CaseModel)
export class CaseOrdersResolver {
  constructor(private readonly service: OrdersService) {}

  @ResolveField(() => [OrderModel], {
    nullable: true,
    description: 'Orders and conditions, oldest first (D15)',
  })
  @Cat('D15')
  async orders(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.service.ordersOf(ctx, parent);
  }
}

@Resolver(() => OrderModel)
export class OrderResolver {
  constructor(private readonly service: OrdersService) {}

  @ResolveField(() => OrderTypeModel, { nullable: true })
  @Cat('D15')
  async type(@Parent() parent: OrderView, @Context() ctx: CasesContext) {
    return this.service.typeOf(ctx, parent.orderTypeCode);
  }

  @ResolveField(() => [OrderConditionModel], { nullable: true })
  @Cat('D15')
  async conditions(@Parent() parent: OrderView, @Context() ctx: CasesContext) {
    return this.service.conditionsOf(ctx, viewOf(parent), parent.id);
  }
}

@Resolver(() => OrderConditionModel)
export class OrderConditionResolver {
  constructor(private readonly service: OrdersService) {}

  @ResolveField(() => ProtectedOrderDetailModel, {
    nullable: true,
    description: 'D16: what the condition protects; state why you need it',
  })
  @Cat('D16', { purpose: true })
  protectedDetail(
    @Parent() parent: OrderConditionEntity,
    @Args('reason', { type: () => PurposeReasonEnum, description: 'Why you need it, from the list' })
    reason: string,
    @Args('purpose', {
      type: () => String,
      description: 'Why you need it, in a sentence (written to the audit log)',
    })
    purpose: string,
  ) {
    return this.service.protectedDetailOf(viewOf(parent), parent, requirePurpose(reason, purpose));
  }
}

@Resolver()
export class OrderOperations {
  constructor(private readonly service: OrdersService) {}

  @Query(() => [OrderTypeModel], { description: 'Order types and their rules (configuration)' })
  @Policy('configuration, no case content: any signed-in user')
  async orderTypes() {
    return this.service.orderTypes();
  }

  @Mutation(() => OrderModel, { description: 'Records an application, an order or conditions (police)' })
  @Policy('case:update D15 (and D16 when a condition carries protected detail)')
  async recordOrder(@Context() ctx: CasesContext, @Args('input') input: RecordOrderInput) {
    return this.service.recordOrder(ctx, input);
  }

  @Mutation(() => OrderModel, {
    description: 'Status, dates, service; creates the notification duty on service',
  })
  @Policy('case:update D15')
  async updateOrder(@Context() ctx: CasesContext, @Args('input') input: UpdateOrderInput) {
    return this.service.updateOrder(ctx, input);
  }

  @Mutation(() => OrderModel, { description: "Records the subject's notification to the police" })
  @Policy('case:update D15')
  async recordOrderNotification(
    @Context() ctx: CasesContext,
    @Args('input') input: RecordOrderNotificationInput,
  ) {
    return this.service.recordNotification(ctx, input);
  }

  @Mutation(() => OrderModel, { description: 'Adds a condition (e.g. on variation)' })
  @Policy('case:update D15 (and D16 with protected detail)')
  async addOrderCondition(@Context() ctx: CasesContext, @Args('input') input: AddOrderConditionInput) {
    return this.service.addCondition(ctx, input);
  }
}
