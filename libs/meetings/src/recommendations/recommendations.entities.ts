import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A recommendation made at a meeting for one case. */
@Entity({ schema: 'meetings', name: 'recommendations' })
export class RecommendationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'meeting_id' }) meetingId: string;
  @Column('uuid', { name: 'agenda_item_id' }) agendaItemId: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text') category: string;
  @Column('text') text: string;
  @Column('text', { nullable: true }) rationale: string | null;
  @Column('text') status: string;
  @Column('uuid', { name: 'proposed_by_user_id' }) proposedByUserId: string;
  @Column('uuid', { name: 'decided_by_user_id', nullable: true }) decidedByUserId: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

/** One agency's recorded dissent. */
@Entity({ schema: 'meetings', name: 'recommendation_dissents' })
export class RecommendationDissentEntity {
  @PrimaryColumn('uuid', { name: 'recommendation_id' }) recommendationId: string;
  @PrimaryColumn('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('text') reason: string;
  @Column('uuid', { name: 'recorded_by_user_id' }) recordedByUserId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
