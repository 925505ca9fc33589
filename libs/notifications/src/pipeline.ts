import { reminderLateness } from '@scp/platform-telemetry';
import {
  In,
  LessThanOrEqual,
  Not,
  type DataSource,
  type EntityManager,
  type QueryDeepPartialEntity,
  type SelectQueryBuilder,
} from 'typeorm';
import { EVENT_TYPES, type EventEnvelope, type Recipient, type RecipientQuery } from '@scp/contracts';
import {
  englandAndWales,
  fromLondonWallTime,
  londonWallTime,
  parseDay,
  shiftDay,
} from '@scp/platform-calendar';
import { withTransaction, type PlatformLogger } from '@scp/platform-database';
import {
  CANCELLING_EVENTS,
  kindsForEvent,
  NOTIFICATION_KINDS,
  SCHEDULING_EVENTS,
  str,
  type KindDef,
  type Payload,
} from './catalog.js';

export type { RenderSource } from './message.js';
import { EmailDeliveryEntity, InboxItemEntity, PreferenceEntity, ReminderEntity } from './entities.js';
import { renderMessage, type RenderSource } from './message.js';
import type { Clock, JobPort, MailSender, NotificationSettings, RecipientDirectory } from './ports.js';

/** Fields of a meeting event kept with an inbox item to build its calendar invite at send time. */
const ICS_FIELDS = [
  'meetingId',
  'icsUid',
  'icsSequence',
  'startsAt',
  'endsAt',
  'place',
  'virtualLink',
  'status',
  'title',
];

/** An email delivery with the inbox item it sends. */
type DeliveryWithItem = EmailDeliveryEntity & { item: InboxItemEntity };

/** The database's `now()` as a value to set. */
const now = () => 'now()';

/** A JSON payload as a `jsonb` column value (TypeORM's deep partial cannot type `unknown`). */
const json = (value: Payload) => value as QueryDeepPartialEntity<Payload>;

export interface EmailOutcome {
  status: 'SENT' | 'SKIPPED' | 'FAILED' | 'RETRY' | 'NOOP';
}

/**
 * The notification pipeline, with every step idempotent so that a redelivered event, a retried
 * job or a re-run reminder never sends twice:
 * - an event raises zero or more kinds; each kind's recipients are asked of the cases service
 *   *now* (participation and roles as they are when the job runs);
 * - per recipient one inbox item (`UNIQUE (source_id, user_id, kind)`) and, where the kind and the
 *   user's preference want it, one email delivery (`UNIQUE (inbox_item_id)`), in one transaction;
 * - each email delivery is its own job; the job re-checks the recipient before sending;
 * - reminders are rows with their due time; a delayed job only wakes the worker, and the
 *   reconciler re-adds any the queue lost (a flushed or restarted Redis loses nothing).
 */
export class NotificationPipeline {
  constructor(
    private readonly ds: DataSource,
    private readonly directory: RecipientDirectory,
    private readonly mail: MailSender,
    private readonly jobs: JobPort,
    private readonly settings: NotificationSettings,
    private readonly clock: Clock = () => new Date(),
    private readonly logger?: PlatformLogger,
  ) {}

  // ───────────────────────────── events

  /** One event of another service. */
  async handleEvent(event: EventEnvelope): Promise<void> {
    const p = event.payload as Payload;
    if (SCHEDULING_EVENTS.has(event.type)) await this.schedule(event);
    if (CANCELLING_EVENTS.has(event.type)) await this.cancelReminders(event);
    for (const def of kindsForEvent(event.type)) await this.dispatch(def, event.id, p);
  }

