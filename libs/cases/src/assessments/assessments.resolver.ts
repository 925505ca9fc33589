import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { WithAccess } from '@scp/platform-access';
import { Cat, Policy } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { CaseModel } from '../case/case.model.js';
import type { CaseRow } from '../case/case.repository.js';
import type { CaseView } from '../case/case.service.js';
import { AgencyModel, UserModel } from '../directory/directory.model.js';
import { DirectoryService } from '../directory/directory.service.js';
import { authorshipResolver, viewOf } from '../agency-records/record-support.js';
import { AssessmentStatusEnum, RiskToolEnum } from './assessment.enums.js';
import {
  AssessmentModel,
  DomainJudgementsModel,
  RiskAgreementModel,
  SDashAnswerModel,
} from './assessments.model.js';
import {
  AgreeRiskLevelInput,
  CreateAssessmentInput,
  SubmitAssessmentInput,
  UpdateAssessmentInput,
} from './assessments.inputs.js';
import { AssessmentsService, type AssessmentView } from './assessments.service.js';
import { RiskAgreementService, type RiskAgreementView } from './risk-agreement.service.js';

@Resolver(() => CaseModel)
export class AssessmentsCaseFields {
  constructor(
    private readonly assessmentService: AssessmentsService,
    private readonly agreements: RiskAgreementService,
  ) {}

  @ResolveField(() => [AssessmentModel], {
    nullable: true,
    description: "Risk assessments (D8): submitted ones, and your own agency's drafts; newest first",
  })
  @Cat('D8')
  async assessments(
    @Parent() parent: WithAccess<CaseRow>,
    @Context() ctx: CasesContext,
    @Args('tool', { type: () => RiskToolEnum, nullable: true }) tool?: string,
    @Args('status', { type: () => AssessmentStatusEnum, nullable: true }) status?: string,
  ) {
    return this.assessmentService.assessmentsOf(ctx, parent, { tool, status });
  }

  @ResolveField(() => [RiskAgreementModel], {
    nullable: true,
    description: "History of the clinic's agreed risk level, newest first (D1)",
  })
  @Cat('D1')
  async riskHistory(@Parent() parent: WithAccess<CaseRow>, @Context() ctx: CasesContext) {
    return this.agreements.historyOf(ctx, parent, viewOf(parent));
  }
}

@Resolver(() => AssessmentModel)
export class AssessmentResolver {
  constructor(private readonly assessments: AssessmentsService) {}

  @ResolveField(() => [SDashAnswerModel], {
    nullable: true,
    description: 'S-DASH only: the answers by question',
  })
  @Cat('D8')
  async sDashAnswers(@Parent() parent: AssessmentView, @Context() ctx: CasesContext) {
    return this.assessments.answersOf(ctx, parent, viewOf(parent));
  }

  @ResolveField(() => DomainJudgementsModel, { nullable: true, description: 'SRP and SAM only' })
  @Cat('D8')
  judgements(@Parent() parent: AssessmentView) {
    return this.assessments.judgementsOf(parent, viewOf(parent));
  }
}

export const AssessmentAuthorship = authorshipResolver(AssessmentModel, 'D8', 'AssessmentAuthorship');

@Resolver(() => RiskAgreementModel)
export class RiskAgreementResolver {
  constructor(
    private readonly agreements: RiskAgreementService,
    private readonly directory: DirectoryService,
  ) {}

  @ResolveField(() => UserModel, { nullable: true, description: 'The chair who recorded it' })
  @Cat('D1')
  async agreedBy(@Parent() parent: RiskAgreementView, @Context() ctx: CasesContext) {
    const row = await ctx.loaders.users.load(parent.agreedByUserId);
    return row ? this.directory.withDirView(ctx, 'User', row) : null;
  }

  @ResolveField(() => AgencyModel, { nullable: true })
  @Cat('D1')
  async agreedByAgency(@Parent() parent: RiskAgreementView, @Context() ctx: CasesContext) {
    const row = await ctx.loaders.agencies.load(parent.agreedByAgencyId);
    return row ? this.directory.withDirView(ctx, 'Agency', row) : null;
  }

  // The cited assessments are D8 content: readers of the header without D8 (the coordinator)
  // are refused, and each assessment is then checked on its own.
  @ResolveField(() => [AssessmentModel], {
    nullable: true,
    description: 'The assessments the decision cites',
  })
  @Cat('D8')
  async citedAssessments(@Parent() parent: RiskAgreementView, @Context() ctx: CasesContext) {
    return this.agreements.citedOf(ctx, parent);
  }
}

@Resolver()
export class AssessmentMutations {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly agreements: RiskAgreementService,
  ) {}

  @Mutation(() => AssessmentModel, { description: 'Starts a draft assessment for your agency' })
  @Policy('case record create D8 (own agency; tool allowed for the agency type)')
  async createAssessment(@Context() ctx: CasesContext, @Args('input') input: CreateAssessmentInput) {
    return this.assessments.create(ctx, input);
  }

  @Mutation(() => AssessmentModel, { description: "Changes one of your agency's drafts" })
  @Policy('case record update D8 (own agency, drafts only)')
  async updateAssessment(@Context() ctx: CasesContext, @Args('input') input: UpdateAssessmentInput) {
    return this.assessments.update(ctx, input);
  }

  @Mutation(() => AssessmentModel, {
    description: "Submits a complete draft; it supersedes your agency's previous submission of the same tool",
  })
  @Policy('case record update D8 (own agency)')
  async submitAssessment(@Context() ctx: CasesContext, @Args('input') input: SubmitAssessmentInput) {
    return this.assessments.submit(ctx, input);
  }

  @Mutation(() => CaseModel, { description: "Records the clinic's agreed risk level (the chair)" })
  @Policy('case:update D1 agreed risk level (chair of the case clinic)')
  async agreeRiskLevel(
    @Context() ctx: CasesContext,
    @Args('input') input: AgreeRiskLevelInput,
  ): Promise<CaseView> {
    return this.agreements.agree(ctx, input);
  }
}
