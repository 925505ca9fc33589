import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AgeBand, LocationKind, PersonRole } from '@scp/contracts';

@Entity({ schema: 'cases', name: 'persons' })
export class PersonEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') role: PersonRole;
  @Column('text') alias: string;
  @Column('text', { name: 'given_name', nullable: true }) givenName: string | null;
  @Column('text', { name: 'family_name', nullable: true }) familyName: string | null;
  @Column('text', { name: 'other_names', array: true }) otherNames: string[];
  @Column('date', { name: 'date_of_birth', nullable: true }) dateOfBirth: string | null;
  @Column('text', { name: 'relationship_to_subject', nullable: true }) relationshipToSubject: string | null;
  @Column('text', { name: 'age_band', nullable: true }) ageBand: AgeBand | null;
  @Column('text', { name: 'vulnerability_flags', array: true }) vulnerabilityFlags: string[];
  @Column('boolean', { name: 'proximity_concern', nullable: true }) proximityConcern: boolean | null;
  @Column('text', { name: 'victim_code_entitlement', nullable: true }) victimCodeEntitlement: string | null;
  @Column('uuid', { name: 'created_by_agency_id' }) createdByAgencyId: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ schema: 'cases', name: 'locations' })
export class LocationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'person_id' }) personId: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') kind: LocationKind;
  @Column('text', { name: 'address_line1', nullable: true }) addressLine1: string | null;
  @Column('text', { name: 'address_line2', nullable: true }) addressLine2: string | null;
  @Column('text', { nullable: true }) town: string | null;
  @Column('text', { nullable: true }) postcode: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) details: string | null;
  @Column('boolean') current: boolean;
  @Column('uuid', { name: 'recorded_by_agency_id' }) recordedByAgencyId: string;
  @Column('uuid', { name: 'recorded_by_user_id' }) recordedByUserId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'superseded_at', nullable: true }) supersededAt: Date | null;
}

@Entity({ schema: 'cases', name: 'victim_voice' })
export class VictimVoiceEntity {
  @PrimaryColumn('uuid', { name: 'person_id' }) personId: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text', { name: 'voice_summary', nullable: true }) voiceSummary: string | null;
  @Column('text', { name: 'safety_plan_summary', nullable: true }) safetyPlanSummary: string | null;
  @Column('text', { name: 'shared_summary', nullable: true }) sharedSummary: string | null;
  @Column('uuid', { name: 'updated_by_agency_id' }) updatedByAgencyId: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
