import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An agenda item; its minutes and summary live on it. */
@Entity({ schema: 'meetings', name: 'agenda_items' })
export class AgendaItemEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('uuid', { name: 'case_id', nullable: true }) caseId: string | null;
  @Column('text') kind: string;
  @Column('integer') position: number;
  @Column('integer', { name: 'duration_minutes' }) durationMinutes: number;
  @Column('text', { nullable: true }) title: string | null;
  @Column('text', { name: 'deferral_reason', nullable: true }) deferralReason: string | null;
  @Column('text', { name: 'deferral_note', nullable: true }) deferralNote: string | null;
  @Column('text', { nullable: true }) minutes: string | null;
  @Column('text', { nullable: true }) summary: string | null;
  @Column('date', { name: 'next_review_on', nullable: true }) nextReviewOn: string | null;
  @Column('uuid', { name: 'listed_by_user_id' }) listedByUserId: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** An agency's contribution to an agenda item (D20). */
@Entity({ schema: 'meetings', name: 'contributions' })
export class ContributionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'agenda_item_id' }) agendaItemId: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('uuid', { name: 'author_user_id' }) authorUserId: string;
  @Column('text') text: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** A correction to approved minutes (append-only). */
@Entity({ schema: 'meetings', name: 'minute_addenda' })
export class MinuteAddendumEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('uuid', { name: 'agenda_item_id', nullable: true }) agendaItemId: string | null;
  @Column('uuid', { name: 'author_user_id' }) authorUserId: string;
  @Column('uuid', { name: 'author_agency_id' }) authorAgencyId: string;
  @Column('text') reason: string;
  @Column('text') text: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

/** A contribution reminder already announced (`contribution.due`, `contribution.missing`). */
@Entity({ schema: 'meetings', name: 'contribution_reminders' })
export class ContributionReminderEntity {
  @PrimaryColumn('uuid', { name: 'agenda_item_id' }) agendaItemId: string;
  @PrimaryColumn('uuid', { name: 'agency_id' }) agencyId: string;
  @PrimaryColumn('text') kind: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
