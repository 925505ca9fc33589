import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { accessOf, withAccess, type AccessView } from '@scp/platform-access';
import { Cat, Policy } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { requireUuid } from '../shared/validation.js';
import { CaseModel } from '../case/case.model.js';
import { pageSize } from '../case/case.inputs.js';
import { CaseService, type CaseView } from '../case/case.service.js';
import { AgencyModel, UserModel } from '../directory/directory.model.js';
import { DirectoryService } from '../directory/directory.service.js';
import { ProtectedPersonModel } from '../people/people.model.js';
import { RecordedModel } from '../people/people.resolver.js';
import { toAgeBandValue } from '../shared/enums.js';
import type { CriminalJusticeEventEntity } from './victim-updates.entities.js';
import {
  CriminalJusticeEventModel,
  EntitlementEnum,
  VictimUpdateConnection,
  VictimUpdateModel,
} from './victim-updates.model.js';
import {
  RecordCriminalJusticeEventInput,
  RecordVictimUpdateDeliveredInput,
  SetVictimCodeEntitlementInput,
} from './victim-updates.inputs.js';
import { VictimUpdatesService, type VictimUpdateView } from './victim-updates.service.js';

const viewOf = (parent: object): AccessView => {
  const view = accessOf(parent);
  if (!view) throw new Error('object without an access view reached a resolver');
  return view;
};

@Resolver(() => CaseModel)
export class CaseVictimUpdatesResolver {
  constructor(private readonly updates: VictimUpdatesService) {}

  @ResolveField(() => [VictimUpdateModel], {
    nullable: true,
    description: "Victims' Code update obligations, latest event first (D22)",
  })
  @Cat('D22')
  async victimUpdates(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.updates.victimUpdatesOf(ctx, parent);
  }

  @ResolveField(() => [CriminalJusticeEventModel], {
    nullable: true,
    description: 'Arrests, interviews, releases, bail and other criminal-justice steps, oldest first (D5)',
  })
  @Cat('D5')
  async criminalJusticeEvents(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.updates.eventsOf(ctx, parent);
  }
}

@Resolver(() => VictimUpdateModel)
export class VictimUpdateResolver {
  constructor(
    private readonly cases: CaseService,
    private readonly directory: DirectoryService,
  ) {}

  @ResolveField(() => CaseModel, { nullable: true })
  @Cat('D22')
  async case(@Parent() parent: VictimUpdateView, @Context() ctx: CasesContext) {
    return this.cases.present(ctx, await ctx.loaders.cases.load(parent.caseId));
  }

  @ResolveField(() => ProtectedPersonModel, { nullable: true, description: 'The victim to tell' })
  @Cat('D22')
  async victim(@Parent() parent: VictimUpdateView, @Context() ctx: CasesContext) {
    const person = (await ctx.loaders.persons.load(parent.caseId)).find((p) => p.id === parent.personId);
    // The person carries the case's view: their own fields are checked per category (D11, D12…).
    return person ? withAccess({ ...person, ageBand: toAgeBandValue(person.ageBand) }, viewOf(parent)) : null;
  }

  @ResolveField(() => UserModel, { nullable: true })
  @Cat('D22')
  async deliveredBy(@Parent() parent: VictimUpdateView, @Context() ctx: CasesContext) {
    if (!parent.deliveredByUserId) return null;
    const row = await ctx.loaders.users.load(parent.deliveredByUserId);
    return row ? this.directory.withDirView(ctx, 'User', row) : null;
  }

  @ResolveField(() => AgencyModel, { nullable: true })
  @Cat('D22')
  async deliveredByAgency(@Parent() parent: VictimUpdateView, @Context() ctx: CasesContext) {
    if (!parent.deliveredByAgencyId) return null;
    const row = await ctx.loaders.agencies.load(parent.deliveredByAgencyId);
    return row ? this.directory.withDirView(ctx, 'Agency', row) : null;
  }
}

@Resolver(() => CriminalJusticeEventModel)
export class CriminalJusticeEventResolver {
  constructor(private readonly updates: VictimUpdatesService) {}

  @ResolveField(() => [VictimUpdateModel], {
    nullable: true,
    description: 'The obligations it created (D22)',
  })
  @Cat('D22')
  async victimUpdates(@Parent() parent: CriminalJusticeEventEntity, @Context() ctx: CasesContext) {
    return this.updates.victimUpdatesOfEvent(ctx, parent);
  }
}

@Resolver(() => ProtectedPersonModel)
export class VictimEntitlementResolver {
  constructor(private readonly updates: VictimUpdatesService) {}

  @ResolveField(() => EntitlementEnum, {
    nullable: true,
    description: "Victims' Code entitlement (victims only; ENHANCED unless recorded otherwise)",
  })
  @Cat('D22')
  async victimCodeEntitlement(@Parent() parent: { id: string }, @Context() ctx: CasesContext) {
    return this.updates.entitlementOf(ctx, parent.id);
  }
}

@Resolver()
export class VictimUpdateOperations {
  constructor(private readonly updates: VictimUpdatesService) {}

  @Query(() => VictimUpdateConnection, {
    description: 'Victim updates not yet delivered on the cases you may see, soonest deadline first',
  })
  @Policy('victim-update:list D22 (SQL scope from the same rules: police and advocate participants, chair)')
  async victimUpdatesDue(
    @Context() ctx: CasesContext,
    @Args('clinicId', { type: () => ID, nullable: true }) clinicId?: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    return this.updates.list(
      ctx,
      { clinicId: clinicId ? requireUuid(clinicId, 'clinicId') : undefined, overdueOnly: false },
      pageSize(first),
      after ?? undefined,
    );
  }

  @Query(() => VictimUpdateConnection, {
    description: 'Victim updates past their deadline and not delivered',
  })
  @Policy('victim-update:list D22 (same scope as victimUpdatesDue)')
  async victimUpdatesOverdue(
    @Context() ctx: CasesContext,
    @Args('clinicId', { type: () => ID, nullable: true }) clinicId?: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    return this.updates.list(
      ctx,
      { clinicId: clinicId ? requireUuid(clinicId, 'clinicId') : undefined, overdueOnly: true },
      pageSize(first),
      after ?? undefined,
    );
  }

  @Mutation(() => CriminalJusticeEventModel, {
    description:
      'Records an arrest, interview, release, bail or bail change (police); creates victim updates',
  })
  @Policy('case:update D5 (and D22 for the obligations it creates)')
  async recordCriminalJusticeEvent(
    @Context() ctx: CasesContext,
    @Args('input') input: RecordCriminalJusticeEventInput,
  ) {
    return this.updates.recordCriminalJusticeEvent(ctx, input);
  }

  @Mutation(() => VictimUpdateModel, { description: 'Records that the victim was told: when, how and what' })
  @Policy('case:update D22 (police or advocate)')
  async recordVictimUpdateDelivered(
    @Context() ctx: CasesContext,
    @Args('input') input: RecordVictimUpdateDeliveredInput,
  ) {
    return this.updates.recordDelivered(ctx, input);
  }

  @Mutation(() => RecordedModel)
  @Policy('case:update D22 (police or advocate)')
  async setVictimCodeEntitlement(
    @Context() ctx: CasesContext,
    @Args('input') input: SetVictimCodeEntitlementInput,
  ) {
    return this.updates.setEntitlement(ctx, input);
  }
}
