import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An order type and its rules: configuration rows, seeded by the migration. */
@Entity({ schema: 'cases', name: 'order_types' })
export class OrderTypeEntity {
  @PrimaryColumn('text') code: string;
  @Column('text') name: string;
  @Column('boolean', { name: 'is_spo' }) isSpo: boolean;
  @Column('boolean', { name: 'is_interim' }) isInterim: boolean;
  @Column('integer', { name: 'min_fixed_months', nullable: true }) minFixedMonths: number | null;
  @Column('boolean', { name: 'allows_until_further_order' }) allowsUntilFurtherOrder: boolean;
  @Column('boolean', { name: 'requires_notification' }) requiresNotification: boolean;
  @Column('integer', { name: 'notification_days', nullable: true }) notificationDays: number | null;
  @Column('text', { name: 'no_new_notification_when_replacing', array: true })
  noNewNotificationWhenReplacing: string[];
  @Column('integer', { name: 'sort_order' }) sortOrder: number;
  @Column('boolean') active: boolean;
}

@Entity({ schema: 'cases', name: 'orders' })
export class OrderEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('text', { name: 'order_type_code' }) orderTypeCode: string;
  @Column('text') status: string;
  @Column('date', { name: 'applied_on', nullable: true }) appliedOn: string | null;
  @Column('date', { name: 'granted_on', nullable: true }) grantedOn: string | null;
  @Column('date', { name: 'served_on', nullable: true }) servedOn: string | null;
  @Column('date', { name: 'fixed_end_on', nullable: true }) fixedEndOn: string | null;
  @Column('boolean', { name: 'until_further_order' }) untilFurtherOrder: boolean;
  @Column('date', { name: 'ended_on', nullable: true }) endedOn: string | null;
  @Column('uuid', { name: 'replaces_order_id', nullable: true }) replacesOrderId: string | null;
  @Column('date', { name: 'notification_due_on', nullable: true }) notificationDueOn: string | null;
  @Column('date', { name: 'notification_received_on', nullable: true }) notificationReceivedOn: string | null;
  @Column('uuid', { name: 'created_by_agency_id' }) createdByAgencyId: string;
  @Column('uuid', { name: 'created_by_user_id' }) createdByUserId: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ schema: 'cases', name: 'order_conditions' })
export class OrderConditionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'order_id' }) orderId: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('integer') position: number;
  @Column('text', { name: 'served_text' }) servedText: string;
  @Column('text', { name: 'protected_kind', nullable: true }) protectedKind: string | null;
  @Column('text', { name: 'protected_detail', nullable: true }) protectedDetail: string | null;
  @Column('uuid', { name: 'created_by_agency_id' }) createdByAgencyId: string;
  @Column('uuid', { name: 'created_by_user_id' }) createdByUserId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
