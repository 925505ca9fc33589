import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { updateReturning } from '@scp/platform-database';
import { effectiveRoles } from '@scp/platform-access';
import { badInput, forbidden, notFound, type AuditEventInput } from '@scp/platform-graphql';
import { NOTIFICATION_KINDS, KIND_CODES } from './catalog.js';
import type { NotificationsContext } from './context.js';
import type { NotificationPipeline } from './pipeline.js';

export const NOTIFICATIONS_DATA_SOURCE = Symbol('NOTIFICATIONS_DATA_SOURCE');
export const NOTIFICATIONS_AUDIT = Symbol('NOTIFICATIONS_AUDIT');
export const NOTIFICATIONS_PIPELINE = Symbol('NOTIFICATIONS_PIPELINE');

export interface AuditWriterLike {
  write(events: AuditEventInput[]): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ItemRow {
  id: string;
  kind: string;
  title: string;
  link: string;
  created_at: Date;
  read_at: Date | null;
  case_id: string | null;
}
const item = (r: ItemRow) => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  link: r.link,
  createdAt: r.created_at,
  readAt: r.read_at,
  case: r.case_id ? { __typename: 'Case' as const, id: r.case_id } : null,
});

const cursorOf = (r: ItemRow) => Buffer.from(`${r.created_at.toISOString()}|${r.id}`).toString('base64url');
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
    const params: unknown[] = [ctx.actor.userId];
    let where = 'user_id = $1';
    if (args.unreadOnly) where += ' AND read_at IS NULL';
    if (args.after) {
      const [at, id] = parseCursor(args.after);
      params.push(at, id);
      where += ` AND (created_at, id) < ($2, $3::uuid)`;
    }
    const rows: ItemRow[] = await this.ds.query(
      `SELECT id, kind, title, link, created_at, read_at, case_id FROM notifications.inbox_items
        WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ${first + 1}`,
      params,
    );
    const more = rows.length > first;
    const page = rows.slice(0, first);
    return { items: page.map(item), nextCursor: more ? cursorOf(page[page.length - 1]!) : null };
  }

  async unreadCount(ctx: NotificationsContext): Promise<number> {
    const [r]: { n: number }[] = await this.ds.query(
      `SELECT count(*)::int AS n FROM notifications.inbox_items WHERE user_id = $1 AND read_at IS NULL`,
      [ctx.actor.userId],
    );
    return r!.n;
  }

  async markRead(ctx: NotificationsContext, id: string) {
    if (!UUID.test(id)) throw badInput('id must be an id', 'id');
    const rows = await updateReturning<ItemRow>(
      this.ds,
      `UPDATE notifications.inbox_items SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2
       RETURNING id, kind, title, link, created_at, read_at, case_id`,
      [id, ctx.actor.userId],
    );
    // Someone else's item is not found, like one that does not exist.
    if (!rows.length) throw notFound('Notification');
    return item(rows[0]!);
  }

  async markAllRead(ctx: NotificationsContext): Promise<number> {
    const rows = await updateReturning(
      this.ds,
      `UPDATE notifications.inbox_items SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING id`,
      [ctx.actor.userId],
    );
    return rows.length;
  }

  async preferences(ctx: NotificationsContext) {
    const rows: { kind: string; email: boolean; digest: boolean }[] = await this.ds.query(
      `SELECT kind, email, digest FROM notifications.preferences WHERE user_id = $1`,
      [ctx.actor.userId],
    );
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
    await this.ds.query(
      `INSERT INTO notifications.preferences (user_id, kind, email, digest) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, kind) DO UPDATE SET email = EXCLUDED.email, digest = EXCLUDED.digest, updated_at = now()`,
      [ctx.actor.userId, input.kind, input.email, input.email && input.digest],
    );
    return (await this.preferences(ctx)).find((p) => p.kind === input.kind)!;
  }

  private requireAdmin(ctx: NotificationsContext): void {
    if (!effectiveRoles(ctx.actor).includes('SYSTEM_ADMIN'))
      throw forbidden('Only a system administrator may read the delivery log');
  }

  async deliveries(ctx: NotificationsContext, filter: { status?: string[] | null; first?: number | null }) {
    this.requireAdmin(ctx);
    const rows = await this.deliveryRows(
      `WHERE ($1::text[] IS NULL OR d.status = ANY($1::text[])) ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
      [filter.status?.length ? filter.status : null, Math.min(filter.first ?? 50, 200)],
    );
    await this.audit.write([this.adminEvent(ctx, 'VIEW', 'EmailDelivery', null, 'emailDeliveries')]);
    return rows;
  }

  async retry(ctx: NotificationsContext, id: string) {
    this.requireAdmin(ctx);
    if (!UUID.test(id)) throw badInput('id must be an id', 'id');
    if (!(await this.pipeline.retryDelivery(id)))
      throw badInput('Only a failed delivery can be retried', 'id');
    await this.audit.write([this.adminEvent(ctx, 'UPDATE', 'EmailDelivery', id, 'retryEmailDelivery')]);
    const [row] = await this.deliveryRows('WHERE d.id = $1', [id]);
    return row ?? null;
  }

  /** Delivery log rows as GraphQL shapes; `where` is fixed SQL from this class, values are bound. */
  private async deliveryRows(where: string, params: unknown[]) {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT d.id, d.inbox_item_id, i.kind, d.user_id, d.to_address, d.status, d.attempts, d.last_error, d.created_at, d.sent_at
         FROM notifications.email_deliveries d JOIN notifications.inbox_items i ON i.id = d.inbox_item_id ${where}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      notificationId: r.inbox_item_id,
      kind: r.kind,
      userId: r.user_id,
      toAddress: r.to_address,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at,
      sentAt: r.sent_at,
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
