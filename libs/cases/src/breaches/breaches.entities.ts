import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'cases', name: 'breaches' })
export class BreachEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('text') type: string;
  @Column('uuid', { name: 'order_id', nullable: true }) orderId: string | null;
  @Column('uuid', { name: 'condition_id', nullable: true }) conditionId: string | null;
  @Column('text', { name: 'crime_reference', nullable: true }) crimeReference: string | null;
  @Column('text', { name: 'no_crime_reason', nullable: true }) noCrimeReason: string | null;
  @Column('uuid', { name: 'reason_approved_by_user_id', nullable: true }) reasonApprovedByUserId:
    string | null;
  @Column('timestamptz', { name: 'reason_approved_at', nullable: true }) reasonApprovedAt: Date | null;
  /** PENDING, APPROVED or REJECTED for a reason why no crime was recorded; null otherwise. */
  @Column('text', { name: 'approval_status', nullable: true })
  approvalStatus: 'PENDING' | 'APPROVED' | 'REJECTED' | null;
  @Column('text', { name: 'approval_note', nullable: true }) approvalNote: string | null;
  @Column('timestamptz', { name: 'approval_decided_at', nullable: true }) approvalDecidedAt: Date | null;
  @Column('text', { name: 'course_of_conduct_reference', nullable: true })
  courseOfConductReference: string | null;
  @Column('text', { nullable: true }) description: string | null;
  @Column('uuid', { name: 'recorded_by_agency_id' }) recordedByAgencyId: string;
  @Column('uuid', { name: 'recorded_by_user_id' }) recordedByUserId: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
