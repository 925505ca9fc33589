import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LocationKind } from '@scp/contracts';

/** TypeORM mirrors of the referrals schema (used by the drift check; services write raw SQL). */
@Entity({ schema: 'referrals', name: 'reference_counters' })
export class ReferenceCounterEntity {
  @PrimaryColumn('integer') year: number;
  @Column('integer', { name: 'last_value' }) lastValue: number;
}

@Entity({ schema: 'referrals', name: 'referrals' })
export class ReferralEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') reference: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId: string;
  @Column('uuid', { name: 'referrer_user_id' }) referrerUserId: string;
  @Column('uuid', { name: 'referrer_agency_id' }) referrerAgencyId: string;
  @Column('text') status: string;
  @Column('text') urgency: string;
  @Column('text') reason: string;
  @Column('text', { array: true }) behaviours: string[];
  @Column('text', { name: 'crime_references', array: true }) crimeReferences: string[];
  @Column('text', { name: 'cj_status' }) cjStatus: string;
  @Column('text', { name: 'sharing_basis' }) sharingBasis: string;
  @Column('text', { name: 'basis_rationale', nullable: true }) basisRationale: string | null;
  @Column('text', { name: 'subject_given_name', nullable: true }) subjectGivenName: string | null;
  @Column('text', { name: 'subject_family_name', nullable: true }) subjectFamilyName: string | null;
  @Column('text', { name: 'subject_other_names', array: true }) subjectOtherNames: string[];
  @Column('date', { name: 'subject_date_of_birth', nullable: true }) subjectDateOfBirth: string | null;
  @Column('text', { name: 'victim_given_name', nullable: true }) victimGivenName: string | null;
  @Column('text', { name: 'victim_family_name', nullable: true }) victimFamilyName: string | null;
  @Column('date', { name: 'victim_date_of_birth', nullable: true }) victimDateOfBirth: string | null;
  @Column('text', { name: 'victim_relationship', nullable: true }) victimRelationship: string | null;
  @Column('boolean', { name: 'sdash_answers', array: true, nullable: true }) sdashAnswers: boolean[] | null;
  @Column('integer', { name: 'sdash_score', nullable: true }) sdashScore: number | null;
  @Column('text', { nullable: true }) tier: string | null;
  @Column('uuid', { name: 'lead_agency_id', nullable: true }) leadAgencyId: string | null;
  @Column('uuid', { name: 'participant_agency_ids', array: true }) participantAgencyIds: string[];
  @Column('text', { name: 'decision_reason', nullable: true }) decisionReason: string | null;
  @Column('uuid', { name: 'case_id', nullable: true }) caseId: string | null;
  @Column('boolean', { name: 'case_open' }) caseOpen: boolean;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  @Column('timestamptz', { name: 'screening_started_at', nullable: true }) screeningStartedAt: Date | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('timestamptz', { name: 'screening_due_at', nullable: true }) screeningDueAt: Date | null;
  @Column('timestamptz', { name: 'overdue_flagged_at', nullable: true }) overdueFlaggedAt: Date | null;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ schema: 'referrals', name: 'victim_locations' })
export class VictimLocationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'referral_id' }) referralId: string;
  @Column('text') kind: LocationKind;
  @Column('text', { name: 'address_line1', nullable: true }) addressLine1: string | null;
  @Column('text', { nullable: true }) town: string | null;
  @Column('text', { nullable: true }) postcode: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) details: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity({ schema: 'referrals', name: 'questions' })
export class QuestionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'referral_id' }) referralId: string;
  @Column('text') question: string;
  @Column('uuid', { name: 'asked_by_user_id' }) askedByUserId: string;
  @Column('uuid', { name: 'asked_by_agency_id' }) askedByAgencyId: string;
  @Column('timestamptz', { name: 'asked_at' }) askedAt: Date;
  @Column('text', { nullable: true }) answer: string | null;
  @Column('uuid', { name: 'answered_by_user_id', nullable: true }) answeredByUserId: string | null;
  @Column('timestamptz', { name: 'answered_at', nullable: true }) answeredAt: Date | null;
}

@Entity({ schema: 'referrals', name: 'duplicate_flags' })
export class DuplicateFlagEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'referral_id' }) referralId: string;
  @Column('text', { name: 'other_kind' }) otherKind: string;
  @Column('uuid', { name: 'other_referral_id' }) otherReferralId: string;
  @Column('uuid', { name: 'other_case_id', nullable: true }) otherCaseId: string | null;
  @Column('text', { name: 'other_reference' }) otherReference: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity({ schema: 'referrals', name: 'case_participation' })
export class CaseParticipationEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId: string;
  @PrimaryColumn('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId: string;
  @Column('boolean') active: boolean;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** The agencies that signed a clinic's information sharing agreement, as `clinic.updated` said. */
@Entity({ schema: 'referrals', name: 'clinic_replica' })
export class ClinicReplicaEntity {
  @PrimaryColumn('uuid', { name: 'clinic_id' }) clinicId: string;
  @Column('uuid', { name: 'isa_agency_ids', array: true }) isaAgencyIds: string[];
  @Column('date', { name: 'isa_signed_on', array: true }) isaSignedOn: string[];
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** A refused free-text write on a referral (docs/free-text.md): who, where, whether it matched. */
@Entity({ schema: 'referrals', name: 'free_text_refusals' })
export class ReferralFreeTextRefusalEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'referral_id', nullable: true }) referralId: string | null;
  @Column('uuid', { name: 'clinic_id' }) clinicId: string;
  @Column('text') field: string;
  @Column('boolean') matched: boolean;
  @Column('text', { name: 'request_id', nullable: true }) requestId: string | null;
  @Column('date', { name: 'refused_on' }) refusedOn: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

export const REFERRALS_ENTITIES = [
  ReferenceCounterEntity,
  ReferralEntity,
  VictimLocationEntity,
  QuestionEntity,
  DuplicateFlagEntity,
  CaseParticipationEntity,
  ClinicReplicaEntity,
  ReferralFreeTextRefusalEntity,
];
