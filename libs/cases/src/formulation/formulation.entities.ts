import { Column, Entity } from 'typeorm';
import { AuthoredRecord } from '../agency-records/agency-records.entities.js';

@Entity({ schema: 'cases', name: 'formulations' })
export class FormulationEntity extends AuthoredRecord {
  @Column('text', { nullable: true }) summary: string | null;
  @Column('text', { name: 'risk_scenarios', nullable: true }) riskScenarios: string | null;
  @Column('text', { name: 'protective_factors', nullable: true }) protectiveFactors: string | null;
  @Column('text', { nullable: true }) recommendations: string | null;
  @Column('text', { name: 'victim_safety', nullable: true }) victimSafety: string | null;
}

@Entity({ schema: 'cases', name: 'clinical_records' })
export class ClinicalRecordEntity extends AuthoredRecord {
  @Column('date', { name: 'recorded_on' }) recordedOn: string;
  @Column('text', { nullable: true }) diagnoses: string | null;
  @Column('text', { nullable: true }) medication: string | null;
  @Column('text', { name: 'clinical_notes', nullable: true }) clinicalNotes: string | null;
  @Column('text', { name: 'report_tool', nullable: true }) reportTool: 'SRP' | 'SAM' | null;
  @Column('text', { name: 'report_text', nullable: true }) reportText: string | null;
  @Column('uuid', { name: 'assessment_id', nullable: true }) assessmentId: string | null;
}
