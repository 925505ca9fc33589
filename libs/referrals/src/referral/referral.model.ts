import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import {
  BehaviourEnum,
  CaseTierEnum,
  CjStatusEnum,
  LocationKindEnum,
  ReferralStatusEnum,
  SharingBasisEnum,
  UrgencyEnum,
} from '../shared/enums.js';

@ObjectType('ReferralSubject', { description: 'The person referred (D2)' })
export class ReferralSubjectModel {
  @Field(() => String, { nullable: true }) @Cat('D2') givenName: string | null;
  @Field(() => String, { nullable: true }) @Cat('D2') familyName: string | null;
  @Field(() => [String], { nullable: true }) @Cat('D2') otherNames: string[];
  @Field(() => String, { nullable: true }) @Cat('D2') dateOfBirth: string | null;
}

@ObjectType('ReferralVictimLocation', {
  description: "The victim's location and contact (D12); read only with a stated purpose",
})
export class ReferralVictimLocationModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => LocationKindEnum, { nullable: true }) @Cat('D12', { inheritPurpose: true }) kind: string;
  @Field(() => String, { nullable: true }) @Cat('D12', { inheritPurpose: true }) addressLine1: string | null;
  @Field(() => String, { nullable: true }) @Cat('D12', { inheritPurpose: true }) town: string | null;
  @Field(() => String, { nullable: true }) @Cat('D12', { inheritPurpose: true }) postcode: string | null;
  @Field(() => String, { nullable: true }) @Cat('D12', { inheritPurpose: true }) phone: string | null;
  @Field(() => String, { nullable: true }) @Cat('D12', { inheritPurpose: true }) email: string | null;
  @Field(() => String, { nullable: true }) @Cat('D12', { inheritPurpose: true }) details: string | null;
}

@ObjectType('ReferralVictim', { description: 'The victim (D11; pseudonymised view for some roles)' })
export class ReferralVictimModel {
  @Field(() => String, { nullable: true, description: 'Always "Victim A" on a referral' })
  @Cat('D11:limited')
  alias: string;
  @Field(() => String, { nullable: true }) @Cat('D11:limited') relationshipToSubject: string | null;
  @Field(() => String, { nullable: true }) @Cat('D11') givenName: string | null;
  @Field(() => String, { nullable: true }) @Cat('D11') familyName: string | null;
  @Field(() => String, { nullable: true }) @Cat('D11') dateOfBirth: string | null;
}

@ObjectType('ReferralSdash', { description: 'S-DASH screening at referral (D8): 11 yes/no answers' })
export class ReferralSdashModel {
  @Field(() => [Boolean], { nullable: true }) @Cat('D8') answers: boolean[];
  @Field(() => Int, { nullable: true }) @Cat('D8') score: number;
}

@ObjectType('ReferralQuestion', { description: 'One question of the more-information loop and its answer' })
export class ReferralQuestionModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, { nullable: true }) @Cat('D1') question: string;
  @Field(() => Date, { nullable: true }) @Cat('D1') askedAt: Date;
  @Field(() => String, { nullable: true }) @Cat('D1') answer: string | null;
  @Field(() => Date, { nullable: true }) @Cat('D1') answeredAt: Date | null;
}

@ObjectType('ReferralDuplicate', {
  description:
    'A possible duplicate: the other referral or open case about the same subject (coordinator only)',
})
export class ReferralDuplicateModel {
  @Field(() => String, { nullable: true, description: 'CASE or REFERRAL' }) @Cat('D1') kind: string;
  @Field(() => String, { nullable: true }) @Cat('D1') reference: string;
  @Field(() => ID, { nullable: true }) @Cat('D1') referralId: string;
}

