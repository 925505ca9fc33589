import { Field, ID, Int, InterfaceType, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { AgendaItemKindEnum, DeferralReasonEnum } from '../shared/enums.js';

/**
 * One position on a meeting's agenda. Every reader gets its position and time slot; only a
 * reader whose agency participates in the item's case (and who accepted the meeting's
 * confidentiality statement) gets an `AgendaItem`; everyone else gets a `RestrictedAgendaItem`,
 * a type that has no field for case content at all (the placeholder rule, entitlements.md).
 */
@InterfaceType('AgendaEntry', {
  resolveType: (value: { restricted: boolean }) => (value.restricted ? 'RestrictedAgendaItem' : 'AgendaItem'),
})
export abstract class AgendaEntryInterface {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID) @Public() meetingId: string;
  @Field(() => Int) @Public() position: number;
  @Field(() => Date) @Public() startsAt: Date;
  @Field(() => Int) @Public() durationMinutes: number;
  @Field() @Public() restricted: boolean;
}

@ObjectType('RestrictedAgendaItem', {
  implements: () => [AgendaEntryInterface],
  description: 'A placeholder: an item whose case the reader may not see (position and time slot only)',
})
export class RestrictedAgendaItemModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID) @Public() meetingId: string;
  @Field(() => Int) @Public() position: number;
  @Field(() => Date) @Public() startsAt: Date;
  @Field(() => Int) @Public() durationMinutes: number;
  @Field() @Public() restricted: boolean;
}

@ObjectType('AgendaItem', { implements: () => [AgendaEntryInterface] })
export class AgendaItemModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID) @Public() meetingId: string;
  @Field(() => Int) @Public() position: number;
  @Field(() => Date) @Public() startsAt: Date;
  @Field(() => Int) @Public() durationMinutes: number;
  @Field() @Public() restricted: boolean;
  @Field(() => ID, { nullable: true }) @Cat('D19:limited') caseId: string | null;
  @Field(() => AgendaItemKindEnum, { nullable: true }) @Cat('D19:limited') kind: string;
  @Field(() => String, { nullable: true }) @Cat('D19:limited') title: string | null;
  @Field(() => DeferralReasonEnum, { nullable: true }) @Cat('D19:limited') deferralReason: string | null;
  @Field(() => String, { nullable: true }) @Cat('D19:limited') deferralNote: string | null;
  @Field(() => String, { nullable: true, description: 'Minutes of the item (D19)' }) @Cat('D19') minutes:
    string | null;
  @Field(() => String, { nullable: true, description: "The item's line of the executive summary" })
  @Cat('D19:limited')
  summary: string | null;
  @Field(() => String, { nullable: true, description: 'Next review date agreed for the case' })
  @Cat('D19:limited')
  nextReviewOn: string | null;
  @Field(() => Int, { nullable: true }) @Cat('D19:limited') version: number;
}

@ObjectType('MinuteAddendum', { description: 'A correction to approved minutes, with its author and reason' })
export class MinuteAddendumModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID, { nullable: true }) @Cat('D19') authorUserId: string;
  @Field(() => ID, { nullable: true }) @Cat('D19') authorAgencyId: string;
  @Field(() => String, { nullable: true }) @Cat('D19') reason: string;
  @Field(() => String, { nullable: true }) @Cat('D19') text: string;
  @Field(() => Date, { nullable: true }) @Cat('D19') createdAt: Date;
}

@ObjectType('AgencyContribution', {
  description:
    "An agency's contribution to an item (D20): its own agency and the chair before the meeting, then the item's attendees",
})
export class ContributionModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID, { nullable: true }) @Cat('D20') agencyId: string;
  @Field(() => ID, { nullable: true }) @Cat('D20') authorUserId: string;
  @Field(() => String, { nullable: true }) @Cat('D20') text: string;
  @Field(() => Date, { nullable: true }) @Cat('D20') submittedAt: Date;
  @Field(() => Int, { nullable: true }) @Cat('D20') version: number;
}

@ObjectType('ContributionStatus', {
  description: 'Which participating agencies have contributed (D20 header)',
})
export class ContributionStatusModel {
  @Field(() => ID) @Public() agencyId: string;
  @Field() @Public() submitted: boolean;
  @Field({ description: 'Not submitted and the agenda publication deadline has passed' })
  @Public()
  missing: boolean;
}
