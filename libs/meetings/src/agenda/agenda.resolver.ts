import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { accessOf, type AccessView } from '@scp/platform-access';
import { Cat, Policy } from '@scp/platform-graphql';
import type { MeetingsContext } from '../shared/context.js';
import { CaseRefModel } from '../shared/case-ref.model.js';
import { caseRef } from '../shared/case-ref.resolver.js';
import { AgendaService } from './agenda.service.js';
import { MinutesService } from '../minutes/minutes.service.js';
import { ContributionsService } from '../contributions/contributions.service.js';
import type { MeetingEntity } from '../meeting/meeting.entities.js';
import type { AgendaItemEntity } from './agenda.entities.js';
import { RecommendationModel } from '../recommendations/recommendations.model.js';
import { RecommendationsService } from '../recommendations/recommendations.service.js';
import { ActionModel } from '../actions/actions.model.js';
import { ActionsService } from '../actions/actions.service.js';
import {
  AgendaEntryInterface,
  AgendaItemModel,
  ContributionModel,
  ContributionStatusModel,
  MinuteAddendumModel,
} from './agenda.model.js';
import {
  AddAddendumInput,
  AddAgendaItemInput,
  DeferAgendaItemInput,
  DraftMinutesInput,
  MoveAgendaItemInput,
  RemoveAgendaItemInput,
  SubmitContributionInput,
} from './agenda.inputs.js';

type FullItem = AgendaItemModel & { row: AgendaItemEntity; meeting: MeetingEntity };

const viewOf = (parent: object): AccessView => {
  const view = accessOf(parent);
  if (!view) throw new Error('object without an access view reached a resolver');
  return view;
};

@Resolver(() => AgendaItemModel)
export class AgendaResolver {
  constructor(
    private readonly agendaSvc: AgendaService,
    private readonly minutesSvc: MinutesService,
    private readonly contributionsSvc: ContributionsService,
    private readonly recommendationsSvc: RecommendationsService,
    private readonly actionsSvc: ActionsService,
  ) {}

  @Mutation(() => AgendaEntryInterface)
  @Policy('meeting:officer')
  addAgendaItem(@Context() ctx: MeetingsContext, @Args('input') input: AddAgendaItemInput) {
    return this.agendaSvc.addItem(ctx, input);
  }

  @Mutation(() => [AgendaEntryInterface])
  @Policy('meeting:officer')
  moveAgendaItem(@Context() ctx: MeetingsContext, @Args('input') input: MoveAgendaItemInput) {
    return this.agendaSvc.moveItem(ctx, input);
  }

  @Mutation(() => [AgendaEntryInterface], {
    description:
      'Removes an item from an agenda not yet published, when nothing was contributed or decided on it; the agenda as it is after',
  })
  @Policy('meeting:officer')
  removeAgendaItem(@Context() ctx: MeetingsContext, @Args('input') input: RemoveAgendaItemInput) {
    return this.agendaSvc.removeItem(ctx, input);
  }

  @Mutation(() => AgendaEntryInterface)
  @Policy('meeting:officer')
  deferAgendaItem(@Context() ctx: MeetingsContext, @Args('input') input: DeferAgendaItemInput) {
    return this.agendaSvc.deferItem(ctx, input);
  }

  @Mutation(() => AgendaEntryInterface, {
    description: 'Draft an item’s minutes, summary and next review date',
  })
  @Policy('meeting:officer')
  draftMinutes(@Context() ctx: MeetingsContext, @Args('input') input: DraftMinutesInput) {
    return this.minutesSvc.draftMinutes(ctx, input);
  }

  @Mutation(() => MinuteAddendumModel, { description: 'Correct approved minutes: an addendum with a reason' })
  @Policy('meeting:officer')
  addMinuteAddendum(@Context() ctx: MeetingsContext, @Args('input') input: AddAddendumInput) {
    return this.minutesSvc.addAddendum(ctx, input);
  }

  @Mutation(() => ContributionModel, {
    description: "Your agency's contribution to an item, before the meeting (D20)",
  })
  @Policy('contribution:own-agency')
  submitContribution(@Context() ctx: MeetingsContext, @Args('input') input: SubmitContributionInput) {
    return this.contributionsSvc.submitContribution(ctx, input);
  }

  @ResolveField(() => CaseRefModel, { nullable: true })
  @Cat('D19:limited')
  case(@Parent() parent: FullItem, @Context() ctx: MeetingsContext) {
    return parent.row.caseId ? caseRef(ctx, parent.row.caseId) : null;
  }

  @ResolveField(() => [RecommendationModel], { nullable: true })
  @Cat('D19')
  recommendations(@Parent() parent: FullItem) {
    return this.recommendationsSvc.ofItem(parent.id, viewOf(parent));
  }

  @ResolveField(() => [ActionModel], {
    nullable: true,
    description: 'Actions agreed at this item (D18 applies)',
  })
  @Cat('D19:limited')
  actions(@Parent() parent: FullItem, @Context() ctx: MeetingsContext) {
    return parent.row.caseId ? this.actionsSvc.ofMeetingCase(ctx, parent.meetingId, parent.row.caseId) : [];
  }

  @ResolveField(() => [MinuteAddendumModel], { nullable: true })
  @Cat('D19')
  addenda(@Parent() parent: FullItem) {
    return this.minutesSvc.addendaOf(parent.id, viewOf(parent));
  }

  @ResolveField(() => [ContributionModel], {
    nullable: true,
    description: 'Contributions you may read: your own agency’s, or all of them once the meeting has started',
  })
  @Cat('D19:limited')
  contributions(@Parent() parent: FullItem, @Context() ctx: MeetingsContext) {
    return this.contributionsSvc.contributionsOf(ctx, parent.meeting, parent.row);
  }

  @ResolveField(() => [ContributionStatusModel], {
    nullable: true,
    description: 'Per participating agency: submitted, or missing after the agenda publication deadline',
  })
  @Cat('D19:limited')
  contributionStatus(@Parent() parent: FullItem) {
    return this.contributionsSvc.contributionStatus(parent.meeting, parent.row);
  }
}
