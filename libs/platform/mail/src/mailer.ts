import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * The caller's Message-ID (`<delivery-id@notifications.example.invalid>`), the same for every
   * retry of one delivery, so that a duplicate (a retry after a lost 250 reply) can be recognised.
   */
  messageId: string;
  headers?: Record<string, string>;
  /** A calendar invite: a `text/calendar; method=…` alternative plus an `.ics` attachment (RFC 6047). */
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; content: string; filename?: string };
}

export interface SentMail {
  messageId: string;
  accepted: string[];
}

/** The part of a pino logger the mailer uses. */
export interface MailLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface MailerOptions {
  /** `smtp://host:port`, `smtps://user:pass@host:465`; nodemailer parses it. */
  smtpUrl: string;
  from: string;
  logger?: MailLogger;
  /** Defaults: connect 5 s, greeting 5 s, idle socket 15 s. */
  timeoutsMs?: { connection?: number; greeting?: number; socket?: number };
}

export interface Mailer {
  send(msg: MailMessage): Promise<SentMail>;
  /** Opens a connection and says EHLO (and AUTH when the URL has credentials). */
  verify(): Promise<void>;
  /** Closes the pool; a message in flight is failed, not sent later. */
  close(): Promise<void>;
}

/**
 * A failed send. `transient` says whether retrying the same message can work: no connection, a
 * timeout or a 4xx reply are transient; a 5xx reply is not. The text never quotes the server's
 * reply or the message (a reply can echo the recipient), only nodemailer's code and the SMTP code.
 */
export class MailError extends Error {
  constructor(
    /** nodemailer's code: ESOCKET, ETIMEDOUT, ECONNECTION, EENVELOPE, EMESSAGE, EAUTH, … */
    readonly code: string,
    readonly transient: boolean,
    /** The SMTP reply code, when the server answered. */
    readonly responseCode?: number,
    /** The underlying cause without text: ECONNREFUSED, GREETING_TIMEOUT, … */
    readonly detail?: string,
  ) {
    super(`mail not sent: ${code}${detail ? `/${detail}` : ''}${responseCode ? ` (${responseCode})` : ''}`);
    this.name = 'MailError';
  }
}

/** Errors without an SMTP reply that retrying the same message cannot fix. */
const PERMANENT_CODES = new Set([
  'ECONFIG',
  'EENVELOPE',
  'EMESSAGE',
  'EMAXRECIPIENTS',
  'ENOAUTH',
  'EREQUIRETLS',
]);

/** Turns whatever nodemailer threw into a MailError, dropping its text. */
export function toMailError(err: unknown): MailError {
  if (err instanceof MailError) return err;
  const e = (err ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    originalCode?: unknown;
    timeoutType?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : 'ESEND';
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const detail =
    typeof e.timeoutType === 'string'
      ? e.timeoutType
      : typeof e.originalCode === 'string'
        ? e.originalCode
        : undefined;
  // RFC 5321: 4yz is a transient negative reply, 5yz a permanent one.
  if (responseCode !== undefined) return new MailError(code, responseCode < 500, responseCode, detail);
  // Anything else (connection refused or reset, timeouts, DNS, TLS, unknown) is worth a bounded retry:
  // wrongly retrying costs a few attempts, wrongly giving up loses the mail.
  return new MailError(code, !PERMANENT_CODES.has(code), undefined, detail);
}

/** SMTP through a small nodemailer pool: short timeouts, caller-chosen Message-IDs, classified errors. */
export function createMailer(opts: MailerOptions): Mailer {
  const transport = nodemailer.createTransport({
    pool: true,
    url: opts.smtpUrl,
    maxConnections: 5,
    // A pooled connection the server dropped mid-send is retried once on a new connection;
    // further retries belong to the caller, whose queue has backoff and counts attempts.
    maxRequeues: 1,
    connectionTimeout: opts.timeoutsMs?.connection ?? 5_000,
    greetingTimeout: opts.timeoutsMs?.greeting ?? 5_000,
    socketTimeout: opts.timeoutsMs?.socket ?? 15_000,
  });
  const log = opts.logger;

  return {
    async send(msg) {
      let info: { messageId?: string; accepted?: unknown[] };
      try {
        info = await transport.sendMail({
          from: opts.from,
          to: msg.to,
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          messageId: msg.messageId,
          headers: msg.headers,
          icalEvent: msg.icalEvent && {
            method: msg.icalEvent.method,
            content: msg.icalEvent.content,
            filename: msg.icalEvent.filename ?? 'invite.ics',
          },
        });
      } catch (err) {
        const failure = toMailError(err);
        log?.warn(
          {
            messageId: msg.messageId,
            code: failure.code,
            detail: failure.detail,
            responseCode: failure.responseCode,
            transient: failure.transient,
          },
          'smtp send failed',
        );
        throw failure;
      }
      const accepted = (info.accepted ?? []).map((a) => (typeof a === 'string' ? a : String(a)));
      // One recipient per message: a rejection is an EENVELOPE error above, so this is a server quirk.
      if (accepted.length === 0) throw new MailError('EENVELOPE', false);
      log?.debug({ messageId: msg.messageId }, 'smtp message accepted');
      return { messageId: info.messageId ?? msg.messageId, accepted };
    },
    async verify() {
      try {
        await transport.verify();
      } catch (err) {
        throw toMailError(err);
      }
    },
    async close() {
      transport.close();
    },
  };
}
