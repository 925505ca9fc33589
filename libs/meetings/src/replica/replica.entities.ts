import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The cases service's case header, as far as visibility needs it (fed by case events). */
@Entity({ schema: 'meetings', name: 'case_replica' })
export class CaseReplicaEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId: string;
  @Column('uuid', { name: 'lead_agency_id', nullable: true }) leadAgencyId: string | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** Which agencies currently participate in a case (fed by case events). */
@Entity({ schema: 'meetings', name: 'case_participation' })
export class CaseParticipationEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId: string;
  @PrimaryColumn('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('uuid', { name: 'clinic_id' }) clinicId: string;
  @Column('boolean') active: boolean;
  @Column('timestamptz', { name: 'changed_at' }) changedAt: Date;
}

/** A clinic's configuration as the cases service last announced it (`clinic.updated`). */
@Entity({ schema: 'meetings', name: 'clinic_replica' })
export class ClinicReplicaEntity {
  @PrimaryColumn('uuid', { name: 'clinic_id' }) clinicId: string;
  @Column('text') cadence: string;
  @Column('integer', { name: 'meeting_weekday' }) meetingWeekday: number;
  @Column('integer', { name: 'referral_deadline_working_days' }) referralDeadlineWorkingDays: number;
  @Column('integer', { name: 'agenda_publication_working_days' }) agendaPublicationWorkingDays: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** An agency that has signed a clinic's information sharing agreement, and when. */
@Entity({ schema: 'meetings', name: 'clinic_isa' })
export class ClinicIsaEntity {
  @PrimaryColumn('uuid', { name: 'clinic_id' }) clinicId: string;
  @PrimaryColumn('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('date', { name: 'isa_signed_on' }) isaSignedOn: string;
}
