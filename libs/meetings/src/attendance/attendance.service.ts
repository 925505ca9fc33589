import { Inject, Injectable, Optional } from '@nestjs/common';
import { IsNull, type DataSource } from 'typeorm';
import { EVENT_TYPES, forbidden, invalid, notFound } from '@scp/contracts';
import { withTransaction } from '@scp/platform-database';
import {
  MEETINGS_AUDIT,
  MEETINGS_DATA_SOURCE,
  MEETINGS_DIRECTORY,
  MEETINGS_INVITES,
  MEETINGS_OUTBOX,
  type AuditWriterLike,
  type ClinicDirectory,
  type InviteSettings,
  type OutboxLike,
} from '../shared/tokens.js';
import type { MeetingsContext } from '../shared/context.js';
import { writeEvent } from '../shared/audit.js';
import { requireUuid } from '../shared/validation.js';
import { attendeesOf } from '../meeting/meeting.repository.js';
import { AttendeeEntity } from '../meeting/meeting.entities.js';
import type { AttendanceStatus } from '../meeting/meeting-rules.js';
import { MeetingVisibilityService } from '../meeting/meeting-visibility.service.js';
import { attendeeModel, writeHeaderEvent } from '../meeting/meeting-views.js';

/** Attendance: invitations, who attended, information submitted, the confidentiality statement. */
@Injectable()
export class AttendanceService {
  constructor(
    @Inject(MEETINGS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(MEETINGS_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(MEETINGS_OUTBOX) private readonly outbox: OutboxLike,
    @Inject(MEETINGS_INVITES) private readonly invites: InviteSettings,
    private readonly visibility: MeetingVisibilityService,
    @Optional() @Inject(MEETINGS_DIRECTORY) private readonly directory?: ClinicDirectory,
  ) {}

  async myAttendance(ctx: MeetingsContext, meetingId: string) {
    const m = await this.visibility.visibleMeeting(ctx, meetingId);
    const s = await this.visibility.standing(ctx, m);
    return s.attendee ? attendeeModel(s.attendee) : null;
  }

  async attendees(ctx: MeetingsContext, meetingId: string) {
    const m = await this.visibility.visibleMeeting(ctx, meetingId);
    return (await attendeesOf(this.ds, m.id)).map(attendeeModel);
  }

  async invite(ctx: MeetingsContext, input: { meetingId: string; userId: string; agencyId: string }) {
    const current = await this.visibility.visibleMeeting(ctx, input.meetingId);
    this.visibility.requireOfficer(ctx, current.clinicId, 'invite attendees');
    if (current.status === 'CANCELLED' || current.status === 'MINUTES_APPROVED')
      throw invalid('The meeting is closed', 'meetingId');
    requireUuid(input.userId, 'userId');
    requireUuid(input.agencyId, 'agencyId');
    await this.requireMember(current.clinicId, input.userId, input.agencyId);
    const row = await withTransaction(this.ds, async (m) => {
      // raw SQL: an upsert answering the row it wrote (ON CONFLICT … RETURNING), in one statement
      const rows: AttendeeEntity[] = await m.query(
        `INSERT INTO meetings.attendees (meeting_id, user_id, agency_id) VALUES ($1, $2, $3)
         ON CONFLICT (meeting_id, user_id) DO UPDATE SET agency_id = EXCLUDED.agency_id
         RETURNING id, meeting_id AS "meetingId", user_id AS "userId", agency_id AS "agencyId", status,
           information_submitted AS "informationSubmitted", confidentiality_accepted_at AS "confidentialityAcceptedAt",
           created_at AS "createdAt"`,
        [current.id, input.userId, input.agencyId],
      );
      await this.audit.write(
        [writeEvent(ctx, 'CREATE', 'MeetingAttendee', rows[0]!.id, [], 'inviteAttendee')],
        m,
      );
      await writeHeaderEvent(
        m,
        { outbox: this.outbox, invites: this.invites },
        ctx,
        EVENT_TYPES.attendeeInvited,
        current.id,
        { attendeeUserId: input.userId, attendeeAgencyId: input.agencyId },
      );
      return rows[0]!;
    });
    return attendeeModel(row);
  }

  /**
   * An attendee is a user of one of the clinic's member agencies, recorded under that agency:
   * asked of the cases service's directory, and refused (naming the field) when it says otherwise.
   * Fails closed: without a directory no one is invited.
   */
  private async requireMember(clinicId: string, userId: string, agencyId: string): Promise<void> {
    if (!this.directory) throw new Error('no clinic directory: attendees cannot be checked');
    const memberAgency = await this.directory.memberAgency(clinicId, userId);
    if (!memberAgency) throw invalid("The user is not in one of the meeting's clinic agencies", 'userId');
    if (memberAgency !== agencyId.toLowerCase())
      throw invalid("The agency is not the user's agency", 'agencyId');
  }

  private async attendeeForWrite(ctx: MeetingsContext, attendeeId: string) {
    requireUuid(attendeeId, 'attendeeId');
    const a = await this.ds.getRepository(AttendeeEntity).findOneBy({ id: attendeeId });
    if (!a) throw notFound('Attendee');
    const m = await this.visibility.visibleMeeting(ctx, a.meetingId).catch(() => {
      throw notFound('Attendee');
    });
    return { a, m };
  }

  async recordAttendance(ctx: MeetingsContext, input: { attendeeId: string; status: AttendanceStatus }) {
    const { a, m } = await this.attendeeForWrite(ctx, input.attendeeId);
    this.visibility.requireOfficer(ctx, m.clinicId, 'record attendance');
    const row = await withTransaction(this.ds, async (tx) => {
      await tx.getRepository(AttendeeEntity).update({ id: a.id }, { status: input.status });
      await this.audit.write(
        [writeEvent(ctx, 'UPDATE', 'MeetingAttendee', a.id, [], 'recordAttendance')],
        tx,
      );
      return tx.getRepository(AttendeeEntity).findOneByOrFail({ id: a.id });
    });
    return attendeeModel(row);
  }

  /** "Information submitted": the attendee themselves, or a clinic officer. */
  async setInformationSubmitted(ctx: MeetingsContext, input: { attendeeId: string; submitted: boolean }) {
    const { a, m } = await this.attendeeForWrite(ctx, input.attendeeId);
    if (
      !ctx.access.may('RECORD_ATTENDANCE', { clinicId: m.clinicId, attendee: a.userId === ctx.actor.userId })
    )
      throw forbidden('Only the attendee or a clinic officer may record this');
    const row = await withTransaction(this.ds, async (tx) => {
      await tx.getRepository(AttendeeEntity).update({ id: a.id }, { informationSubmitted: input.submitted });
      await this.audit.write(
        [writeEvent(ctx, 'UPDATE', 'MeetingAttendee', a.id, [], 'setInformationSubmitted')],
        tx,
      );
      return tx.getRepository(AttendeeEntity).findOneByOrFail({ id: a.id });
    });
    return attendeeModel(row);
  }

  /** The caller accepts the meeting's confidentiality statement (only for themselves, once). */
  async acceptConfidentiality(ctx: MeetingsContext, meetingId: string) {
    const m = await this.visibility.visibleMeeting(ctx, meetingId);
    const s = await this.visibility.standing(ctx, m);
    if (!s.attendee) throw forbidden('Only an invited attendee can accept the confidentiality statement');
    if (m.status === 'CANCELLED') throw invalid('The meeting was cancelled', 'meetingId');
    const attendeeId = s.attendee.id;
    const row = await withTransaction(this.ds, async (tx) => {
      // Once: a second acceptance keeps the first time.
      await tx
        .getRepository(AttendeeEntity)
        .update(
          { id: attendeeId, confidentialityAcceptedAt: IsNull() },
          { confidentialityAcceptedAt: () => 'now()' },
        );
      await this.audit.write(
        [writeEvent(ctx, 'UPDATE', 'MeetingAttendee', attendeeId, [], 'acceptConfidentiality')],
        tx,
      );
      return tx.getRepository(AttendeeEntity).findOneByOrFail({ id: attendeeId });
    });
    this.visibility.forgetStanding(ctx, m.id);
    return attendeeModel(row);
  }
}