  /** Inbox items and email deliveries of one kind for one source (event or reminder). */
  async dispatch(def: KindDef, sourceId: string, p: Payload): Promise<number> {
    const query = def.audience(p);
    if (!query) return 0;
    const excluded = new Set(def.excluded?.(p) ?? []);
    const recipients = (await this.directory.resolve(query)).filter((r) => !excluded.has(r.userId));
    if (!recipients.length) return 0;
    const meta: Payload = {};
    if (def.ics) for (const k of ICS_FIELDS) if (p[k] !== undefined) meta[k] = p[k];
    const caseId = str(p, 'caseId');
    const link = def.link(p);
    // Set-based: one INSERT for every recipient's inbox item (and, when any gets email, their
    // preferences and the email rows in the same transaction).
    const write = async (m: DataSource | EntityManager) => {
      // Exactly once per (source, user, kind): a redelivery inserts nothing and returns no row.
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(InboxItemEntity)
        .values(
          recipients.map((r) => ({
            userId: r.userId,
            kind: def.kind,
            title: def.title,
            link,
            caseId,
            sourceId,
            meta: json(meta),
          })),
        )
        .orIgnore()
        .returning(['id', 'userId'])
        .updateEntity(false)
        .execute();
      const items = inserted.raw as { id: string; user_id: string }[];
      const fresh = new Map(items.map((i) => [i.user_id, i.id]));
      const mailed = recipients.filter((r) => r.email && fresh.has(r.userId));
      if (!mailed.length) return [];
      const prefs = await this.preferencesOf(
        m,
        mailed.map((r) => r.userId),
        def.kind,
      );
      const rows: [string, string, string, string][] = [];
      for (const r of mailed) {
        const pref = prefs.get(r.userId);
        if (!def.safetyCritical && pref?.email === false) continue;
        const digest = !def.safetyCritical && pref?.digest === true;
        rows.push([fresh.get(r.userId)!, r.userId, r.email!, digest ? 'HELD_FOR_DIGEST' : 'PENDING']);
      }
      if (!rows.length) return [];
      const created = await m
        .createQueryBuilder()
        .insert()
        .into(EmailDeliveryEntity)
        .values(
          rows.map(([inboxItemId, userId, toAddress, status]) => ({
            inboxItemId,
            userId,
            toAddress,
            status,
          })),
        )
        .returning(['id', 'status'])
        .updateEntity(false)
        .execute();
      const d = created.raw as Pick<EmailDeliveryEntity, 'id' | 'status'>[];
      return d.filter((x) => x.status === 'PENDING').map((x) => x.id);
    };
    // Nobody to email: the single INSERT is atomic on its own.
    const pending = recipients.some((r) => r.email)
      ? await withTransaction(this.ds, write)
      : await write(this.ds);
    for (const id of pending) await this.enqueueEmail(id, 0);
    return recipients.length;
  }

  private async preferencesOf(m: DataSource | EntityManager, userIds: string[], kind: string) {
    const rows = await m.getRepository(PreferenceEntity).findBy({ userId: In(userIds), kind });
    return new Map(rows.map((r) => [r.userId, r]));
  }

  /** Adds the email job; when Redis is down the row stays PENDING and the reconciler adds it later. */
  private async enqueueEmail(id: string, attempt: number): Promise<void> {
    try {
      await this.jobs.enqueueEmail(id, attempt);
      await this.deliveries().update({ id }, { enqueuedAt: now });
    } catch (err) {
      this.logger?.warn({ deliveryId: id, err: { name: (err as Error).name } }, 'email job not queued yet');
    }
  }

  // ───────────────────────────── email

  /**
   * Sends one email delivery. Re-checks that the recipient is still entitled (else SKIPPED),
   * renders the message for them, and marks it SENT. A transient SMTP failure is retried by the
   * job (RETRY, thrown by the caller) until the last attempt, which marks it FAILED for an admin.
   */
  async sendEmail(deliveryId: string, lastAttempt: boolean): Promise<EmailOutcome> {
    const row = await this.withItems().where('d.id = :deliveryId', { deliveryId }).getOne();
    if (!row || row.status !== 'PENDING') return { status: 'NOOP' };
    const check: RecipientQuery = row.item.caseId
      ? { caseId: row.item.caseId, userIds: [row.userId] }
      : { userIds: [row.userId] };
    const [recipient] = await this.directory.resolve(check);
    if (!recipient?.email) {
      await this.mark(row.id, 'SKIPPED', row.attempts, 'NOT_ENTITLED');
      return { status: 'SKIPPED' };
    }
    try {
      const sent = await this.mail.send(this.render({ ...row.item, id: row.id }, recipient));
      await this.deliveries().update(
        { id: row.id, status: 'PENDING' },
        {
          status: 'SENT',
          attempts: () => 'attempts + 1',
          toAddress: recipient.email,
          messageId: sent.messageId,
          sentAt: now,
          lastError: null,
          updatedAt: now,
        },
      );
      return { status: 'SENT' };
    } catch (err) {
      const transient = (err as { transient?: unknown }).transient !== false;
      const code = String((err as { code?: unknown }).code ?? (err as Error).name ?? 'ERROR').slice(0, 60);
      if (transient && !lastAttempt) {
        await this.mark(row.id, 'PENDING', row.attempts + 1, code);
        return { status: 'RETRY' };
      }
      await this.mark(row.id, 'FAILED', row.attempts + 1, code);
      return { status: 'FAILED' };
    }
  }

  private async mark(id: string, status: string, attempts: number, error: string | null) {
    await this.deliveries().update({ id }, { status, attempts, lastError: error, updatedAt: now });
  }

  private deliveries() {
    return this.ds.getRepository(EmailDeliveryEntity);
  }

  private reminders() {
    return this.ds.getRepository(ReminderEntity);
  }

