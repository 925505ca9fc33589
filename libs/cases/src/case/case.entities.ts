import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseStatus, CjStatus, ParticipantRole, RiskLevel, SharingBasis } from '@scp/contracts';

@Entity({ schema: 'cases', name: 'cases' })
export class CaseEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') reference: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId: string;
  @Column('text') tier: 'CLINIC_CASE' | 'CONSULTATION_ONLY';
  @Column('text') status: CaseStatus;
  @Column('text', { name: 'cj_status' }) cjStatus: CjStatus;
  @Column('uuid', { name: 'lead_agency_id' }) leadAgencyId: string;
  @Column('uuid', { name: 'owner_user_id', nullable: true }) ownerUserId: string | null;
  @Column('date', { name: 'next_review_on', nullable: true }) nextReviewOn: string | null;
  @Column('text', { name: 'agreed_risk_level', nullable: true }) agreedRiskLevel: RiskLevel | null;
  @Column('uuid', { name: 'referral_id', nullable: true }) referralId: string | null;
  @Column('uuid', { name: 'repeat_of_case_id', nullable: true }) repeatOfCaseId: string | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('timestamptz', { name: 'urgent_review_requested_at', nullable: true })
  urgentReviewRequestedAt: Date | null;
  @Column('uuid', { name: 'created_by_user_id' }) createdByUserId: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ schema: 'cases', name: 'case_reference_counters' })
export class CaseReferenceCounterEntity {
  @PrimaryColumn('uuid', { name: 'clinic_id' }) clinicId: string;
  @PrimaryColumn('integer') year: number;
  @Column('integer', { name: 'last_value' }) lastValue: number;
}

@Entity({ schema: 'cases', name: 'participants' })
export class ParticipantEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('text', { name: 'role_in_case' }) roleInCase: ParticipantRole;
  @Column('text', { name: 'sharing_basis' }) sharingBasis: SharingBasis;
  @Column('text', { name: 'basis_rationale', nullable: true }) basisRationale: string | null;
  @Column('timestamptz', { name: 'joined_at' }) joinedAt: Date;
  @Column('timestamptz', { name: 'left_at', nullable: true }) leftAt: Date | null;
  @Column('uuid', { name: 'added_by_user_id' }) addedByUserId: string;
  @Column('uuid', { name: 'ended_by_user_id', nullable: true }) endedByUserId: string | null;
  @Column('text', { name: 'end_reason', nullable: true }) endReason: string | null;
}

@Entity({ schema: 'cases', name: 'break_glass_grants' })
export class BreakGlassGrantEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('text') purpose: string;
  @Column('timestamptz', { name: 'granted_at' }) grantedAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
}

/** A refused free-text write (docs/free-text.md): who, which case and field, whether it matched. */
@Entity({ schema: 'cases', name: 'free_text_refusals' })
export class FreeTextRefusalEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') field: string;
  @Column('boolean') matched: boolean;
  @Column('text', { name: 'request_id', nullable: true }) requestId: string | null;
  @Column('date', { name: 'refused_on' }) refusedOn: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
