import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { viewOf } from '../agency-records/record-support.js';
import { Cat, Policy } from '@scp/platform-graphql';
import type { CasesContext } from '../shared/context.js';
import { requireUuid } from '../shared/validation.js';
import { CaseModel } from '../case/case.model.js';
import type { CaseView } from '../case/case.service.js';
import {
  CaseLifecycleEntryModel,
  UrgentReviewAwaitingMeetingModel,
  UrgentReviewModel,
} from './clinic-lifecycle.model.js';
import { ClinicLifecycleService } from './clinic-lifecycle.service.js';

@Resolver(() => CaseModel)
export class ClinicLifecycleResolver {
  constructor(private readonly service: ClinicLifecycleService) {}

  @ResolveField(() => [CaseLifecycleEntryModel], {
    nullable: true,
    description: "The case's life with the clinic, oldest first: listed, reviewed, review due, urgent flag",
  })
  @Cat('D1')
  async lifecycle(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.service.entriesOf(ctx, viewOf(parent), parent.id);
  }

  @ResolveField(() => [UrgentReviewModel], {
    nullable: true,
    description: 'Every urgent-review flag of the case, newest first, with who cleared it and when',
  })
  @Cat('D1')
  async urgentReviews(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.service.urgentReviewsOf(ctx, viewOf(parent), parent.id);
  }

  @ResolveField(() => Int, {
    nullable: true,
    description: 'How many agreed actions of the case are open (D18), as the meetings service announced them',
  })
  @Cat('D18')
  async openActionsCount(@Parent() parent: CaseView, @Context() ctx: CasesContext) {
    return this.service.openActionsCount(ctx, parent.id);
  }

  @Query(() => [UrgentReviewAwaitingMeetingModel], {
    description:
      'Cases of the clinic flagged for an urgent review and on no meeting within the urgent deadline (coordinator, chair)',
  })
  @Policy('case:read D1, by the coordinator or chair of the clinic; each case through its own read rule')
  async urgentReviewsAwaitingMeeting(
    @Context() ctx: CasesContext,
    @Args('clinicId', { type: () => ID }) clinicId: string,
  ) {
    return this.service.awaitingMeeting(ctx, requireUuid(clinicId, 'clinicId'));
  }
}
