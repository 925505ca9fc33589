import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AgencyType, Role } from '@scp/contracts';

@Entity({ schema: 'cases', name: 'agencies' })
export class AgencyEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('text') type: AgencyType;
  @Column('boolean') active: boolean;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ schema: 'cases', name: 'clinics' })
export class ClinicEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('text') cadence: 'WEEKLY' | 'FORTNIGHTLY' | 'MONTHLY';
  @Column('integer', { name: 'meeting_weekday' }) meetingWeekday: number;
  @Column('integer', { name: 'referral_deadline_working_days' }) referralDeadlineWorkingDays: number;
  @Column('integer', { name: 'agenda_publication_working_days' }) agendaPublicationWorkingDays: number;
  @Column('boolean') active: boolean;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ schema: 'cases', name: 'clinic_members' })
export class ClinicMemberEntity {
  @PrimaryColumn('uuid', { name: 'clinic_id' }) clinicId: string;
  @PrimaryColumn('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('date', { name: 'isa_signed_on', nullable: true }) isaSignedOn: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity({ schema: 'cases', name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') username: string;
  @Column('text', { name: 'external_subject', nullable: true }) externalSubject: string | null;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { nullable: true }) email: string | null;
  @Column('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('boolean') active: boolean;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ schema: 'cases', name: 'user_roles' })
export class UserRoleEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text') role: Role;
  @Column('uuid', { name: 'clinic_id', nullable: true }) clinicId: string | null;
}
