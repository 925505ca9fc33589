import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One notification in a user's inbox: a neutral title and a link, never case content. */
@Entity({ schema: 'notifications', name: 'inbox_items' })
export class InboxItemEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text') kind: string;
  @Column('text') title: string;
  @Column('text') link: string;
  @Column('uuid', { name: 'case_id', nullable: true }) caseId: string | null;
  @Column('uuid', { name: 'source_id' }) sourceId: string;
  @Column('jsonb') meta: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'read_at', nullable: true }) readAt: Date | null;
}

/** One email of one inbox item: the delivery log admins read. */
@Entity({ schema: 'notifications', name: 'email_deliveries' })
export class EmailDeliveryEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'inbox_item_id' }) inboxItemId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'to_address' }) toAddress: string;
  @Column('text') status: string;
  @Column('integer') attempts: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('text', { name: 'message_id', nullable: true }) messageId: string | null;
  @Column('timestamptz', { name: 'enqueued_at', nullable: true }) enqueuedAt: Date | null;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** A user's choice for one kind: email or not, at once or in the daily digest. */
@Entity({ schema: 'notifications', name: 'preferences' })
export class PreferenceEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @PrimaryColumn('text') kind: string;
  @Column('boolean') email: boolean;
  @Column('boolean') digest: boolean;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** A reminder due later: the row is the truth, the delayed job only wakes the worker. */
@Entity({ schema: 'notifications', name: 'reminders' })
export class ReminderEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') kind: string;
  @Column('uuid', { name: 'subject_id' }) subjectId: string;
  @Column('uuid', { name: 'case_id', nullable: true }) caseId: string | null;
  @Column('timestamptz', { name: 'fire_at' }) fireAt: Date;
  @Column('jsonb') payload: Record<string, unknown>;
  @Column('text') status: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'fired_at', nullable: true }) firedAt: Date | null;
}

export const NOTIFICATIONS_ENTITIES = [
  InboxItemEntity,
  EmailDeliveryEntity,
  PreferenceEntity,
  ReminderEntity,
];
