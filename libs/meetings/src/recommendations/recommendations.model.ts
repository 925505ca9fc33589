import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { RecommendationCategoryEnum, RecommendationStatusEnum } from '../shared/enums.js';

@ObjectType('RecommendationDissent', { description: "One agency's dissent, with its reason" })
export class DissentModel {
  @Field(() => ID) @Public() agencyId: string;
  @Field(() => String, { nullable: true }) @Cat('D19') reason: string;
  @Field(() => Date, { nullable: true }) @Cat('D19') createdAt: Date;
}

@ObjectType('Recommendation', {
  description: 'A recommendation of the clinic for one case (part of the minutes, D19)',
})
export class RecommendationModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID, { nullable: true }) @Cat('D19') meetingId: string;
  @Field(() => ID, { nullable: true }) @Cat('D19') agendaItemId: string;
  @Field(() => ID, { nullable: true }) @Cat('D19') caseId: string;
  @Field(() => RecommendationCategoryEnum, { nullable: true }) @Cat('D19') category: string;
  @Field(() => String, { nullable: true }) @Cat('D19') text: string;
  @Field(() => String, { nullable: true }) @Cat('D19') rationale: string | null;
  @Field(() => RecommendationStatusEnum, { nullable: true }) @Cat('D19') status: string;
  @Field(() => Date, { nullable: true }) @Cat('D19') decidedAt: Date | null;
  @Field(() => Int, { nullable: true }) @Cat('D19') version: number;
}
