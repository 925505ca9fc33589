import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Policy, Public } from '@scp/platform-graphql';
import type { MeetingsContext } from '../shared/context.js';
import { AgendaEntryInterface } from '../agenda/agenda.model.js';
import { AttendeeModel, ExecutiveSummaryModel, MeetingModel } from './meeting.model.js';
import {
  ChangeMeetingStatusInput,
  ExecutiveSummaryInput,
  InformationSubmittedInput,
  InviteAttendeeInput,
  RecordAttendanceInput,
  RescheduleMeetingInput,
  ScheduleMeetingInput,
  ScheduleRecurringMeetingsInput,
} from './meeting.inputs.js';
import { MeetingsService } from './meetings.service.js';
import { AttendanceService } from '../attendance/attendance.service.js';
import { AgendaService } from '../agenda/agenda.service.js';
import { MinutesService } from '../minutes/minutes.service.js';

@Resolver(() => MeetingModel)
export class MeetingResolver {
  constructor(
    private readonly service: MeetingsService,
    private readonly attendance: AttendanceService,
    private readonly agendaSvc: AgendaService,
    private readonly minutes: MinutesService,
  ) {}

  @Query(() => MeetingModel, { description: 'A meeting the caller may see (else NOT_FOUND)' })
  @Policy('meeting:visible')
  meeting(@Context() ctx: MeetingsContext, @Args('id', { type: () => ID }) id: string) {
    return this.service.meeting(ctx, id);
  }

  @Query(() => [MeetingModel], { description: 'Meetings the caller may see, in time order' })
  @Policy('meeting:visible')
  meetings(
    @Context() ctx: MeetingsContext,
    @Args('clinicId', { type: () => ID, nullable: true }) clinicId?: string,
    @Args('from', { type: () => Date, nullable: true }) from?: Date,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
  ) {
    return this.service.meetings(ctx, { clinicId, from, first });
  }

  @Mutation(() => MeetingModel)
  @Policy('meeting:officer')
  scheduleMeeting(@Context() ctx: MeetingsContext, @Args('input') input: ScheduleMeetingInput) {
    return this.service.scheduleMeeting(ctx, input);
  }

  @Mutation(() => [MeetingModel], { description: "A clinic's recurring schedule from its cadence" })
  @Policy('meeting:officer')
  scheduleRecurringMeetings(
    @Context() ctx: MeetingsContext,
    @Args('input') input: ScheduleRecurringMeetingsInput,
  ) {
    return this.service.scheduleRecurring(ctx, input);
  }

  @Mutation(() => MeetingModel, {
    description: 'Publish, start, end, approve minutes, cancel: per-role rules',
  })
  @Policy('meeting:transition')
  changeMeetingStatus(@Context() ctx: MeetingsContext, @Args('input') input: ChangeMeetingStatusInput) {
    return this.service.changeStatus(ctx, input);
  }

  @Mutation(() => MeetingModel)
  @Policy('meeting:officer')
  rescheduleMeeting(@Context() ctx: MeetingsContext, @Args('input') input: RescheduleMeetingInput) {
    return this.service.reschedule(ctx, input);
  }

  @Mutation(() => AttendeeModel)
  @Policy('meeting:officer')
  inviteAttendee(@Context() ctx: MeetingsContext, @Args('input') input: InviteAttendeeInput) {
    return this.attendance.invite(ctx, input);
  }

  @Mutation(() => AttendeeModel)
  @Policy('meeting:officer')
  recordAttendance(@Context() ctx: MeetingsContext, @Args('input') input: RecordAttendanceInput) {
    return this.attendance.recordAttendance(ctx, input);
  }

  @Mutation(() => AttendeeModel)
  @Policy('meeting:attendee-or-officer')
  setInformationSubmitted(@Context() ctx: MeetingsContext, @Args('input') input: InformationSubmittedInput) {
    return this.attendance.setInformationSubmitted(ctx, input);
  }

  @Mutation(() => AttendeeModel, {
    description: "Accept the meeting's confidentiality statement (yourself only)",
  })
  @Policy('meeting:attendee')
  acceptConfidentiality(
    @Context() ctx: MeetingsContext,
    @Args('meetingId', { type: () => ID }) meetingId: string,
  ) {
    return this.attendance.acceptConfidentiality(ctx, meetingId);
  }

  @Mutation(() => MeetingModel)
  @Policy('meeting:officer')
  setExecutiveSummary(@Context() ctx: MeetingsContext, @Args('input') input: ExecutiveSummaryInput) {
    return this.minutes.setExecutiveSummary(ctx, input);
  }

  @ResolveField(() => [AttendeeModel])
  @Public()
  attendees(@Parent() parent: MeetingModel, @Context() ctx: MeetingsContext) {
    return this.attendance.attendees(ctx, parent.id);
  }

  @ResolveField(() => AttendeeModel, { nullable: true, description: "The caller's own invitation" })
  @Public()
  myAttendance(@Parent() parent: MeetingModel, @Context() ctx: MeetingsContext) {
    return this.attendance.myAttendance(ctx, parent.id);
  }

  @ResolveField(() => [AgendaEntryInterface], {
    description: 'The agenda in order; items the caller may not see are placeholders (RestrictedAgendaItem)',
  })
  @Public()
  agenda(@Parent() parent: MeetingModel, @Context() ctx: MeetingsContext) {
    return this.agendaSvc.agenda(ctx, parent.id);
  }

  @ResolveField(() => String, {
    description:
      "The meeting's calendar entry (text/calendar): header only, the same for every reader; updated on change and cancellation (SEQUENCE)",
  })
  @Public()
  calendarInvite(@Parent() parent: MeetingModel, @Context() ctx: MeetingsContext) {
    return this.service.calendarInvite(ctx, parent.id);
  }

  @ResolveField(() => ExecutiveSummaryModel, {
    description: 'The overview (clinic officers); per-item summaries are on the agenda items',
  })
  @Public()
  executiveSummary(@Parent() parent: MeetingModel, @Context() ctx: MeetingsContext) {
    return this.minutes.executiveSummary(ctx, parent.id);
  }
}
