import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The caller's Message-ID (`<id@domain>`), the same for every retry of one delivery. */
  messageId: string;
  headers?: Record<string, string>;
  /** A calendar invite, as `text/calendar; method=…` alternative and attachment (RFC 6047). */
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; content: string; filename?: string };
}

/** A failed send: `transient` errors (no connection, timeouts, 4xx) are worth retrying; 5xx are not. */
export class MailError extends Error {
  constructor(
    readonly code: string,
    readonly transient: boolean,
    readonly responseCode?: number,
  ) {
    super(`mail not sent: ${code}${responseCode ? ` (${responseCode})` : ''}`);
    this.name = 'MailError';
  }
}

interface Logger {
  warn(obj: object, msg: string): void;
}

export interface Mailer {
  send(msg: MailMessage): Promise<{ messageId: string; accepted: string[] }>;
  verify(): Promise<void>;
  close(): void;
}

/** Classifies a nodemailer error without its text (which may quote the message). */
export function classify(err: unknown): MailError {
  const e = err as { code?: string; responseCode?: number };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const code = typeof e.code === 'string' ? e.code : 'ESEND';
  if (responseCode !== undefined) return new MailError(code, responseCode < 500, responseCode);
  return new MailError(code, true);
}

/** SMTP over nodemailer: a small pool, short timeouts, caller-chosen Message-IDs, classified errors. */
export function createMailer(opts: {
  smtpUrl: string;
  from: string;
  logger?: Logger;
  timeoutsMs?: { connection?: number; greeting?: number; socket?: number };
}): Mailer {
  const url = new URL(opts.smtpUrl);
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 5,
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
    secure: url.protocol === 'smtps:',
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    connectionTimeout: opts.timeoutsMs?.connection ?? 5_000,
    greetingTimeout: opts.timeoutsMs?.greeting ?? 5_000,
    socketTimeout: opts.timeoutsMs?.socket ?? 15_000,
    // Development catchers speak plain SMTP; production servers are asked for STARTTLS.
    ignoreTLS: url.searchParams.get('tls') === 'off',
  });
  return {
    async send(msg) {
      try {
        const info = await transport.sendMail({
          from: opts.from,
          to: msg.to,
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          messageId: msg.messageId,
          headers: msg.headers,
          icalEvent: msg.icalEvent
            ? {
                method: msg.icalEvent.method,
                content: msg.icalEvent.content,
                filename: msg.icalEvent.filename ?? 'invite.ics',
              }
            : undefined,
        });
        return {
          messageId: String(info.messageId ?? msg.messageId),
          accepted: (info.accepted ?? []).map(String),
        };
      } catch (err) {
        const failure = classify(err);
        opts.logger?.warn({ code: failure.code, responseCode: failure.responseCode }, 'smtp send failed');
        throw failure;
      }
    },
    async verify() {
      try {
        await transport.verify();
      } catch (err) {
        throw classify(err);
      }
    },
    close() {
      transport.close();
    },
  };
}
