import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'cases', name: 'formulations' })
export class FormulationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text', { nullable: true }) summary: string | null;
  @Column('text', { name: 'risk_scenarios', nullable: true }) riskScenarios: string | null;
  @Column('text', { name: 'protective_factors', nullable: true }) protectiveFactors: string | null;
  @Column('text', { nullable: true }) recommendations: string | null;
  @Column('text', { name: 'victim_safety', nullable: true }) victimSafety: string | null;
  @Column('uuid', { name: 'author_agency_id' }) authorAgencyId: string;
  @Column('uuid', { name: 'author_user_id' }) authorUserId: string;
  @Column('uuid', { name: 'updated_by_agency_id' }) updatedByAgencyId: string;
  @Column('uuid', { name: 'updated_by_user_id' }) updatedByUserId: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ schema: 'cases', name: 'clinical_records' })
export class ClinicalRecordEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('date', { name: 'recorded_on' }) recordedOn: string;
  @Column('text', { nullable: true }) diagnoses: string | null;
  @Column('text', { nullable: true }) medication: string | null;
  @Column('text', { name: 'clinical_notes', nullable: true }) clinicalNotes: string | null;
  @Column('text', { name: 'report_tool', nullable: true }) reportTool: 'SRP' | 'SAM' | null;
  @Column('text', { name: 'report_text', nullable: true }) reportText: string | null;
  @Column('uuid', { name: 'assessment_id', nullable: true }) assessmentId: string | null;
  @Column('uuid', { name: 'author_agency_id' }) authorAgencyId: string;
  @Column('uuid', { name: 'author_user_id' }) authorUserId: string;
  @Column('uuid', { name: 'updated_by_agency_id' }) updatedByAgencyId: string;
  @Column('uuid', { name: 'updated_by_user_id' }) updatedByUserId: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