  /** Email deliveries `d`, each with its inbox item `i` mapped onto `item`, in one statement. */
  private withItems() {
    return this.ds
      .createQueryBuilder(EmailDeliveryEntity, 'd')
      .innerJoinAndMapOne(
        'd.item',
        InboxItemEntity,
        'i',
        'i.id = d.inboxItemId',
      ) as SelectQueryBuilder<DeliveryWithItem>;
  }

  /** The message for one recipient: the neutral title, a link, and (for meetings) the invite. */
  render(row: RenderSource, to: Recipient) {
    return renderMessage(this.settings, row, to);
  }

  // ───────────────────────────── reminders

  /** Reminders from a due date an event announced: rows first, then the wake-up jobs. */
  private async schedule(event: EventEnvelope): Promise<void> {
    const p = event.payload as Payload;
    const planned: { kind: string; subjectId: string; fireAt: Date }[] = [];
    const cal = englandAndWales();
    if (event.type === EVENT_TYPES.victimUpdateDue && str(p, 'victimUpdateId') && str(p, 'dueBy')) {
      const dueBy = new Date(str(p, 'dueBy')!);
      // The working day before, at 09:00 London; and the deadline itself.
      const dayBefore = cal.workingDayAfter(dueBy, -1);
      const soon = fromLondonWallTime({
        day: parseDay(dayBefore),
        hours: 9,
        minutes: 0,
        seconds: 0,
        milliseconds: 0,
      });
      planned.push({
        kind: 'VICTIM_UPDATE_DUE',
        subjectId: str(p, 'victimUpdateId')!,
        fireAt: soon < dueBy ? soon : dueBy,
      });
      planned.push({ kind: 'VICTIM_UPDATE_OVERDUE', subjectId: str(p, 'victimUpdateId')!, fireAt: dueBy });
    }
    if (event.type === EVENT_TYPES.orderNotificationDue && str(p, 'orderId') && str(p, 'dueOn')) {
      // Missed once the London day of the deadline has ended.
      const next = shiftDay(parseDay(str(p, 'dueOn')!), 1);
      planned.push({
        kind: 'SPO_NOTIFICATION_MISSED',
        subjectId: str(p, 'orderId')!,
        fireAt: fromLondonWallTime({ day: next, hours: 0, minutes: 0, seconds: 0, milliseconds: 0 }),
      });
    }
    for (const r of planned) await this.addReminder(r.kind, r.subjectId, str(p, 'caseId'), r.fireAt, p);
  }

  /** A reminder row (idempotent on kind, subject and time) and its wake-up job. */
  async addReminder(kind: string, subjectId: string, caseId: string | null, fireAt: Date, payload: Payload) {
    // A moved deadline replaces the earlier pending reminder of the same kind and subject.
    await this.reminders().update(
      { subjectId, kind, status: 'PENDING', fireAt: Not(fireAt) },
      { status: 'CANCELLED' },
    );
    // A no-op update on conflict, so that the existing row's id and status come back.
    const upserted = await this.ds
      .createQueryBuilder()
      .insert()
      .into(ReminderEntity)
      .values({ kind, subjectId, caseId, fireAt, payload: json(payload) })
      .orUpdate(['kind'], ['kind', 'subject_id', 'fire_at'])
      .returning(['id', 'status'])
      .updateEntity(false)
      .execute();
    const rows = upserted.raw as Pick<ReminderEntity, 'id' | 'status'>[];
    if (rows[0]!.status === 'PENDING') await this.wake(rows[0]!.id, fireAt);
  }

  private async wake(id: string, fireAt: Date): Promise<void> {
    try {
      await this.jobs.enqueueReminder(id, fireAt);
    } catch (err) {
      this.logger?.warn(
        { reminderId: id, err: { name: (err as Error).name } },
        'reminder job not queued yet',
      );
    }
  }

  private async cancelReminders(event: EventEnvelope): Promise<void> {
    const p = event.payload as Payload;
    const subject = str(p, 'victimUpdateId') ?? str(p, 'orderId');
    if (!subject) return;
    await this.reminders().update({ subjectId: subject, status: 'PENDING' }, { status: 'CANCELLED' });
  }

  /** A reminder's job ran: notify (idempotent on the reminder id), then mark it fired. */
  async fireReminder(id: string): Promise<boolean> {
    const r = await this.reminders().findOneBy({ id });
    if (!r || r.status !== 'PENDING') return false;
    // Woken early (a clock step, a re-added job): sleep again until it is due.
    if (r.fireAt.getTime() > this.clock().getTime() + 1_000) {
      await this.wake(id, r.fireAt);
      return false;
    }
    // How late after its due time (scp_reminder_lateness_seconds): the queue's delay, the worker's backlog.
    reminderLateness.observe(Math.max(0, this.clock().getTime() - r.fireAt.getTime()) / 1000);
    const def = NOTIFICATION_KINDS.get(r.kind);
    if (def) await this.dispatch(def, id, r.payload);
    await this.reminders().update({ id, status: 'PENDING' }, { status: 'FIRED', firedAt: now });
    return true;
  }

