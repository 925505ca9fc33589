import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { accessOf, type AccessView } from '@scp/platform-access';
import { Cat, Policy } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { AgencyModel } from '../directory/directory.model.js';
import { DirectoryService } from '../directory/directory.service.js';
import { CaseModel } from '../case/case.model.js';
import { CaseService, type CaseView } from '../case/case.service.js';
import {
  ClosureModel,
  ClosureVictimViewModel,
  EscalationModel,
  RepeatOpeningModel,
} from './lifecycle.model.js';
import {
  CloseCaseInput,
  EscalateCaseInput,
  RecordClosureVictimViewInput,
  ReopenCaseAsRepeatInput,
} from './lifecycle.inputs.js';
import { EscalationService } from './escalation.service.js';
import { ClosureService } from './closure.service.js';
import { ReopeningService } from './reopening.service.js';

const viewOf = (parent: object): AccessView => {
  const view = accessOf(parent);
  if (!view) throw new Error('object without an access view reached a resolver');
  return view;
};

@Resolver(() => CaseModel)
export class CaseLifecycleResolver {
  constructor(
    private readonly cases: CaseService,
    private readonly escalationService: EscalationService,
    private readonly closureService: ClosureService,
    private readonly reopening: ReopeningService,
  ) {}

  @Mutation(() => CaseModel, {
    description: 'Escalates the case to MAPPA or MARAC; the case becomes ESCALATED',
  })
  @Policy('case:update D1, by the clinic chair or a police SPOC of a participating agency')
  async escalateCase(
    @Context() ctx: CasesContext,
    @Args('input') input: EscalateCaseInput,
  ): Promise<CaseView> {
    return this.cases.getCase(ctx, await this.escalationService.escalate(ctx, input));
  }

  @Mutation(() => ClosureVictimViewModel, {
    description:
      "Records the victim's view of closure (or why they could not be contacted), through the advocate",
  })
  @Policy('case:update D13 (victim advocate)')
  async recordClosureVictimView(
    @Context() ctx: CasesContext,
    @Args('input') input: RecordClosureVictimViewInput,
  ) {
    return this.closureService.recordVictimView(ctx, input);
  }

  @Mutation(() => CaseModel, { description: 'Closes the case (chair of its clinic only)' })
  @Policy('case:update D1, by the chair of the case clinic; open actions overridden one by one')
  async closeCase(@Context() ctx: CasesContext, @Args('input') input: CloseCaseInput): Promise<CaseView> {
    return this.cases.getCase(ctx, await this.closureService.close(ctx, input));
  }

  @Mutation(() => CaseModel, {
    description: 'Opens a new case as a repeat of one closed less than 12 months ago; returns the new case',
  })
  @Policy('case:create (chair or coordinator of the clinic), from a closed case they may see')
  async reopenCaseAsRepeat(
    @Context() ctx: CasesContext,
    @Args('input') input: ReopenCaseAsRepeatInput,
  ): Promise<CaseView> {
    return this.cases.getCase(ctx, await this.reopening.reopen(ctx, input));
  }

  @ResolveField(() => [EscalationModel], {
    nullable: true,
    description: 'Escalations to MAPPA or MARAC, newest first',
  })
  @Cat('D1')
  async escalations(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.escalationService.escalationsOf(ctx, viewOf(parent), parent.id);
  }

  @ResolveField(() => ClosureModel, { nullable: true, description: 'The closure, once the case is closed' })
  @Cat('D1')
  async closure(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.closureService.closureOf(ctx, viewOf(parent), parent.id);
  }

  @ResolveField(() => RepeatOpeningModel, {
    nullable: true,
    description: 'Set when this case was opened as a repeat of a closed one',
  })
  @Cat('D1')
  async repeatOpening(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.reopening.repeatOpeningOf(ctx, viewOf(parent), parent.id);
  }

  @ResolveField(() => CaseModel, {
    nullable: true,
    description: 'The repeat this closed case was reopened as (null if none, or if you may not see it)',
  })
  @Cat('D1')
  async reopenedAs(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    const id = await this.reopening.reopenedAsOf(ctx, parent.id);
    return id ? this.cases.getForReference(ctx, id) : null;
  }
}

@Resolver(() => RepeatOpeningModel)
export class RepeatOpeningResolver {
  constructor(private readonly cases: CaseService) {}

  @ResolveField(() => CaseModel, {
    nullable: true,
    description: 'The closed case (null if you may not see it)',
  })
  @Cat('D1')
  async repeatOf(@Parent() parent: { repeatOfCaseId: string }, @Context() ctx: CasesContext) {
    return this.cases.getForReference(ctx, parent.repeatOfCaseId);
  }
}

@Resolver(() => EscalationModel)
export class EscalationResolver {
  constructor(private readonly directory: DirectoryService) {}

  @ResolveField(() => AgencyModel, { nullable: true, description: 'The agency that escalated' })
  @Cat('D1')
  async escalatedByAgency(@Parent() parent: { escalatedByAgencyId: string }, @Context() ctx: CasesContext) {
    const row = await ctx.loaders.agencies.load(parent.escalatedByAgencyId);
    return row ? this.directory.withDirView(ctx, 'Agency', row) : null;
  }
}

@Resolver(() => ClosureModel)
export class ClosureResolver {
  constructor(private readonly directory: DirectoryService) {}

  @ResolveField(() => AgencyModel, { nullable: true, description: "The chair's agency" })
  @Cat('D1')
  async closedByAgency(@Parent() parent: { closedByAgencyId: string }, @Context() ctx: CasesContext) {
    const row = await ctx.loaders.agencies.load(parent.closedByAgencyId);
    return row ? this.directory.withDirView(ctx, 'Agency', row) : null;
  }
}
