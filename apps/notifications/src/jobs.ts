import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES } from '@scp/contracts';
import { createQueue } from '@scp/platform-messaging';
import type { JobPort } from '@scp/notifications';

/** Attempts of one email job before the delivery is marked FAILED for an admin to retry. */
export const EMAIL_ATTEMPTS = 6;

export const reminderJobId = (id: string) => `rem-${id}`;
export const emailJobId = (id: string, attempt: number) => `email-${id}-${attempt}`;

/**
 * Every repeatable schedule of the service, on the reminders queue. Held only in Redis, so
 * `ensureSchedules` re-creates them wherever lost jobs are re-added.
 */
export const REPEATABLE_SCHEDULES = [
  {
    id: 'daily-digest',
    repeat: { pattern: '0 7 * * *', tz: 'Europe/London' },
    template: { name: 'digest', data: {} },
  },
] as const;

/** The pipeline's queues on BullMQ (job data: ids only). */
export class BullJobs implements JobPort {
  readonly emails: Queue<{ deliveryId: string }>;
  readonly reminders: Queue<{ reminderId?: string }>;

  /** `producer`: the queues' connection (no offline queue), which the worker watches for 'ready'. */
  constructor(
    readonly producer: Redis,
    prefix?: string,
  ) {
    this.emails = createQueue(QUEUES.notificationEmails, producer, prefix);
    this.reminders = createQueue(QUEUES.notificationReminders, producer, prefix);
  }

  async enqueueEmail(deliveryId: string, attempt: number): Promise<void> {
    await this.emails.add(
      'email',
      { deliveryId },
      {
        jobId: emailJobId(deliveryId, attempt),
        attempts: EMAIL_ATTEMPTS,
        backoff: { type: 'exponential', delay: 1_000 },
      },
    );
  }

  async enqueueReminder(reminderId: string, fireAt: Date): Promise<void> {
    const id = reminderJobId(reminderId);
    // A finished job with the same id would swallow the re-add: drop it first (the row decides).
    const existing = await this.reminders.getJob(id);
    if (existing && ((await existing.isCompleted()) || (await existing.isFailed()))) await existing.remove();
    await this.reminders.add(
      'reminder',
      { reminderId },
      { jobId: id, delay: Math.max(0, fireAt.getTime() - Date.now()) },
    );
  }

  async hasReminderJob(reminderId: string): Promise<boolean> {
    const job = await this.reminders.getJob(reminderJobId(reminderId));
    if (!job) return false;
    const state = await job.getState();
    return state === 'delayed' || state === 'waiting' || state === 'active' || state === 'prioritized';
  }

  async ensureSchedules(): Promise<number> {
    // upsertJobScheduler creates the schedule or leaves an identical one as it is.
    for (const s of REPEATABLE_SCHEDULES)
      await this.reminders.upsertJobScheduler(s.id, { ...s.repeat }, { name: s.template.name, data: {} });
    return REPEATABLE_SCHEDULES.length;
  }

  async close(): Promise<void> {
    await this.emails.close();
    await this.reminders.close();
  }
}
