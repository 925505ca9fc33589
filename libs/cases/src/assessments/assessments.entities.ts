import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AgencyType, RiskLevel } from '@scp/contracts';
import type { AnswerValue, AssessmentStatus, RiskTool } from './assessment-rules.js';

@Entity({ schema: 'cases', name: 'risk_tool_config' })
export class RiskToolConfigEntity {
  @PrimaryColumn('text') tool: RiskTool;
  @PrimaryColumn('text', { name: 'tool_version' }) toolVersion: string;
  @Column('integer', { name: 'item_count', nullable: true }) itemCount: number | null;
  @Column('integer', { name: 'high_threshold', nullable: true }) highThreshold: number | null;
  @Column('text', { name: 'author_agency_types', array: true }) authorAgencyTypes: AgencyType[];
  @Column('boolean') active: boolean;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ schema: 'cases', name: 'assessments' })
export class AssessmentEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') tool: RiskTool;
  @Column('text', { name: 'tool_version' }) toolVersion: string;
  @Column('text') status: AssessmentStatus;
  @Column('date', { name: 'assessed_on' }) assessedOn: string;
  @Column('integer', { nullable: true }) score: number | null;
  @Column('integer', { name: 'answers_count', nullable: true }) answersCount: number | null;
  @Column('integer', { name: 'high_threshold', nullable: true }) highThreshold: number | null;
  @Column('text', { name: 'concern_level', nullable: true }) concernLevel: string | null;
  @Column('text', { nullable: true }) violence: string | null;
  @Column('text', { nullable: true }) persistence: string | null;
  @Column('text', { nullable: true }) recurrence: string | null;
  @Column('text', { name: 'psychosocial_damage', nullable: true }) psychosocialDamage: string | null;
  @Column('text', { nullable: true }) rationale: string | null;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  @Column('timestamptz', { name: 'superseded_at', nullable: true }) supersededAt: Date | null;
  @Column('uuid', { name: 'superseded_by_id', nullable: true }) supersededById: string | null;
  @Column('uuid', { name: 'author_agency_id' }) authorAgencyId: string;
  @Column('uuid', { name: 'author_user_id' }) authorUserId: string;
  @Column('uuid', { name: 'updated_by_agency_id' }) updatedByAgencyId: string;
  @Column('uuid', { name: 'updated_by_user_id' }) updatedByUserId: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ schema: 'cases', name: 'sdash_answers' })
export class SDashAnswerEntity {
  @PrimaryColumn('uuid', { name: 'assessment_id' }) assessmentId: string;
  @PrimaryColumn('integer') question: number;
  @Column('text') answer: AnswerValue;
  @Column('text', { nullable: true }) comment: string | null;
}

@Entity({ schema: 'cases', name: 'risk_agreements' })
export class RiskAgreementEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') level: RiskLevel;
  @Column('text', { name: 'previous_level', nullable: true }) previousLevel: RiskLevel | null;
  @Column('text') rationale: string;
  @Column('uuid', { name: 'agreed_by_user_id' }) agreedByUserId: string;
  @Column('uuid', { name: 'agreed_by_agency_id' }) agreedByAgencyId: string;
  @Column('integer', { name: 'case_version' }) caseVersion: number;
  @Column('timestamptz', { name: 'agreed_at' }) agreedAt: Date;
}

@Entity({ schema: 'cases', name: 'risk_agreement_citations' })
export class RiskAgreementCitationEntity {
  @PrimaryColumn('uuid', { name: 'agreement_id' }) agreementId: string;
  @PrimaryColumn('uuid', { name: 'assessment_id' }) assessmentId: string;
}
