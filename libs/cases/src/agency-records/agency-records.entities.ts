import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RiskLevel } from '@scp/contracts';

/** Authorship and optimistic locking shared by every agency-authored record. */
export abstract class AuthoredRecord {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'author_agency_id' }) authorAgencyId: string;
  @Column('uuid', { name: 'author_user_id' }) authorUserId: string;
  @Column('uuid', { name: 'updated_by_agency_id' }) updatedByAgencyId: string;
  @Column('uuid', { name: 'updated_by_user_id' }) updatedByUserId: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ schema: 'cases', name: 'police_summaries' })
export class PoliceSummaryEntity extends AuthoredRecord {
  @Column('text', { name: 'relevant_history', nullable: true }) relevantHistory: string | null;
  @Column('text', { name: 'investigation_status', nullable: true }) investigationStatus: string | null;
  @Column('text', { name: 'bail_conditions', nullable: true }) bailConditions: string | null;
  @Column('text', { nullable: true }) arrests: string | null;
}

@Entity({ schema: 'cases', name: 'police_intelligence' })
export class PoliceIntelligenceEntity extends AuthoredRecord {
  @Column('text', { nullable: true }) intelligence: string | null;
  @Column('text', { name: 'offending_history', nullable: true }) offendingHistory: string | null;
}

export interface ProbationCondition {
  text: string;
  concernsVictim: boolean;
}

@Entity({ schema: 'cases', name: 'probation_summaries' })
export class ProbationSummaryEntity extends AuthoredRecord {
  @Column('text', { name: 'order_type', nullable: true }) orderType: string | null;
  @Column('text', { name: 'supervision_status', nullable: true }) supervisionStatus: string | null;
  @Column('text', { nullable: true }) compliance: string | null;
  @Column('jsonb') conditions: ProbationCondition[];
  @Column('text', { name: 'rosh_known_adult', nullable: true }) roshKnownAdult: RiskLevel | null;
  @Column('text', { name: 'rosh_public', nullable: true }) roshPublic: RiskLevel | null;
  @Column('text', { name: 'rosh_children', nullable: true }) roshChildren: RiskLevel | null;
  @Column('text', { name: 'rosh_staff', nullable: true }) roshStaff: RiskLevel | null;
  @Column('date', { name: 'rosh_assessed_on', nullable: true }) roshAssessedOn: string | null;
}

@Entity({ schema: 'cases', name: 'probation_details' })
export class ProbationDetailEntity extends AuthoredRecord {
  @Column('text', { name: 'case_notes', nullable: true }) caseNotes: string | null;
  @Column('text', { name: 'oasys_summary', nullable: true }) oasysSummary: string | null;
  @Column('text', { name: 'sentence_plan', nullable: true }) sentencePlan: string | null;
}

@Entity({ schema: 'cases', name: 'advocacy_records' })
export class AdvocacyRecordEntity extends AuthoredRecord {
  @Column('date', { name: 'recorded_on' }) recordedOn: string;
  @Column('text', { nullable: true }) disclosures: string | null;
  @Column('text', { nullable: true }) health: string | null;
  @Column('text', { nullable: true }) counselling: string | null;
  @Column('text', { nullable: true }) needs: string | null;
}
