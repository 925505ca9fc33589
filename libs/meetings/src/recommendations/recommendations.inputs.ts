import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import {
  RECOMMENDATION_CATEGORIES,
  RecommendationCategoryEnum,
  RecommendationStatusEnum,
} from '../shared/enums.js';

@InputType()
export class ProposeRecommendationInput {
  @Field(() => ID) @IsUUID() agendaItemId: string;
  @Field(() => RecommendationCategoryEnum) @IsIn(RECOMMENDATION_CATEGORIES) category: string;
  @Field() @IsString() @Length(1, 4000) text: string;
}

@InputType()
export class DecideRecommendationInput {
  @Field(() => ID) @IsUUID() recommendationId: string;
  @Field(() => Int) @IsInt() version: number;
  @Field(() => RecommendationStatusEnum, { description: 'AGREED or NOT_AGREED' })
  @IsIn(['AGREED', 'NOT_AGREED'])
  status: 'AGREED' | 'NOT_AGREED';
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 4000) rationale?: string;
}

@InputType()
export class RecordDissentInput {
  @Field(() => ID) @IsUUID() recommendationId: string;
  @Field(() => ID) @IsUUID() agencyId: string;
  @Field() @IsString() @Length(1, 2000) reason: string;
}
