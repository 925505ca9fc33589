import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import {
  CaseStatusEnum,
  CaseTierEnum,
  CjStatusEnum,
  ParticipantRoleEnum,
  RiskLevelEnum,
  SharingBasisEnum,
} from '../shared/enums.js';
import { AgencyModel } from '../directory/directory.model.js';

@ObjectType('Participant', { description: 'An agency taking part in a case' })
export class ParticipantModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => AgencyModel, { nullable: true }) @Cat('D1') agency?: AgencyModel;
  @Field(() => ParticipantRoleEnum, { nullable: true }) @Cat('D1') roleInCase: string;
  @Field(() => SharingBasisEnum, { nullable: true }) @Cat('D1') sharingBasis: string;
  @Field(() => String, { nullable: true }) @Cat('D1') basisRationale: string | null;
  @Field(() => Date, { nullable: true }) @Cat('D1') joinedAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D1') leftAt: Date | null;
  @Field(() => String, { nullable: true }) @Cat('D1') endReason: string | null;
}

/**
 * The case: the entity every subgraph extends. Header fields are D1; people and their
 * locations hang off it with their own categories.
 */
@ObjectType('Case')
@Directive('@key(fields: "id")')
export class CaseModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, { nullable: true }) @Cat('D1') reference: string;
  @Field(() => CaseStatusEnum, { nullable: true }) @Cat('D1') status: string;
  @Field(() => CaseTierEnum, { nullable: true }) @Cat('D1') tier: string;
  @Field(() => CjStatusEnum, { nullable: true, description: 'Criminal-justice status' })
  @Cat('D1')
  cjStatus: string;
  @Field(() => RiskLevelEnum, { nullable: true, description: "The clinic's agreed risk level" })
  @Cat('D1')
  agreedRiskLevel: string | null;
  @Field(() => String, { nullable: true, description: 'Date of the next clinic review (YYYY-MM-DD)' })
  @Cat('D1')
  nextReviewOn: string | null;
  @Field(() => Date, { nullable: true }) @Cat('D1') closedAt: Date | null;
  @Field(() => Int, { nullable: true, description: 'Optimistic-locking version; send it back with updates' })
  @Cat('D1')
  version: number;
  @Field(() => Date, { nullable: true }) @Cat('D1') createdAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D1') updatedAt: Date;

  // Kept for resolvers; not GraphQL fields.
  clinicId: string;
  leadAgencyId: string;
  ownerUserId: string | null;
  participantAgencyIds: string[];
}

@ObjectType('CaseEdge')
export class CaseEdge {
  @Field() @Public() cursor: string;
  @Field(() => CaseModel) @Public() node: CaseModel;
}

@ObjectType('PageInfo')
export class PageInfo {
  @Field() @Public() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) @Public() endCursor: string | null;
}

@ObjectType('CaseConnection')
export class CaseConnection {
  @Field(() => [CaseEdge]) @Public() edges: CaseEdge[];
  @Field(() => PageInfo) @Public() pageInfo: PageInfo;
}
