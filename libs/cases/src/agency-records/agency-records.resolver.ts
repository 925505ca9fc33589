import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { WithAccess } from '@scp/platform-access';
import { Cat, Policy } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { CaseModel } from '../case/case.model.js';
import type { CaseRow } from '../case/case.repository.js';
import {
  AdvocacyRecordModel,
  PoliceIntelligenceModel,
  PoliceSummaryModel,
  ProbationConditionModel,
  ProbationDetailModel,
  ProbationSummaryModel,
  RoshLevelsModel,
} from './agency-records.model.js';
import {
  CreateAdvocacyRecordInput,
  CreatePoliceIntelligenceInput,
  CreatePoliceSummaryInput,
  CreateProbationDetailInput,
  CreateProbationSummaryInput,
  UpdateAdvocacyRecordInput,
  UpdatePoliceIntelligenceInput,
  UpdatePoliceSummaryInput,
  UpdateProbationDetailInput,
  UpdateProbationSummaryInput,
} from './agency-records.inputs.js';
import { AgencyRecordsService } from './agency-records.service.js';
import type { ProbationSummaryEntity } from './agency-records.entities.js';
import { authorshipResolver, viewOf } from './record-support.js';

type CaseParent = WithAccess<CaseRow>;

@Resolver(() => CaseModel)
export class AgencyRecordsCaseFields {
  constructor(private readonly records: AgencyRecordsService) {}

  @ResolveField(() => PoliceSummaryModel, { nullable: true, description: 'Police shared summary (D5)' })
  @Cat('D5')
  async policeSummary(@Parent() parent: CaseParent, @Context() ctx: CasesContext) {
    return this.records.one(ctx, 'policeSummary', parent);
  }

  @ResolveField(() => PoliceIntelligenceModel, { nullable: true, description: 'Police intelligence (D4)' })
  @Cat('D4')
  async policeIntelligence(@Parent() parent: CaseParent, @Context() ctx: CasesContext) {
    return this.records.one(ctx, 'policeIntelligence', parent);
  }

  @ResolveField(() => ProbationSummaryModel, {
    nullable: true,
    description: 'Probation shared summary (D10; advocates: the conditions that concern the victim)',
  })
  @Cat('D10:limited')
  async probationSummary(@Parent() parent: CaseParent, @Context() ctx: CasesContext) {
    return this.records.one(ctx, 'probationSummary', parent);
  }

  @ResolveField(() => ProbationDetailModel, { nullable: true, description: 'Probation detail (D9)' })
  @Cat('D9')
  async probationDetail(@Parent() parent: CaseParent, @Context() ctx: CasesContext) {
    return this.records.one(ctx, 'probationDetail', parent);
  }

  // Guarded here as D1 (the case must be visible) and then by the service: D14 is "own agency's
  // entries only", which no case-wide field set can express.
  @ResolveField(() => [AdvocacyRecordModel], {
    nullable: true,
    description: "Advocacy records (D14): your own advocacy agency's entries only",
  })
  @Cat('D1')
  async advocacyRecords(@Parent() parent: CaseParent, @Context() ctx: CasesContext) {
    return this.records.advocacyRecords(ctx, parent, viewOf(parent));
  }
}

@Resolver(() => ProbationSummaryModel)
export class ProbationSummaryResolver {
  constructor(private readonly records: AgencyRecordsService) {}

  @ResolveField(() => [ProbationConditionModel], { nullable: true, description: 'Every condition (D10)' })
  @Cat('D10')
  conditions(@Parent() parent: WithAccess<ProbationSummaryEntity>) {
    return this.records.conditionsOf(parent, viewOf(parent), false);
  }

  @ResolveField(() => [ProbationConditionModel], {
    nullable: true,
    description: 'Only the conditions that concern the victim (what advocates see of D10)',
  })
  @Cat('D10:limited')
  victimConditions(@Parent() parent: WithAccess<ProbationSummaryEntity>) {
    return this.records.conditionsOf(parent, viewOf(parent), true);
  }

  @ResolveField(() => RoshLevelsModel, { nullable: true, description: 'Risk of serious harm levels' })
  @Cat('D10')
  rosh(@Parent() parent: WithAccess<ProbationSummaryEntity>) {
    return this.records.roshOf(parent, viewOf(parent));
  }
}

