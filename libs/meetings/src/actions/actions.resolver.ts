import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Cat, Policy } from '@scp/platform-graphql';
import { caseRef } from '../shared/case-ref.resolver.js';
import { CaseRefModel } from '../shared/case-ref.model.js';
import type { MeetingsContext } from '../shared/context.js';
import { ActionListViewEnum } from '../shared/enums.js';
import { ActionModel } from './actions.model.js';
import { ChangeActionStatusInput, CreateActionInput, ReassignActionInput } from './actions.inputs.js';
import { ActionsService, type ActionListView } from './actions.service.js';

@Resolver(() => ActionModel)
export class ActionsResolver {
  constructor(private readonly service: ActionsService) {}

  @ResolveField(() => CaseRefModel, {
    name: 'case',
    nullable: true,
    description: 'The case, resolved by the cases service as you may see it (its reference, for lists)',
  })
  @Cat('D18')
  caseOf(@Parent() action: ActionModel, @Context() ctx: MeetingsContext) {
    return action.caseId ? caseRef(ctx, action.caseId) : null;
  }

  @Query(() => [ActionModel], { description: "Your agency's actions (open, overdue, due this week, or all)" })
  @Policy('action:D18-scope')
  myAgencyActions(
    @Context() ctx: MeetingsContext,
    @Args('view', { type: () => ActionListViewEnum, nullable: true, defaultValue: 'OPEN' })
    view: ActionListView,
  ) {
    return this.service.myAgencyActions(ctx, view);
  }

  @Query(() => [ActionModel], { description: "A clinic's actions, for its chair and coordinator" })
  @Policy('action:clinic-officer')
  clinicActions(
    @Context() ctx: MeetingsContext,
    @Args('clinicId', { type: () => ID }) clinicId: string,
    @Args('view', { type: () => ActionListViewEnum, nullable: true, defaultValue: 'OPEN' })
    view: ActionListView,
  ) {
    return this.service.clinicActions(ctx, clinicId, view);
  }

  @Query(() => ActionModel)
  @Policy('action:D18-scope')
  agreedAction(@Context() ctx: MeetingsContext, @Args('id', { type: () => ID }) id: string) {
    return this.service.action(ctx, id);
  }

  @Mutation(() => ActionModel)
  @Policy('action:chair')
  createAction(@Context() ctx: MeetingsContext, @Args('input') input: CreateActionInput) {
    return this.service.create(ctx, input);
  }

  @Mutation(() => ActionModel, {
    description: 'Start, complete, not complete (owner agency or chair with reason), cancel (chair)',
  })
  @Policy('action:transition')
  changeActionStatus(@Context() ctx: MeetingsContext, @Args('input') input: ChangeActionStatusInput) {
    return this.service.changeStatus(ctx, input);
  }

  @Mutation(() => ActionModel)
  @Policy('action:chair')
  reassignAction(@Context() ctx: MeetingsContext, @Args('input') input: ReassignActionInput) {
    return this.service.reassign(ctx, input);
  }
}