@ObjectType('Referral', { description: 'A referral to a stalking clinic' })
@Directive('@key(fields: "id")')
export class ReferralModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => String, { nullable: true }) @Cat('D1') reference: string;
  @Field(() => ID, { nullable: true }) @Cat('D1') clinicId: string;
  @Field(() => ID, { nullable: true }) @Cat('D1') referrerAgencyId: string;
  @Field(() => ID, { nullable: true }) @Cat('D1') referrerUserId: string;
  @Field(() => ReferralStatusEnum, { nullable: true }) @Cat('D1') status: string;
  @Field(() => UrgencyEnum, { nullable: true }) @Cat('D1') urgency: string;
  @Field(() => String, { nullable: true }) @Cat('D1') reason: string;
  @Field(() => [BehaviourEnum], { nullable: true }) @Cat('D1') behaviours: string[];
  @Field(() => [String], { nullable: true, description: "Crime references from the force's records system" })
  @Cat('D1')
  crimeReferences: string[];
  @Field(() => CjStatusEnum, { nullable: true }) @Cat('D1') cjStatus: string;
  @Field(() => SharingBasisEnum, { nullable: true }) @Cat('D1') sharingBasis: string;
  @Field(() => String, { nullable: true }) @Cat('D1') basisRationale: string | null;
  @Field(() => CaseTierEnum, { nullable: true }) @Cat('D1') tier: string | null;
  @Field(() => ID, { nullable: true }) @Cat('D1') leadAgencyId: string | null;
  @Field(() => [ID], { nullable: true }) @Cat('D1') participantAgencyIds: string[];
  @Field(() => String, { nullable: true, description: 'Why it was declined or withdrawn' })
  @Cat('D1')
  decisionReason: string | null;
  @Field(() => Date, { nullable: true }) @Cat('D1') submittedAt: Date | null;
  @Field(() => Date, { nullable: true }) @Cat('D1') screeningStartedAt: Date | null;
  @Field(() => Date, { nullable: true }) @Cat('D1') decidedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'Urgent referrals: screen by then (one working day)' })
  @Cat('D1')
  screeningDueAt: Date | null;
  @Field(() => Boolean, { nullable: true }) @Cat('D1') overdue: boolean;
  @Field(() => Int, { nullable: true }) @Cat('D1') version: number;
  @Field(() => Date, { nullable: true }) @Cat('D1') createdAt: Date;
  @Field(() => Date, { nullable: true }) @Cat('D1') updatedAt: Date;

  // Kept for resolvers; not GraphQL fields.
  caseId: string | null;
  caseAgencyIds: string[];
}

@ObjectType('ReferralEdge')
export class ReferralEdge {
  @Field() @Public() cursor: string;
  @Field(() => ReferralModel) @Public() node: ReferralModel;
}

@ObjectType('ReferralPageInfo')
export class ReferralPageInfo {
  @Field() @Public() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) @Public() endCursor: string | null;
}

@ObjectType('ReferralConnection')
export class ReferralConnection {
  @Field(() => [ReferralEdge]) @Public() edges: ReferralEdge[];
  @Field(() => ReferralPageInfo) @Public() pageInfo: ReferralPageInfo;
}

/** The cases subgraph's Case, as far as this subgraph needs it: its key. */
@ObjectType('Case')
@Directive('@key(fields: "id")')
export class CaseStub {
  @Field(() => ID) @Public() id: string;
}

@ObjectType('ReferralTierCount')
export class ReferralTierCount {
  @Field(() => CaseTierEnum) @Public() tier: string;
  @Field(() => Int) @Public() count: number;
}

@ObjectType('ReferralDeclineCount')
export class ReferralDeclineCount {
  @Field() @Public() reason: string;
  @Field(() => Int) @Public() count: number;
}

@ObjectType('ReferralOutcomes', { description: "Outcome reporting for the clinic's chair (counts only)" })
export class ReferralOutcomesModel {
  @Field(() => Int) @Public() received: number;
  @Field(() => Int) @Public() accepted: number;
  @Field(() => [ReferralTierCount]) @Public() acceptedByTier: ReferralTierCount[];
  @Field(() => Int) @Public() declined: number;
  @Field(() => [ReferralDeclineCount]) @Public() declinedByReason: ReferralDeclineCount[];
  @Field(() => Int) @Public() withdrawn: number;
  @Field(() => Int, { nullable: true, description: 'Median hours from submission to screening' })
  @Public()
  medianHoursToScreening: number | null;
  @Field(() => Int) @Public() urgentOverdue: number;
}
