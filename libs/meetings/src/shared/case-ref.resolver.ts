import { Context, Parent, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { withAccess } from '@scp/platform-access';
import { Cat } from '@scp/platform-graphql';
import type { MeetingsContext } from './context.js';
import { CaseRefModel } from './case-ref.model.js';
import { MeetingModel } from '../meeting/meeting.model.js';
import { MeetingsService } from '../meeting/meetings.service.js';
import { ActionModel } from '../actions/actions.model.js';
import { ActionsService } from '../actions/actions.service.js';
import { RecommendationModel } from '../recommendations/recommendations.model.js';
import { RecommendationsService } from '../recommendations/recommendations.service.js';

/** A `Case` reference carrying the reader's categories on it, from the participation replica. */
export async function caseRef(ctx: MeetingsContext, id: string) {
  const fields = await ctx.access.caseFields(id);
  const c = await ctx.access.caseOf(id);
  return withAccess(
    { id },
    { fields, entityType: 'Case', entityId: id, caseId: id, ownerAgencyId: c?.leadAgencyId ?? undefined },
  );
}

@Resolver(() => CaseRefModel)
export class CaseRefResolver {
  constructor(
    private readonly meetingsSvc: MeetingsService,
    private readonly actionsSvc: ActionsService,
    private readonly recommendationsSvc: RecommendationsService,
  ) {}

  @ResolveReference()
  resolveReference(ref: { id: string }, ctx: MeetingsContext) {
    return caseRef(ctx, ref.id);
  }

  @ResolveField(() => [MeetingModel], {
    nullable: true,
    description: 'Meetings that list the case (that you may see)',
  })
  @Cat('D19:limited')
  meetings(@Parent() parent: CaseRefModel, @Context() ctx: MeetingsContext) {
    return this.meetingsSvc.meetingsOfCase(ctx, parent.id);
  }

  @ResolveField(() => [ActionModel], { nullable: true, description: 'Agreed actions of the case (D18)' })
  @Cat('D18')
  actions(@Parent() parent: CaseRefModel, @Context() ctx: MeetingsContext) {
    return this.actionsSvc.ofCase(ctx, parent.id);
  }

  @ResolveField(() => [RecommendationModel], {
    nullable: true,
    description: 'Recommendations of the clinic for the case, from the meetings whose content you may see',
  })
  @Cat('D19')
  recommendations(@Parent() parent: CaseRefModel, @Context() ctx: MeetingsContext) {
    return this.recommendationsSvc.ofCase(ctx, parent.id);
  }
}
