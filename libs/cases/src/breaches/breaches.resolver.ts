import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { accessOf, type AccessView } from '@scp/platform-access';
import { Cat, Policy } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { requireUuid } from '../shared/validation.js';
import { CaseModel } from '../case/case.model.js';
import { CaseService, type CaseView } from '../case/case.service.js';
import { AgencyModel, UserModel } from '../directory/directory.model.js';
import { DirectoryService } from '../directory/directory.service.js';
import { VictimUpdatesService } from '../victim-updates/victim-updates.service.js';
import {
  BreachApproverModel,
  BreachModel,
  BreachOutcomeModel,
  BreachPatternModel,
} from './breaches.model.js';
import { RecordBreachInput, RecordBreachOutcomeInput } from './breaches.inputs.js';
import { BreachesService, type BreachView } from './breaches.service.js';

const viewOf = (parent: object): AccessView => {
  const view = accessOf(parent);
  if (!view) throw new Error('object without an access view reached a resolver');
  return view;
};

@Resolver(() => CaseModel)
export class CaseBreachesResolver {
  constructor(private readonly service: BreachesService) {}

  @ResolveField(() => BreachPatternModel, {
    nullable: true,
    description: 'Breaches in time order, with counts per type (D17)',
  })
  @Cat('D17')
  async breaches(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.service.patternOf(ctx, parent, viewOf(parent));
  }

  @ResolveField(() => Boolean, {
    nullable: true,
    description: 'A breach with police action asked for an urgent risk review that has not been cleared',
  })
  @Cat('D1')
  async urgentReviewRequested(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return (await this.service.urgentReviewRequestedAt(ctx, parent.id)) !== null;
  }

  @ResolveField(() => Date, { nullable: true })
  @Cat('D1')
  async urgentReviewRequestedAt(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.service.urgentReviewRequestedAt(ctx, parent.id);
  }
}

@Resolver(() => BreachModel)
export class BreachResolver {
  constructor(
    private readonly updates: VictimUpdatesService,
    private readonly directory: DirectoryService,
  ) {}

  @ResolveField(() => [BreachOutcomeModel], { nullable: true, description: 'Police action taken, in order' })
  @Cat('D17')
  async outcomes(@Parent() parent: BreachView, @Context() ctx: CasesContext) {
    return this.updates.eventsOfBreach(ctx, viewOf(parent), parent.id);
  }

  @ResolveField(() => UserModel, { nullable: true, description: 'The supervisor who approved the reason' })
  @Cat('D17')
  async reasonApprovedBy(@Parent() parent: BreachView, @Context() ctx: CasesContext) {
    if (!parent.reasonApprovedByUserId) return null;
    const row = await ctx.loaders.users.load(parent.reasonApprovedByUserId);
    return row ? this.directory.withDirView(ctx, 'User', row) : null;
  }

  @ResolveField(() => UserModel, { nullable: true })
  @Cat('D17')
  async recordedBy(@Parent() parent: BreachView, @Context() ctx: CasesContext) {
    const row = await ctx.loaders.users.load(parent.recordedByUserId);
    return row ? this.directory.withDirView(ctx, 'User', row) : null;
  }

  @ResolveField(() => AgencyModel, { nullable: true })
  @Cat('D17')
  async recordedByAgency(@Parent() parent: BreachView, @Context() ctx: CasesContext) {
    const row = await ctx.loaders.agencies.load(parent.recordedByAgencyId);
    return row ? this.directory.withDirView(ctx, 'Agency', row) : null;
  }
}

@Resolver()
export class BreachOperations {
  constructor(
    private readonly service: BreachesService,
    private readonly cases: CaseService,
  ) {}

  @Query(() => [BreachApproverModel], {
    description:
      'Officers of your force on the case you may name as approving why a breach was not recorded as a crime (police who may record breaches on it)',
  })
  @Policy('case:update D17: names of the caller’s own force’s officers on the case only')
  async breachApprovers(@Context() ctx: CasesContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return this.service.approversFor(ctx, requireUuid(caseId, 'caseId'));
  }

  @Mutation(() => BreachModel, {
    description: 'Records a breach: a crime reference, or a supervisor-approved reason why none (police)',
  })
  @Policy('case:update D17 (D22 and D1 for what its police action sets off)')
  async recordBreach(@Context() ctx: CasesContext, @Args('input') input: RecordBreachInput) {
    return this.service.recordBreach(ctx, input);
  }

  @Mutation(() => BreachModel, {
    description: 'Records police action on a breach (arrest, interview, bail…)',
  })
  @Policy('case:update D17 (D22 and D1 for what the action sets off)')
  async recordBreachOutcome(@Context() ctx: CasesContext, @Args('input') input: RecordBreachOutcomeInput) {
    return this.service.recordBreachOutcome(ctx, input);
  }

  @Mutation(() => CaseModel, {
    description: 'Clears the urgent-review flag once the clinic has reviewed the case',
  })
  @Policy('case:update D1')
  async clearUrgentReview(@Context() ctx: CasesContext, @Args('caseId', { type: () => ID }) caseId: string) {
    const row = await this.service.clearUrgentReview(ctx, requireUuid(caseId, 'caseId'));
    return this.cases.getCase(ctx, row.id);
  }
}
