import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Cat, Policy, Public } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { requireUuid } from '../shared/validation.js';
import { DirectoryService } from './directory.service.js';
import {
  AgencyModel,
  ClinicMemberModel,
  ClinicModel,
  MeModel,
  UserConnection,
  UserModel,
} from './directory.model.js';
import {
  CreateAgencyInput,
  CreateClinicInput,
  CreateUserInput,
  SetClinicMemberInput,
  UpdateAgencyInput,
  UpdateUserInput,
} from './directory.inputs.js';
import { pageSize } from '../case/case.inputs.js';

@Resolver()
export class DirectoryResolver {
  constructor(private readonly directory: DirectoryService) {}

  @Query(() => MeModel)
  @Policy('self')
  async me(@Context() ctx: CasesContext) {
    const me = await this.directory.me(ctx);
    return {
      ...me,
      agency: await this.directory.withDirView(ctx, 'Agency', me.agency),
      clinics: await Promise.all(me.clinics.map((c) => this.directory.withDirView(ctx, 'Clinic', c))),
    };
  }

  @Query(() => [AgencyModel])
  @Policy('any signed-in user: organisational facts only')
  async agencies(@Context() ctx: CasesContext) {
    return Promise.all(
      (await this.directory.agencies()).map((a) => this.directory.withDirView(ctx, 'Agency', a)),
    );
  }

  @Query(() => [ClinicModel])
  @Policy('any signed-in user: organisational facts only (members need DIR)')
  async clinics(@Context() ctx: CasesContext) {
    return Promise.all(
      (await this.directory.clinics()).map((c) => this.directory.withDirView(ctx, 'Clinic', c)),
    );
  }

  @Query(() => UserConnection)
  @Policy('DIR read (coordinator, auditor, admin)')
  async users(
    @Context() ctx: CasesContext,
    @Args('agencyId', { type: () => ID, nullable: true }) agencyId?: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    return this.directory.users(
      ctx,
      agencyId ? requireUuid(agencyId, 'agencyId') : undefined,
      pageSize(first),
      after ?? undefined,
    );
  }

  @Mutation(() => AgencyModel)
  @Policy('DIR manage (system admin)')
  async createAgency(@Context() ctx: CasesContext, @Args('input') input: CreateAgencyInput) {
    return this.directory.withDirView(ctx, 'Agency', await this.directory.createAgency(ctx, input));
  }

  @Mutation(() => AgencyModel)
  @Policy('DIR manage (system admin)')
  async updateAgency(@Context() ctx: CasesContext, @Args('input') input: UpdateAgencyInput) {
    return this.directory.withDirView(ctx, 'Agency', await this.directory.updateAgency(ctx, input));
  }

  @Mutation(() => ClinicModel)
  @Policy('DIR manage (system admin)')
  async createClinic(@Context() ctx: CasesContext, @Args('input') input: CreateClinicInput) {
    return this.directory.withDirView(ctx, 'Clinic', await this.directory.createClinic(ctx, input));
  }

  @Mutation(() => ClinicModel)
  @Policy('DIR manage (system admin)')
  async setClinicMember(@Context() ctx: CasesContext, @Args('input') input: SetClinicMemberInput) {
    return this.directory.withDirView(ctx, 'Clinic', await this.directory.setClinicMember(ctx, input));
  }

  @Mutation(() => UserModel)
  @Policy('DIR manage (system admin)')
  async createUser(@Context() ctx: CasesContext, @Args('input') input: CreateUserInput) {
    return this.directory.withDirView(ctx, 'User', await this.directory.createUser(ctx, input));
  }

  @Mutation(() => UserModel)
  @Policy('DIR manage (system admin)')
  async updateUser(@Context() ctx: CasesContext, @Args('input') input: UpdateUserInput) {
    return this.directory.withDirView(ctx, 'User', await this.directory.updateUser(ctx, input));
  }
}

@Resolver(() => ClinicModel)
export class ClinicResolver {
  constructor(private readonly directory: DirectoryService) {}

  @ResolveField(() => [ClinicMemberModel], { nullable: true })
  @Cat('DIR')
  async members(@Parent() parent: { id: string }, @Context() ctx: CasesContext) {
    const members = await this.directory.clinicMembers(ctx, parent.id);
    return Promise.all(
      members
        .filter((m) => m.agency && !(m.agency instanceof Error))
        .map(async (m) => ({
          ...m,
          agency: await this.directory.withDirView(ctx, 'Agency', m.agency as { id: string }),
        })),
    );
  }
}

@Resolver(() => UserModel)
export class UserResolver {
  constructor(private readonly directory: DirectoryService) {}

  @ResolveField(() => AgencyModel, { nullable: true })
  @Public()
  async agency(@Parent() parent: { agencyId: string }, @Context() ctx: CasesContext) {
    const row = await ctx.loaders.agencies.load(parent.agencyId);
    return row ? this.directory.withDirView(ctx, 'Agency', row) : null;
  }
}
