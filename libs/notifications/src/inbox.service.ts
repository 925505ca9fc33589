import { Inject, Injectable } from '@nestjs/common';
import {
  In,
  IsNull,
  type DataSource,
  type EntityTarget,
  type ObjectLiteral,
  type SelectQueryBuilder,
} from 'typeorm';
import { effectiveRoles } from '@scp/platform-access';
import { badInput, forbidden, notFound, type AuditEventInput } from '@scp/platform-graphql';
import { NOTIFICATION_KINDS, KIND_CODES } from './catalog.js';
import type { NotificationsContext } from './context.js';
import type { NotificationPipeline } from './pipeline.js';
import { EmailDeliveryEntity, InboxItemEntity, PreferenceEntity } from './entities.js';

export const NOTIFICATIONS_DATA_SOURCE = Symbol('NOTIFICATIONS_DATA_SOURCE');
export const NOTIFICATIONS_AUDIT = Symbol('NOTIFICATIONS_AUDIT');
export const NOTIFICATIONS_PIPELINE = Symbol('NOTIFICATIONS_PIPELINE');

export interface AuditWriterLike {
  write(events: AuditEventInput[]): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Item = Pick<InboxItemEntity, 'id' | 'kind' | 'title' | 'link' | 'createdAt' | 'readAt' | 'caseId'>;
const ITEM_COLUMNS: (keyof Item)[] = ['id', 'kind', 'title', 'link', 'createdAt', 'readAt', 'caseId'];
const item = (r: Item) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  link: r.link,
  createdAt: r.createdAt,
  readAt: r.readAt,
  case: r.caseId ? { __typename: 'Case' as const, id: r.caseId } : null,
});

const cursorOf = (r: Item) => Buffer.from(`${r.createdAt.toISOString()}|${r.id}`).toString('base64url');
function parseCursor(c: string): [Date, string] {
  const [at, id] = Buffer.from(c, 'base64url').toString().split('|');
  const d = new Date(at ?? '');
  if (Number.isNaN(d.getTime()) || !id || !UUID.test(id)) throw badInput('Invalid cursor', 'after');
  return [d, id];
}

/**
 * The signed-in user's own inbox and preferences (nothing of anyone else's), and the delivery
 * log for system administrators, who see addresses and codes but never a message body.
 */
