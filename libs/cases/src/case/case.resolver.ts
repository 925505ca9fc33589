import {
  Args,
  Context,
  ID,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  ResolveReference,
  Resolver,
} from '@nestjs/graphql';
import { accessOf, withAccess, type AccessView } from '@scp/platform-access';
import { Cat, optionalPurpose, Policy, PurposeReasonEnum } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { requireUuid } from '../shared/validation.js';
import { AgencyModel, ClinicModel, UserModel } from '../directory/directory.model.js';
import { DirectoryService } from '../directory/directory.service.js';
import { PeopleService } from '../people/people.service.js';
import { ProtectedPersonModel, SubjectModel } from '../people/people.model.js';
import { CaseConnection, CaseModel, ParticipantModel } from './case.model.js';
import {
  AddParticipantInput,
  CaseFilter,
  CaseOrderBy,
  CreateCaseInput,
  EndParticipationInput,
  pageSize,
  UpdateCaseHeaderInput,
} from './case.inputs.js';
import { CaseService, type CaseView } from './case.service.js';

const viewOf = (parent: object): AccessView => {
  const view = accessOf(parent);
  if (!view) throw new Error('object without an access view reached a resolver');
  return view;
};

@Resolver(() => CaseModel)
export class CaseResolver {
  constructor(
    private readonly caseService: CaseService,
    private readonly people: PeopleService,
    private readonly directory: DirectoryService,
  ) {}

  @Query(() => CaseModel, { description: 'One case; NOT_FOUND when it does not exist or you may not see it' })
  @Policy('case:read (row rule + per-field categories)')
  async case(@Context() ctx: CasesContext, @Args('id', { type: () => ID }) id: string): Promise<CaseView> {
    return this.caseService.getCase(ctx, requireUuid(id, 'id'));
  }

  @Query(() => CaseConnection, { description: 'Cases you may see, newest first, by keyset pagination' })
  @Policy('case:list (SQL scope from the same rules; filters and sorts checked per category)')
  async cases(
    @Context() ctx: CasesContext,
    @Args('filter', { type: () => CaseFilter, nullable: true }) filter?: CaseFilter,
    @Args('orderBy', { type: () => CaseOrderBy, nullable: true }) orderBy?: CaseOrderBy,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('reason', {
      type: () => PurposeReasonEnum,
      nullable: true,
      description: 'Required when searching on D12',
    })
    reason?: string,
    @Args('purpose', { type: () => String, nullable: true, description: 'Required when searching on D12' })
    purpose?: string,
  ) {
    return this.caseService.listCases(
      ctx,
      filter ?? {},
      orderBy,
      pageSize(first),
      after ?? undefined,
      optionalPurpose(reason, purpose),
    );
  }

  @Query(() => Int, { description: 'How many cases you may see match the filter' })
  @Policy('case:list (same scope and filter checks as cases)')
  async casesCount(
    @Context() ctx: CasesContext,
    @Args('filter', { type: () => CaseFilter, nullable: true }) filter?: CaseFilter,
    @Args('reason', { type: () => PurposeReasonEnum, nullable: true }) reason?: string,
    @Args('purpose', { type: () => String, nullable: true }) purpose?: string,
  ): Promise<number> {
    return this.caseService.countCases(ctx, filter ?? {}, optionalPurpose(reason, purpose));
  }

  @Mutation(() => CaseModel)
  @Policy('case:create (chair or coordinator of the clinic)')
  async createCase(@Context() ctx: CasesContext, @Args('input') input: CreateCaseInput): Promise<CaseView> {
    return this.caseService.createCase(ctx, input);
  }

  @Mutation(() => CaseModel)
  @Policy('case:update D1')
  async updateCaseHeader(
    @Context() ctx: CasesContext,
    @Args('input') input: UpdateCaseHeaderInput,
  ): Promise<CaseView> {
    return this.caseService.updateHeader(ctx, input);
  }

  @Mutation(() => CaseModel)
  @Policy('case:share (chair or coordinator)')
  async addParticipant(
    @Context() ctx: CasesContext,
    @Args('input') input: AddParticipantInput,
  ): Promise<CaseView> {
    return this.caseService.addParticipant(ctx, input);
  }

  @Mutation(() => CaseModel, {
    nullable: true,
    description: 'Null when your own agency left and can no longer see the case',
  })
  @Policy('case:share (chair or coordinator)')
  async endParticipation(
    @Context() ctx: CasesContext,
    @Args('input') input: EndParticipationInput,
  ): Promise<CaseView | null> {
    return this.caseService.endParticipation(ctx, input);
  }

  @ResolveReference()
  async resolveReference(
    ref: { __typename: string; id: string },
    ctx: CasesContext,
  ): Promise<CaseView | null> {
    if (typeof ref.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(ref.id)) return null;
    return this.caseService.getForReference(ctx, ref.id);
  }

  @ResolveField(() => ClinicModel, { nullable: true })
  @Cat('D1')
  async clinic(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    const row = await ctx.loaders.clinics.load(parent.clinicId);
    return row ? this.directory.withDirView(ctx, 'Clinic', row) : null;
  }

  @ResolveField(() => AgencyModel, { nullable: true })
  @Cat('D1')
  async leadAgency(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    const row = await ctx.loaders.agencies.load(parent.leadAgencyId);
    return row ? this.directory.withDirView(ctx, 'Agency', row) : null;
  }

  @ResolveField(() => UserModel, { nullable: true })
  @Cat('D1')
  async owner(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    if (!parent.ownerUserId) return null;
    const row = await ctx.loaders.users.load(parent.ownerUserId);
    return row ? this.directory.withDirView(ctx, 'User', row) : null;
  }

  @ResolveField(() => [ParticipantModel], { nullable: true, description: 'Current and past participants' })
  @Cat('D1')
  async participants(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    const view = viewOf(parent);
    return (await ctx.loaders.participants.load(parent.id)).map((p) => withAccess({ ...p }, view));
  }

  @ResolveField(() => SubjectModel, { nullable: true })
  @Cat('D2')
  async subject(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return (await this.people.personsOf(ctx, viewOf(parent), parent.id, ['SUBJECT']))[0] ?? null;
  }

  @ResolveField(() => [ProtectedPersonModel], { nullable: true })
  @Cat('D11:limited')
  async victims(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.people.personsOf(ctx, viewOf(parent), parent.id, ['VICTIM']);
  }

  @ResolveField(() => [ProtectedPersonModel], { nullable: true, description: 'People targeted by proxy' })
  @Cat('D11:limited')
  async thirdParties(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.people.personsOf(ctx, viewOf(parent), parent.id, ['THIRD_PARTY']);
  }
}

@Resolver(() => ParticipantModel)
export class ParticipantResolver {
  constructor(private readonly directory: DirectoryService) {}

  @ResolveField(() => AgencyModel, { nullable: true })
  @Cat('D1')
  async agency(@Parent() parent: { agencyId: string }, @Context() ctx: CasesContext) {
    const row = await ctx.loaders.agencies.load(parent.agencyId);
    return row ? this.directory.withDirView(ctx, 'Agency', row) : null;
  }
}
