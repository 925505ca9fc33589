import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Policy } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { BreachApprovalTaskModel, BreachModel } from './breaches.model.js';
import { DecideBreachApprovalInput, RecordBreachCrimeReferenceInput } from './breach-approval.inputs.js';
import { BreachApprovalService } from './breach-approval.service.js';

@Resolver()
export class BreachApprovalOperations {
  constructor(private readonly service: BreachApprovalService) {}

  @Query(() => [BreachApprovalTaskModel], {
    description:
      'Breaches whose reason for no crime record waits for your decision (you were named to approve it)',
  })
  @Policy('case:read D17: the caller’s own pending decisions, on cases they may still see')
  async myBreachApprovals(@Context() ctx: CasesContext) {
    return this.service.pendingFor(ctx);
  }

  @Mutation(() => BreachModel, {
    description: 'Approves or rejects why a breach was not recorded as a crime (the named officer only)',
  })
  @Policy('case:update D17: the officer named to approve the reason only')
  async decideBreachApproval(@Context() ctx: CasesContext, @Args('input') input: DecideBreachApprovalInput) {
    return this.service.decide(ctx, input);
  }

  @Mutation(() => BreachModel, {
    description: 'Records the crime reference of a breach recorded without one',
  })
  @Policy('case:update D17')
  async recordBreachCrimeReference(
    @Context() ctx: CasesContext,
    @Args('input') input: RecordBreachCrimeReferenceInput,
  ) {
    return this.service.recordCrimeReference(ctx, input);
  }
}