@Injectable()
export class InboxService {
  constructor(
    @Inject(NOTIFICATIONS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(NOTIFICATIONS_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(NOTIFICATIONS_PIPELINE) private readonly pipeline: NotificationPipeline,
  ) {}

  async page(
    ctx: NotificationsContext,
    args: { first?: number | null; after?: string | null; unreadOnly?: boolean | null },
  ) {
    const first = Math.min(Math.max(args.first ?? 20, 1), 100);
    const qb = this.ds
      .createQueryBuilder(InboxItemEntity, 'i')
      .select(ITEM_COLUMNS.map((c) => `i.${c}`))
      .where({ userId: ctx.actor.userId });
    if (args.unreadOnly) qb.andWhere({ readAt: IsNull() });
    if (args.after) {
      const [at, id] = parseCursor(args.after);
      qb.andWhere('(i.createdAt, i.id) < (:at, :id::uuid)', { at, id });
    }
    const rows = await qb
      .orderBy('i.createdAt', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(first + 1)
      .getMany();
    const more = rows.length > first;
    const page = rows.slice(0, first);
    return { items: page.map(item), nextCursor: more ? cursorOf(page[page.length - 1]!) : null };
  }

  async unreadCount(ctx: NotificationsContext): Promise<number> {
    return this.ds.getRepository(InboxItemEntity).countBy({ userId: ctx.actor.userId, readAt: IsNull() });
  }

  async markRead(ctx: NotificationsContext, id: string) {
    if (!UUID.test(id)) throw badInput('id must be an id', 'id');
    const updated = await this.ds
      .createQueryBuilder()
      .update(InboxItemEntity)
      .set({ readAt: () => 'coalesce(read_at, now())' })
      .where({ id, userId: ctx.actor.userId })
      .returning(ITEM_COLUMNS)
      .updateEntity(false)
      .execute();
    const [row] = updated.raw as Record<string, unknown>[];
    // Someone else's item is not found, like one that does not exist.
    if (!row) throw notFound('Notification');
    return item(this.ds.getRepository(InboxItemEntity).create(fromColumns(this.ds, InboxItemEntity, row)));
  }

  async markAllRead(ctx: NotificationsContext): Promise<number> {
    const updated = await this.ds
      .getRepository(InboxItemEntity)
      .update({ userId: ctx.actor.userId, readAt: IsNull() }, { readAt: () => 'now()' });
    return updated.affected ?? 0;
  }

  async preferences(ctx: NotificationsContext) {
    const rows = await this.ds.getRepository(PreferenceEntity).findBy({ userId: ctx.actor.userId });
    const mine = new Map(rows.map((r) => [r.kind, r]));
    return KIND_CODES.map((kind) => {
      const def = NOTIFICATION_KINDS.get(kind)!;
      const p = mine.get(kind);
      const critical = def.safetyCritical === true;
      return {
        kind,
        description: def.description,
        email: critical || (p?.email ?? true),
        digest: !critical && (p?.digest ?? false),
        safetyCritical: critical,
      };
    });
  }

  async setPreference(ctx: NotificationsContext, input: { kind: string; email: boolean; digest: boolean }) {
    const def = NOTIFICATION_KINDS.get(input.kind);
    if (!def) throw badInput('Unknown notification kind', 'kind');
    if (def.safetyCritical && (!input.email || input.digest))
      throw badInput('Safety-critical notifications are always emailed at once', 'email');
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(PreferenceEntity)
      .values({
        userId: ctx.actor.userId,
        kind: input.kind,
        email: input.email,
        digest: input.email && input.digest,
        updatedAt: () => 'now()',
      })
      .orUpdate(['email', 'digest', 'updated_at'], ['user_id', 'kind'])
      .updateEntity(false)
      .execute();
    return (await this.preferences(ctx)).find((p) => p.kind === input.kind)!;
  }

  private requireAdmin(ctx: NotificationsContext): void {
    if (!effectiveRoles(ctx.actor).includes('SYSTEM_ADMIN'))
      throw forbidden('Only a system administrator may read the delivery log');
  }

  async deliveries(ctx: NotificationsContext, filter: { status?: string[] | null; first?: number | null }) {
    this.requireAdmin(ctx);
    const rows = await this.deliveryRows((qb) => {
      if (filter.status?.length) qb.where({ status: In(filter.status) });
      return qb
        .orderBy('d.createdAt', 'DESC')
        .addOrderBy('d.id', 'DESC')
        .limit(Math.min(filter.first ?? 50, 200));
    });
    await this.audit.write([this.adminEvent(ctx, 'VIEW', 'EmailDelivery', null, 'emailDeliveries')]);
    return rows;
  }

  async retry(ctx: NotificationsContext, id: string) {
    this.requireAdmin(ctx);
    if (!UUID.test(id)) throw badInput('id must be an id', 'id');
    if (!(await this.pipeline.retryDelivery(id)))
      throw badInput('Only a failed delivery can be retried', 'id');
    await this.audit.write([this.adminEvent(ctx, 'UPDATE', 'EmailDelivery', id, 'retryEmailDelivery')]);
    const [row] = await this.deliveryRows((qb) => qb.where({ id }));
    return row ?? null;
  }

  /** Delivery log rows as GraphQL shapes, each with its item's kind, in one statement. */
  private async deliveryRows(
    narrow: (qb: SelectQueryBuilder<EmailDeliveryEntity>) => SelectQueryBuilder<EmailDeliveryEntity>,
  ) {
    const { entities, raw } = await narrow(
      this.ds
        .createQueryBuilder(EmailDeliveryEntity, 'd')
        .innerJoin(InboxItemEntity, 'i', 'i.id = d.inboxItemId')
        .addSelect('i.kind', 'kind'),
    ).getRawAndEntities<{ kind: string }>();
    return entities.map((d, index) => ({
      id: d.id,
      notificationId: d.inboxItemId,
      kind: raw[index]!.kind,
      userId: d.userId,
      toAddress: d.toAddress,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      createdAt: d.createdAt,
      sentAt: d.sentAt,
    }));
  }

  private adminEvent(
    ctx: NotificationsContext,
    action: 'VIEW' | 'UPDATE',
    entityType: string,
    entityId: string | null,
    operation: string,
  ): AuditEventInput {
    return {
      actorId: ctx.actor.userId,
      actorAgencyId: ctx.actor.agencyId,
      action,
      entityType,
      entityId,
      categories: [],
      purpose: `${operation} by SYSTEM_ADMIN of agency ${ctx.actor.agencyId}`,
      requestId: ctx.actor.requestId,
    };
  }
}

/** A row `RETURNING` gave (keyed by column) as the entity's properties. */
function fromColumns<T extends ObjectLiteral>(
  ds: DataSource,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
) {
  const props: Record<string, unknown> = {};
  for (const column of ds.getMetadata(target).columns)
    if (column.databaseName in row) props[column.propertyName] = row[column.databaseName];
  return props as Partial<T>;
}