export const PoliceSummaryAuthorship = authorshipResolver(
  PoliceSummaryModel,
  'D5',
  'PoliceSummaryAuthorship',
);
export const PoliceIntelligenceAuthorship = authorshipResolver(
  PoliceIntelligenceModel,
  'D4',
  'PoliceIntelligenceAuthorship',
);
export const ProbationSummaryAuthorship = authorshipResolver(
  ProbationSummaryModel,
  'D10:limited',
  'ProbationSummaryAuthorship',
);
export const ProbationDetailAuthorship = authorshipResolver(
  ProbationDetailModel,
  'D9',
  'ProbationDetailAuthorship',
);
export const AdvocacyRecordAuthorship = authorshipResolver(
  AdvocacyRecordModel,
  'D14',
  'AdvocacyRecordAuthorship',
);

@Resolver()
export class AgencyRecordMutations {
  constructor(private readonly records: AgencyRecordsService) {}

  @Mutation(() => PoliceSummaryModel, { nullable: true })
  @Policy('case record create D5 (police)')
  async createPoliceSummary(@Context() ctx: CasesContext, @Args('input') input: CreatePoliceSummaryInput) {
    return this.records.create(ctx, 'policeSummary', input);
  }

  @Mutation(() => PoliceSummaryModel, { nullable: true })
  @Policy('case record update D5 (police)')
  async updatePoliceSummary(@Context() ctx: CasesContext, @Args('input') input: UpdatePoliceSummaryInput) {
    return this.records.update(ctx, 'policeSummary', input);
  }

  @Mutation(() => PoliceIntelligenceModel, { nullable: true })
  @Policy('case record create D4 (police)')
  async createPoliceIntelligence(
    @Context() ctx: CasesContext,
    @Args('input') input: CreatePoliceIntelligenceInput,
  ) {
    return this.records.create(ctx, 'policeIntelligence', input);
  }

  @Mutation(() => PoliceIntelligenceModel, { nullable: true })
  @Policy('case record update D4 (police)')
  async updatePoliceIntelligence(
    @Context() ctx: CasesContext,
    @Args('input') input: UpdatePoliceIntelligenceInput,
  ) {
    return this.records.update(ctx, 'policeIntelligence', input);
  }

  @Mutation(() => ProbationSummaryModel, { nullable: true })
  @Policy('case record create D10 (probation)')
  async createProbationSummary(
    @Context() ctx: CasesContext,
    @Args('input') input: CreateProbationSummaryInput,
  ) {
    return this.records.create(ctx, 'probationSummary', input);
  }

  @Mutation(() => ProbationSummaryModel, { nullable: true })
  @Policy('case record update D10 (probation)')
  async updateProbationSummary(
    @Context() ctx: CasesContext,
    @Args('input') input: UpdateProbationSummaryInput,
  ) {
    return this.records.update(ctx, 'probationSummary', input);
  }

  @Mutation(() => ProbationDetailModel, { nullable: true })
  @Policy('case record create D9 (probation)')
  async createProbationDetail(
    @Context() ctx: CasesContext,
    @Args('input') input: CreateProbationDetailInput,
  ) {
    return this.records.create(ctx, 'probationDetail', input);
  }

  @Mutation(() => ProbationDetailModel, { nullable: true })
  @Policy('case record update D9 (probation)')
  async updateProbationDetail(
    @Context() ctx: CasesContext,
    @Args('input') input: UpdateProbationDetailInput,
  ) {
    return this.records.update(ctx, 'probationDetail', input);
  }

  @Mutation(() => AdvocacyRecordModel, { nullable: true })
  @Policy('case record create D14 (advocacy, own agency)')
  async createAdvocacyRecord(@Context() ctx: CasesContext, @Args('input') input: CreateAdvocacyRecordInput) {
    return this.records.create(ctx, 'advocacy', input);
  }

  @Mutation(() => AdvocacyRecordModel, { nullable: true })
  @Policy('case record update D14 (advocacy, own agency)')
  async updateAdvocacyRecord(@Context() ctx: CasesContext, @Args('input') input: UpdateAdvocacyRecordInput) {
    return this.records.update(ctx, 'advocacy', input);
  }
}
