import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ActionStatus } from './action-rules.js';

/** An agreed action (D18). */
@Entity({ schema: 'meetings', name: 'actions' })
export class ActionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId: string;
  @Column('uuid', { name: 'meeting_id', nullable: true }) meetingId: string | null;
  @Column('uuid', { name: 'recommendation_id', nullable: true }) recommendationId: string | null;
  @Column('text') title: string;
  @Column('uuid', { name: 'owner_agency_id' }) ownerAgencyId: string;
  @Column('uuid', { name: 'owner_user_id', nullable: true }) ownerUserId: string | null;
  @Column('date', { name: 'due_on' }) dueOn: string;
  @Column('text') priority: string;
  @Column('text') status: ActionStatus;
  @Column('text', { name: 'completion_note', nullable: true }) completionNote: string | null;
  @Column('text', { name: 'not_completed_reason', nullable: true }) notCompletedReason: string | null;
  @Column('text', { name: 'end_note', nullable: true }) endNote: string | null;
  @Column('text', { name: 'chair_reason', nullable: true }) chairReason: string | null;
  @Column('uuid', { name: 'ended_by_user_id', nullable: true }) endedByUserId: string | null;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
  @Column('uuid', { name: 'created_by_user_id' }) createdByUserId: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** A reminder or escalation already announced for an action. */
@Entity({ schema: 'meetings', name: 'action_deadline_events' })
export class ActionDeadlineEventEntity {
  @PrimaryColumn('uuid', { name: 'action_id' }) actionId: string;
  @PrimaryColumn('text') kind: string;
  @PrimaryColumn('date', { name: 'due_on' }) dueOn: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
