import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseStatus } from '@scp/contracts';

@Entity({ schema: 'cases', name: 'escalations' })
export class EscalationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') target: 'MAPPA' | 'MARAC';
  @Column('integer', { name: 'mappa_level', nullable: true }) mappaLevel: number | null;
  @Column('text', { name: 'external_reference' }) externalReference: string;
  @Column('date', { name: 'escalated_on' }) escalatedOn: string;
  @Column('text', { nullable: true }) notes: string | null;
  @Column('text', { name: 'previous_status' }) previousStatus: CaseStatus;
  @Column('uuid', { name: 'escalated_by_user_id' }) escalatedByUserId: string;
  @Column('uuid', { name: 'escalated_by_agency_id' }) escalatedByAgencyId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

/** Replica of the meetings service's actions (see open-actions.replica.ts). */
@Entity({ schema: 'cases', name: 'open_actions' })
export class OpenActionEntity {
  @PrimaryColumn('uuid', { name: 'action_id' }) actionId: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') status: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ schema: 'cases', name: 'closure_victim_views' })
export class ClosureVictimViewEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text', { name: 'victim_view', nullable: true }) victimView: string | null;
  @Column('text', { name: 'not_contactable_reason', nullable: true }) notContactableReason: string | null;
  @Column('uuid', { name: 'recorded_by_user_id' }) recordedByUserId: string;
  @Column('uuid', { name: 'recorded_by_agency_id' }) recordedByAgencyId: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

/** One order in force at closure, as the closure record lists it (a JSON element, not a table). */
export interface OrderInForceRow {
  orderId: string;
  orderType: string;
  orderTypeName: string;
  status: string | null;
  servedOn: string | null;
  expiresOn: string | null;
  untilFurtherOrder: boolean;
}

@Entity({ schema: 'cases', name: 'closures' })
export class ClosureEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') rationale: string;
  @Column('text', { name: 'victim_view_status' }) victimViewStatus:
    'RECORDED' | 'NOT_CONTACTABLE' | 'NOT_REQUIRED';
  @Column('uuid', { name: 'victim_view_id', nullable: true }) victimViewId: string | null;
  @Column('text', { name: 'victim_not_contactable_reason', nullable: true })
  victimNotContactableReason: string | null;
  @Column('jsonb', { name: 'action_overrides' }) actionOverrides: { actionId: string; reason: string }[];
  @Column('jsonb', { name: 'orders_in_force' }) ordersInForce: OrderInForceRow[];
  @Column('text', { name: 'previous_status' }) previousStatus: CaseStatus;
  @Column('uuid', { name: 'closed_by_user_id' }) closedByUserId: string;
  @Column('uuid', { name: 'closed_by_agency_id' }) closedByAgencyId: string;
  @Column('timestamptz', { name: 'closed_at' }) closedAt: Date;
}

@Entity({ schema: 'cases', name: 'repeat_openings' })
export class RepeatOpeningEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'repeat_of_case_id' }) repeatOfCaseId: string;
  @Column('text') reason: string;
  @Column('uuid', { name: 'opened_by_user_id' }) openedByUserId: string;
  @Column('uuid', { name: 'opened_by_agency_id' }) openedByAgencyId: string;
  @Column('timestamptz', { name: 'opened_at' }) openedAt: Date;
}

/** The case's timeline with the clinic (clinic-lifecycle.ts, docs/case-lifecycle.md). */
@Entity({ schema: 'cases', name: 'case_lifecycle' })
export class CaseLifecycleEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') kind: string;
  @Column('text', { name: 'from_status', nullable: true }) fromStatus: CaseStatus | null;
  @Column('text', { name: 'to_status', nullable: true }) toStatus: CaseStatus | null;
  @Column('uuid', { name: 'meeting_id', nullable: true }) meetingId: string | null;
  @Column('timestamptz', { name: 'meeting_starts_at', nullable: true }) meetingStartsAt: Date | null;
  @Column('text', { name: 'risk_level', nullable: true }) riskLevel: string | null;
  @Column('date', { name: 'next_review_on', nullable: true }) nextReviewOn: string | null;
  @Column('uuid', { name: 'actor_user_id', nullable: true }) actorUserId: string | null;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
}

/** Every urgent-review flag: raised by a breach, cleared by a review, escalated when overdue. */
@Entity({ schema: 'cases', name: 'urgent_reviews' })
export class UrgentReviewEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'breach_id', nullable: true }) breachId: string | null;
  @Column('timestamptz', { name: 'requested_at' }) requestedAt: Date;
  @Column('timestamptz', { name: 'due_by' }) dueBy: Date;
  @Column('timestamptz', { name: 'cleared_at', nullable: true }) clearedAt: Date | null;
  @Column('uuid', { name: 'cleared_by_user_id', nullable: true }) clearedByUserId: string | null;
  @Column('uuid', { name: 'cleared_by_meeting_id', nullable: true }) clearedByMeetingId: string | null;
  @Column('timestamptz', { name: 'escalated_at', nullable: true }) escalatedAt: Date | null;
}
