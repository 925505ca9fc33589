import type { Recipient, RecipientQuery } from '@scp/contracts';

/** The cases service's answer to "who gets this now" (POST /internal/recipients). */
export interface RecipientDirectory {
  resolve(query: RecipientQuery): Promise<Recipient[]>;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** `<delivery id@domain>`: the same delivery always carries the same Message-ID. */
  messageId: string;
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; content: string; filename?: string };
}

/** SMTP, behind an interface (`@scp/platform-mail` in the app). Errors with `transient: true` are retried. */
export interface MailSender {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/** The queues the pipeline wakes itself with (BullMQ in the app). */
export interface JobPort {
  /** One email delivery; `attempt` makes a re-added job distinct from a finished one. */
  enqueueEmail(deliveryId: string, attempt: number): Promise<void>;
  /** Wakes the worker for a reminder at `fireAt` (a delayed job; the row is the truth). */
  enqueueReminder(reminderId: string, fireAt: Date): Promise<void>;
  /** Whether a reminder's wake-up job is still held by the queue. */
  hasReminderJob(reminderId: string): Promise<boolean>;
  /**
   * (Re)creates every repeatable schedule (the daily digest); idempotent, so it is run at start,
   * on every reconciler pass and by the rebuild, and a Redis that lost its data gets them back.
   * Returns how many schedules are set.
   */
  ensureSchedules(): Promise<number>;
}

export interface NotificationSettings {
  /** The web app's address: links in emails are absolute. */
  webBaseUrl: string;
  /** Domain part of Message-IDs. */
  messageIdDomain: string;
  /** Organiser of calendar invites. */
  organizer: { name: string; email: string };
}

export type Clock = () => Date;