  // ───────────────────────────── repair

  /**
   * Re-adds what the queues may have lost: every pending reminder without its wake-up job (all of
   * them when `all`, else those due within the horizon), and every PENDING email delivery not
   * queued (or queued long ago), and every repeatable schedule (the daily digest). Safe to run
   * any time, on any number of workers.
   */
  async reconcile(
    opts: { all?: boolean; horizonMs?: number } = {},
  ): Promise<{ reminders: number; emails: number; schedules: number }> {
    const schedules = await this.jobs.ensureSchedules();
    const horizon = new Date(this.clock().getTime() + (opts.horizonMs ?? 24 * 3_600_000));
    const reminders = await this.reminders().find({
      select: { id: true, fireAt: true },
      where:
        opts.all === true ? { status: 'PENDING' } : { status: 'PENDING', fireAt: LessThanOrEqual(horizon) },
      order: { fireAt: 'ASC' },
      take: 10_000,
    });
    let readded = 0;
    for (const r of reminders)
      if (!(await this.jobs.hasReminderJob(r.id))) {
        await this.wake(r.id, r.fireAt);
        readded++;
      }
    const emails = await this.ds
      .createQueryBuilder(EmailDeliveryEntity, 'd')
      .select(['d.id', 'd.attempts'])
      .where({ status: 'PENDING' })
      .andWhere("(d.enqueuedAt IS NULL OR d.enqueuedAt < now() - interval '10 minutes')")
      .andWhere("d.createdAt < now() - interval '2 seconds'")
      .orderBy('d.createdAt')
      .limit(10_000)
      .getMany();
    for (const e of emails) await this.enqueueEmail(e.id, e.attempts);
    return { reminders: readded, emails: emails.length, schedules };
  }

  /** An admin sends a failed delivery again. */
  async retryDelivery(id: string): Promise<boolean> {
    const updated = await this.ds
      .createQueryBuilder()
      .update(EmailDeliveryEntity)
      .set({ status: 'PENDING', enqueuedAt: null, updatedAt: now })
      .where({ id, status: 'FAILED' })
      .returning(['attempts'])
      .updateEntity(false)
      .execute();
    const rows = updated.raw as Pick<EmailDeliveryEntity, 'attempts'>[];
    if (rows.length) await this.enqueueEmail(id, rows[0]!.attempts);
    return rows.length > 0;
  }

  // ───────────────────────────── digest

  /**
   * The daily digest: one email per user with every item held for it, then those deliveries
   * are SENT with the digest's Message-ID. Re-checks entitlement per item like single emails.
   */
  async sendDigests(): Promise<number> {
    const held = await this.withItems()
      .where({ status: 'HELD_FOR_DIGEST' })
      .orderBy('d.userId')
      .addOrderBy('i.createdAt')
      .limit(20_000)
      .getMany();
    const byUser = new Map<string, typeof held>();
    for (const h of held) byUser.set(h.userId, [...(byUser.get(h.userId) ?? []), h]);
    let sent = 0;
    const base = this.settings.webBaseUrl.replace(/\/+$/, '');
    for (const [userId, items] of byUser) {
      const [me] = await this.directory.resolve({ userIds: [userId] });
      const keep: typeof items = [];
      for (const it of items) {
        const ok = it.item.caseId
          ? (await this.directory.resolve({ caseId: it.item.caseId, userIds: [userId] })).length
          : 1;
        if (ok) keep.push(it);
        else await this.mark(it.id, 'SKIPPED', it.attempts, 'NOT_ENTITLED');
      }
      if (!me?.email || !keep.length) continue;
      const when = londonWallTime(this.clock());
      const messageId = `<digest-${keep[0]!.id}@${this.settings.messageIdDomain}>`;
      try {
        await this.mail.send({
          to: me.email,
          subject: `Your stalking clinic notifications (${keep.length})`,
          messageId,
          text: [
            `Hello ${me.displayName},`,
            '',
            `Your notifications up to ${String(when.hours).padStart(2, '0')}:${String(when.minutes).padStart(2, '0')}:`,
            '',
            ...keep.map((it) => `- ${it.item.title}: ${base}${it.item.link}`),
            '',
            'Case details are never sent by email.',
          ].join('\n'),
        });
        await this.deliveries().update(
          { id: In(keep.map((k) => k.id)), status: 'HELD_FOR_DIGEST' },
          { status: 'SENT', attempts: () => 'attempts + 1', messageId, sentAt: now, updatedAt: now },
        );
        sent++;
      } catch (err) {
        this.logger?.warn(
          { userId, err: { name: (err as Error).name } },
          'digest not sent; kept for the next run',
        );
      }
    }
    return sent;
  }
}
