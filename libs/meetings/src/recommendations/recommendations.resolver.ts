import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { accessOf } from '@scp/platform-access';
import { Cat, Policy } from '@scp/platform-graphql';
import type { MeetingsContext } from '../shared/context.js';
import { DissentModel, RecommendationModel } from './recommendations.model.js';
import {
  DecideRecommendationInput,
  ProposeRecommendationInput,
  RecordDissentInput,
} from './recommendations.inputs.js';
import { RecommendationsService } from './recommendations.service.js';

@Resolver(() => RecommendationModel)
export class RecommendationsResolver {
  constructor(private readonly service: RecommendationsService) {}

  @Mutation(() => RecommendationModel)
  @Policy('meeting:officer')
  proposeRecommendation(@Context() ctx: MeetingsContext, @Args('input') input: ProposeRecommendationInput) {
    return this.service.propose(ctx, input);
  }

  @Mutation(() => RecommendationModel)
  @Policy('meeting:chair')
  decideRecommendation(@Context() ctx: MeetingsContext, @Args('input') input: DecideRecommendationInput) {
    return this.service.decide(ctx, input);
  }

  @Mutation(() => RecommendationModel)
  @Policy('recommendation:chair-or-own-agency')
  recordDissent(@Context() ctx: MeetingsContext, @Args('input') input: RecordDissentInput) {
    return this.service.recordDissent(ctx, input);
  }

  @ResolveField(() => [DissentModel], { nullable: true, description: 'Dissent by agency' })
  @Cat('D19')
  dissents(@Parent() parent: RecommendationModel) {
    return this.service.dissentsOf(parent.id, accessOf(parent)!);
  }
}
