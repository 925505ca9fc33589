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
import { accessOf, type AccessView } from '@scp/platform-access';
import {
  Cat,
  isCalendarDate,
  optionalPurpose,
  Policy,
  Public,
  PurposeReasonEnum,
  requirePurpose,
} from '@scp/platform-graphql';
import { withAccess } from '@scp/platform-access';
import type { ReferralsContext } from '../shared/scope.js';
import {
  CaseStub,
  ReferralConnection,
  ReferralDuplicateModel,
  ReferralModel,
  ReferralOutcomesModel,
  ReferralQuestionModel,
  ReferralSdashModel,
  ReferralSubjectModel,
  ReferralVictimLocationModel,
  ReferralVictimModel,
} from './referral.model.js';
import {
  AcceptReferralInput,
  AnswerQuestionInput,
  CreateReferralInput,
  pageSize,
  ReferralFilter,
  ReferralOrderBy,
  ReferralTransitionInput,
  RequestMoreInformationInput,
  UpdateReferralInput,
} from './referral.inputs.js';
import { ReferralService, type ReferralView } from './referral.service.js';
import { ReferralMonitorService } from './referral-monitor.service.js';
import { invalid } from '@scp/contracts';

const viewOf = (parent: object): AccessView => {
  const view = accessOf(parent);
  if (!view) throw new Error('object without an access view reached a resolver');
  return view;
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const requireUuid = (value: string, field: string) => {
  if (!UUID.test(value)) throw invalid(`${field} is not a valid id`, field);
  return value.toLowerCase();
};

@Resolver(() => ReferralModel)
export class ReferralResolver {
  constructor(
    private readonly service: ReferralService,
    private readonly monitor: ReferralMonitorService,
  ) {}

  @Query(() => ReferralModel, {
    description: 'One referral; NOT_FOUND when it does not exist or you may not see it',
  })
  @Policy(
    'referral:read (referrer agency, clinic chair/coordinator, case participants; fields by the matrix)',
  )
  async referral(@Context() ctx: ReferralsContext, @Args('id', { type: () => ID }) id: string) {
    return this.service.getReferral(ctx, requireUuid(id, 'id'));
  }

  @Query(() => ReferralConnection, { description: 'Referrals you may see, by keyset pagination' })
  @Policy('referral:list (SQL scope from the same facts; filters and sorts checked per category)')
  async referrals(
    @Context() ctx: ReferralsContext,
    @Args('filter', { type: () => ReferralFilter, nullable: true }) filter?: ReferralFilter,
    @Args('orderBy', { type: () => ReferralOrderBy, nullable: true }) orderBy?: ReferralOrderBy,
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
    return this.service.listReferrals(
      ctx,
      filter ?? {},
      orderBy,
      pageSize(first),
      after ?? undefined,
      optionalPurpose(reason, purpose),
    );
  }

  @Query(() => Int, { description: 'How many referrals you may see match the filter' })
  @Policy('referral:list (same scope and filter checks as referrals)')
  async referralsCount(
    @Context() ctx: ReferralsContext,
    @Args('filter', { type: () => ReferralFilter, nullable: true }) filter?: ReferralFilter,
    @Args('reason', { type: () => PurposeReasonEnum, nullable: true }) reason?: string,
    @Args('purpose', { type: () => String, nullable: true }) purpose?: string,
  ) {
    return this.service.countReferrals(ctx, filter ?? {}, optionalPurpose(reason, purpose));
  }

  @Query(() => ReferralOutcomesModel, { description: 'Outcome figures of a clinic over [from, to) (dates)' })
  @Policy('referral:outcomes (chair of the clinic)')
  async referralOutcomes(
    @Context() ctx: ReferralsContext,
    @Args('clinicId', { type: () => ID }) clinicId: string,
    @Args('from') from: string,
    @Args('to') to: string,
  ) {
    if (!isCalendarDate(from)) throw invalid('from must be a date as YYYY-MM-DD', 'from');
    if (!isCalendarDate(to)) throw invalid('to must be a date as YYYY-MM-DD', 'to');
    return this.monitor.outcomes(ctx, requireUuid(clinicId, 'clinicId'), from, to);
  }

  @Mutation(() => ReferralModel)
  @Policy('referral:create (partner practitioner; D8 and D12 only where the matrix grants writing them)')
  async createReferral(@Context() ctx: ReferralsContext, @Args('input') input: CreateReferralInput) {
    return this.service.createReferral(ctx, input);
  }

  @Mutation(() => ReferralModel)
  @Policy('referral:update (referrer agency, DRAFT or MORE_INFO_REQUESTED)')
  async updateReferral(@Context() ctx: ReferralsContext, @Args('input') input: UpdateReferralInput) {
    return this.service.updateReferral(ctx, input);
  }

  @Mutation(() => ReferralModel)
  @Policy('referral:submit (referrer agency, DRAFT)')
  async submitReferral(@Context() ctx: ReferralsContext, @Args('input') input: ReferralTransitionInput) {
    return this.service.submitReferral(ctx, input);
  }

  @Mutation(() => ReferralModel)
  @Policy('referral:screen (clinic chair/coordinator, SUBMITTED)')
  async startScreening(@Context() ctx: ReferralsContext, @Args('input') input: ReferralTransitionInput) {
    return this.service.startScreening(ctx, input);
  }

  @Mutation(() => ReferralModel)
  @Policy('referral:ask (clinic chair/coordinator, SCREENING)')
  async requestMoreInformation(
    @Context() ctx: ReferralsContext,
    @Args('input') input: RequestMoreInformationInput,
  ) {
    return this.service.requestMoreInformation(ctx, input);
  }

  @Mutation(() => ReferralModel)
  @Policy('referral:answer (referrer agency, MORE_INFO_REQUESTED)')
  async answerReferralQuestion(@Context() ctx: ReferralsContext, @Args('input') input: AnswerQuestionInput) {
    return this.service.answerQuestion(ctx, input);
  }

  @Mutation(() => ReferralModel)
  @Policy('referral:withdraw (referrer agency, before a decision)')
  async withdrawReferral(@Context() ctx: ReferralsContext, @Args('input') input: ReferralTransitionInput) {
    return this.service.withdrawReferral(ctx, input);
  }

  @Mutation(() => ReferralModel)
  @Policy('referral:accept (clinic chair/coordinator, SCREENING)')
  async acceptReferral(@Context() ctx: ReferralsContext, @Args('input') input: AcceptReferralInput) {
    return this.service.acceptReferral(ctx, input);
  }

  @Mutation(() => ReferralModel)
  @Policy('referral:decline (clinic chair/coordinator, SCREENING, with a reason)')
  async declineReferral(@Context() ctx: ReferralsContext, @Args('input') input: ReferralTransitionInput) {
    return this.service.declineReferral(ctx, input);
  }

  @ResolveReference()
  async resolveReference(ref: { id: string }, ctx: ReferralsContext): Promise<ReferralView | null> {
    if (typeof ref.id !== 'string' || !UUID.test(ref.id)) return null;
    return this.service.getForReference(ctx, ref.id);
  }

  @ResolveField(() => ReferralSubjectModel, { nullable: true })
  @Cat('D2')
  subject(@Parent() parent: ReferralView) {
    return withAccess(
      {
        givenName: parent.subjectGivenName,
        familyName: parent.subjectFamilyName,
        otherNames: parent.subjectOtherNames,
        dateOfBirth: parent.subjectDateOfBirth,
      },
      viewOf(parent),
    );
  }

  @ResolveField(() => ReferralVictimModel, { nullable: true })
  @Cat('D11:limited')
  victim(@Parent() parent: ReferralView) {
    return withAccess(
      {
        alias: 'Victim A',
        relationshipToSubject: parent.victimRelationship,
        givenName: parent.victimGivenName,
        familyName: parent.victimFamilyName,
        dateOfBirth: parent.victimDateOfBirth,
      },
      viewOf(parent),
    );
  }

  @ResolveField(() => [ReferralVictimLocationModel], {
    nullable: true,
    description: 'D12: state why you need it',
  })
  @Cat('D12', { purpose: true })
  async victimLocations(
    @Parent() parent: ReferralView,
    @Args('reason', { type: () => PurposeReasonEnum, description: 'Why you need it, from the list' })
    reason: string,
    @Args('purpose', {
      type: () => String,
      description: 'Why you need the location, in a sentence (written to the audit log)',
    })
    purpose: string,
  ) {
    return this.service.victimLocations(parent, viewOf(parent), requirePurpose(reason, purpose));
  }

  @ResolveField(() => ReferralSdashModel, { nullable: true })
  @Cat('D8')
  sdash(@Parent() parent: ReferralView) {
    if (!parent.sdashAnswers) return null;
    return withAccess({ answers: parent.sdashAnswers, score: parent.sdashScore }, viewOf(parent));
  }

  @ResolveField(() => [ReferralQuestionModel], { nullable: true, description: 'The more-information thread' })
  @Cat('D1')
  async questions(@Parent() parent: ReferralView) {
    return this.service.questions(parent, viewOf(parent));
  }

  @ResolveField(() => [ReferralDuplicateModel], {
    nullable: true,
    description: "Possible duplicates (the clinic's chair and coordinator only; empty for anyone else)",
  })
  @Cat('D1')
  async possibleDuplicates(@Parent() parent: ReferralView, @Context() ctx: ReferralsContext) {
    return this.service.duplicates(ctx, parent, viewOf(parent));
  }

  @ResolveField(() => CaseStub, { nullable: true, description: 'The case created on acceptance' })
  @Cat('D1')
  case(@Parent() parent: ReferralView) {
    return parent.caseId ? { id: parent.caseId } : null;
  }
}

@Resolver(() => CaseStub)
export class CaseReferralResolver {
  constructor(private readonly service: ReferralService) {}

  @ResolveField(() => ReferralModel, {
    nullable: true,
    description: 'The referral the case came from (null when none, or you may not see it)',
  })
  @Public()
  async referral(@Parent() parent: { id: string }, @Context() ctx: ReferralsContext) {
    if (!UUID.test(parent.id)) return null;
    return this.service.getForCase(ctx, parent.id);
  }
}
