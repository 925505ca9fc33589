import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Cat, Public } from '@scp/platform-graphql';
import { AttendanceStatusEnum, MeetingKindEnum, MeetingStatusEnum } from '../shared/enums.js';

/**
 * A clinic meeting. Its header (when, where, who chairs, state) carries no case content and is
 * public to whoever may see the meeting at all (the clinic's officers, its attendees, and agencies
 * with a case on its agenda); case content hangs off the agenda, item by item.
 */
@ObjectType('Meeting')
export class MeetingModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID) @Public() clinicId: string;
  @Field(() => MeetingKindEnum) @Public() kind: string;
  @Field(() => MeetingStatusEnum) @Public() status: string;
  @Field() @Public() title: string;
  @Field(() => ID) @Public() chairUserId: string;
  @Field(() => Date) @Public() startsAt: Date;
  @Field(() => Date) @Public() endsAt: Date;
  @Field(() => String, { nullable: true }) @Public() place: string | null;
  @Field(() => String, { nullable: true }) @Public() virtualLink: string | null;
  @Field({ description: 'The confidentiality statement every attendee accepts before seeing case content' })
  @Public()
  confidentialityStatement: string;
  @Field({ description: 'London day by which new referrals must be listed' })
  @Public()
  referralDeadlineOn: string;
  @Field({ description: 'London day by which the agenda is to be published' })
  @Public()
  agendaPublicationDueOn: string;
  @Field(() => Date, { nullable: true }) @Public() agendaPublishedAt: Date | null;
  @Field({ description: 'Published after its due day, or still unpublished after it' })
  @Public()
  agendaPublicationLate: boolean;
  @Field(() => Date, { nullable: true }) @Public() minutesApprovedAt: Date | null;
  @Field(() => String, { nullable: true }) @Public() cancelReason: string | null;
  @Field(() => Int) @Public() version: number;
}

@ObjectType('MeetingAttendee', { description: 'An invitation and its attendance record' })
export class AttendeeModel {
  @Field(() => ID) @Public() id: string;
  @Field(() => ID) @Public() meetingId: string;
  @Field(() => ID) @Public() userId: string;
  @Field(() => ID) @Public() agencyId: string;
  @Field(() => AttendanceStatusEnum) @Public() status: string;
  @Field() @Public() informationSubmitted: boolean;
  @Field(() => Date, { nullable: true }) @Public() confidentialityAcceptedAt: Date | null;
}

@ObjectType('ExecutiveSummary', {
  description:
    'The executive summary: the overview across cases is for the clinic officers (D19); everyone else reads the per-item summaries of the items they may see, and placeholders for the rest',
})
export class ExecutiveSummaryModel {
  @Field(() => String, { nullable: true }) @Cat('D19') overview: string | null;
}
