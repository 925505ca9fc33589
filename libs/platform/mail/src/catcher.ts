import http from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { simpleParser, type ParsedMail, type AddressObject } from 'mailparser';
import { catcherRequestHandler } from './catcher-http.js';

export interface CaughtAttachment {
  filename: string | null;
  /** The bare media type, `text/calendar`; its parameters (`method`, `charset`) are in `params`. */
  contentType: string;
  params: Record<string, string>;
  /** Text parts (text/*, application/ics) as UTF-8, anything else base64. */
  content: string;
  encoding: 'utf8' | 'base64';
}

export interface CaughtMessage {
  messageId: string;
  from: string;
  /** The To header's addresses. */
  to: string[];
  /** What the client said in MAIL FROM / RCPT TO. */
  envelope: { from: string; to: string[] };
  subject: string;
  text: string;
  html: string | null;
  /** Top-level headers, lower-case names; repeated headers joined with `\n`. */
  headers: Record<string, string>;
  attachments: CaughtAttachment[];
  receivedAt: Date;
}

export interface DevMailCatcherOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks any free port. */
  smtpPort?: number;
  /** 0 (the default) picks any free port. */
  httpPort?: number;
}

export interface DevMailCatcher {
  smtpPort: number;
  httpPort: number;
  /** The page: `http://127.0.0.1:<httpPort>`. */
  url: string;
  /** Oldest first; the index is the one `/messages/:index` takes. */
  messages(): CaughtMessage[];
  clear(): void;
  /** An outage: closes the SMTP listener and drops open connections, so connects are refused. */
  pause(): Promise<void>;
  /** Listens again on the same SMTP port. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

/** RCPT TO this address is refused with a permanent 550, so tests can provoke a 5xx. */
export const REJECTED_ADDRESS = 'reject@example.invalid';

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) =>
    a.value.flatMap((v) => (v.group ?? [v]).map((g) => g.address ?? '')).filter(Boolean),
  );

function headersOf(lines: ParsedMail['headerLines']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, line } of lines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    out[key] = key in out ? `${out[key]}\n${value}` : value;
  }
  return out;
}

const isText = (type: string) => type.startsWith('text/') || type === 'application/ics';

function toCaught(m: ParsedMail, session: { mailFrom: string; rcptTo: string[] }): CaughtMessage {
  return {
    messageId: m.messageId ?? '',
    from: m.from?.text ?? '',
    to: addresses(m.to),
    envelope: { from: session.mailFrom, to: session.rcptTo },
    subject: m.subject ?? '',
    text: m.text ?? '',
    html: typeof m.html === 'string' ? m.html : null,
    headers: headersOf(m.headerLines),
    attachments: m.attachments.map((a) => {
      const header = a.headers.get('content-type');
      const params = header && typeof header === 'object' && 'params' in header ? { ...header.params } : {};
      const text = isText(a.contentType);
      return {
        filename: a.filename ?? null,
        contentType: a.contentType,
        params,
        content: a.content.toString(text ? 'utf8' : 'base64'),
        encoding: text ? 'utf8' : 'base64',
      };
    }),
    receivedAt: new Date(),
  };
}

const listenOn = (server: Server, port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

/**
 * A development mail catcher: an SMTP server (no AUTH, no TLS) that keeps every message in
 * memory, and a small page to read them. `npm start` runs one as a process
 * (dev-mail-catcher.main.ts); tests start one in-process as a real SMTP peer. Never for production.
 */
export async function startDevMailCatcher(opts: DevMailCatcherOptions = {}): Promise<DevMailCatcher> {
  const host = opts.host ?? '127.0.0.1';
  const caught: CaughtMessage[] = [];
  let paused = false;

  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    rejectOversized: true,
    disableReverseLookup: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase() === REJECTED_ADDRESS) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const envelope = {
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
      };
      simpleParser(stream).then(
        (parsed) => {
          // rejectOversized answers 552 itself; only keep what the client was told was accepted.
          if (!stream.sizeExceeded) caught.push(toCaught(parsed, envelope));
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  // Clients that hang up mid-session (the mailer closing its pool, pause()) surface here; they
  // are not the catcher's failures.
  smtp.on('error', () => undefined);
  const smtpPort = await listenOn(smtp.server, opts.smtpPort ?? 0, host);

  const web = http.createServer(
    catcherRequestHandler({
      messages: () => caught,
      clear: () => void (caught.length = 0),
      paused: () => paused,
    }),
  );
  const httpPort = await listenOn(web, opts.httpPort ?? 0, host);

  const dropConnections = () => {
    for (const connection of smtp.connections) connection._socket.destroy();
  };
  const closeListener = () =>
    new Promise<void>((resolve) => {
      // Resolves once the listener and every connection are gone, hence the destroy after it.
      smtp.server.close(() => resolve());
      dropConnections();
    });

  return {
    smtpPort,
    httpPort,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${httpPort}`,
    messages: () => [...caught],
    clear: () => void (caught.length = 0),
    async pause() {
      if (paused) return;
      paused = true;
      await closeListener();
    },
    async resume() {
      if (!paused) return;
      await listenOn(smtp.server, smtpPort, host);
      paused = false;
    },
    async close() {
      web.closeAllConnections();
      await new Promise<void>((resolve) => web.close(() => resolve()));
      if (!paused) await closeListener();
      paused = true;
    },
  };
}
