import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A clinic meeting. */
@Entity({ schema: 'meetings', name: 'meetings' })
export class MeetingEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId: string;
  @Column('text') kind: string;
  @Column('text') status: string;
  @Column('text') title: string;
  @Column('uuid', { name: 'chair_user_id' }) chairUserId: string;
  @Column('timestamptz', { name: 'starts_at' }) startsAt: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt: Date;
  @Column('text', { nullable: true }) place: string | null;
  @Column('text', { name: 'virtual_link', nullable: true }) virtualLink: string | null;
  @Column('integer', { name: 'referral_deadline_working_days' }) referralDeadlineWorkingDays: number;
  @Column('integer', { name: 'agenda_publication_working_days' }) agendaPublicationWorkingDays: number;
  @Column('text', { name: 'confidentiality_statement' }) confidentialityStatement: string;
  @Column('text', { name: 'executive_summary', nullable: true }) executiveSummary: string | null;
  @Column('timestamptz', { name: 'agenda_published_at', nullable: true }) agendaPublishedAt: Date | null;
  @Column('timestamptz', { name: 'minutes_approved_at', nullable: true }) minutesApprovedAt: Date | null;
  @Column('uuid', { name: 'minutes_approved_by_user_id', nullable: true }) minutesApprovedByUserId:
    string | null;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason: string | null;
  @Column('integer', { name: 'ics_sequence' }) icsSequence: number;
  @Column('uuid', { name: 'created_by_user_id' }) createdByUserId: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** An invited attendee of a meeting. */
@Entity({ schema: 'meetings', name: 'attendees' })
export class AttendeeEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('text') status: string;
  @Column('boolean', { name: 'information_submitted' }) informationSubmitted: boolean;
  @Column('timestamptz', { name: 'confidentiality_accepted_at', nullable: true })
  confidentialityAcceptedAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
