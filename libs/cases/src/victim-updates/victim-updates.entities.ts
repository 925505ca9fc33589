import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Arrest, interview, release, bail…: facts about the criminal-justice process, never rewritten. */
@Entity({ schema: 'cases', name: 'criminal_justice_events' })
export class CriminalJusticeEventEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'breach_id', nullable: true }) breachId: string | null;
  @Column('text') type: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('uuid', { name: 'recorded_by_agency_id' }) recordedByAgencyId: string;
  @Column('uuid', { name: 'recorded_by_user_id' }) recordedByUserId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

/** One victim's right to be told of one event (Victims' Code, Right 6). */
@Entity({ schema: 'cases', name: 'victim_updates' })
export class VictimUpdateEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'person_id' }) personId: string;
  @Column('uuid', { name: 'trigger_event_id' }) triggerEventId: string;
  @Column('text', { name: 'trigger_type' }) triggerType: string;
  @Column('timestamptz', { name: 'event_at' }) eventAt: Date;
  @Column('text') entitlement: string;
  @Column('integer', { name: 'working_days' }) workingDays: number;
  @Column('timestamptz', { name: 'due_by' }) dueBy: Date;
  @Column('timestamptz', { name: 'delivered_at', nullable: true }) deliveredAt: Date | null;
  @Column('uuid', { name: 'delivered_by_user_id', nullable: true }) deliveredByUserId: string | null;
  @Column('uuid', { name: 'delivered_by_agency_id', nullable: true }) deliveredByAgencyId: string | null;
  @Column('text', { name: 'delivery_method', nullable: true }) deliveryMethod: string | null;
  @Column('text', { nullable: true }) content: string | null;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
