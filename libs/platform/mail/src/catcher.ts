import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export interface CaughtMessage {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  attachments: { filename: string | null; contentType: string; content: string }[];
  receivedAt: Date;
}

export interface DevMailCatcher {
  smtpPort: number;
  httpPort: number;
  url: string;
  messages(): CaughtMessage[];
  clear(): void;
  /** Stops accepting SMTP connections (an outage), keeping the port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Addresses that the catcher refuses with a permanent 550, so tests can see a 5xx. */
export const REJECTED_ADDRESS = 'reject@example.invalid';

/**
 * A development mail catcher: an SMTP server that keeps every message in memory and a page to
 * read them (`npm start` runs one; tests use it as a real SMTP peer). Development only.
 */
export async function startDevMailCatcher(
  opts: { host?: string; smtpPort?: number; httpPort?: number } = {},
): Promise<DevMailCatcher> {
  const host = opts.host ?? '127.0.0.1';
  const caught: CaughtMessage[] = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    size: 10 * 1024 * 1024,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase() === REJECTED_ADDRESS) {
        const err = new Error('Mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          const to = (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) =>
            a.value.map((v) => v.address ?? ''),
          );
          caught.push({
            messageId: m.messageId ?? '',
            from: m.from?.text ?? '',
            to,
            subject: m.subject ?? '',
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : null,
            attachments: m.attachments.map((a) => ({
              filename: a.filename ?? null,
              contentType: a.contentType,
              content: a.content.toString('utf8'),
            })),
            receivedAt: new Date(),
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  smtp.on('error', () => undefined);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      smtp.server.once('error', reject);
      smtp.listen(port, host, () => {
        smtp.server.off('error', reject);
        resolve((smtp.server.address() as AddressInfo).port);
      });
    });
  let smtpPort = await listen(opts.smtpPort ?? 1025);

  const page = (body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Development mail</title></head><body style="font-family:sans-serif">${body}</body></html>`;
  const web = http.createServer((req, res) => {
    res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-store');
    const url = new URL(req.url ?? '/', 'http://catcher');
    if (url.pathname === '/health' || url.pathname === '/health/ready') {
      res.setHeader('content-type', 'application/json');
      res.end(paused ? '{"status":"paused"}' : '{"status":"ok"}');
      return;
    }
    if (url.pathname === '/api/messages' && req.method === 'DELETE') {
      caught.length = 0;
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/api/messages') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(caught));
      return;
    }
    const one = /^\/messages\/(\d+)$/.exec(url.pathname);
    if (one) {
      const m = caught[Number(one[1])];
      if (!m) {
        res.writeHead(404).end('Not found');
        return;
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        page(
          `<p><a href="/">All messages</a></p><h1>${escape(m.subject)}</h1><p>To ${escape(m.to.join(', '))}</p><pre>${escape(m.text)}</pre>` +
            m.attachments
              .map((a) => `<h2>${escape(a.filename ?? a.contentType)}</h2><pre>${escape(a.content)}</pre>`)
              .join(''),
        ),
      );
      return;
    }
    if (url.pathname === '/') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      const rows = caught
        .map((m, i) => ({ m, i }))
        .reverse()
        .map(
          ({ m, i }) =>
            `<tr><td>${escape(m.receivedAt.toISOString())}</td><td>${escape(m.to.join(', '))}</td><td><a href="/messages/${i}">${escape(m.subject)}</a></td></tr>`,
        )
        .join('');
      res.end(
        page(
          `<h1>Development mail (${caught.length})</h1><table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`,
        ),
      );
      return;
    }
    res.writeHead(404).end('Not found');
  });
  await new Promise<void>((resolve) => web.listen(opts.httpPort ?? 8025, host, resolve));
  const httpPort = (web.address() as AddressInfo).port;
  let paused = false;
  const dropConnections = () => {
    const open = (smtp as unknown as { connections: Set<{ _socket?: { destroy(): void } }> }).connections;
    for (const c of open) c._socket?.destroy();
  };
  return {
    smtpPort,
    httpPort,
    url: `http://${host}:${httpPort}`,
    messages: () => [...caught],
    clear: () => void (caught.length = 0),
    async pause() {
      if (paused) return;
      paused = true;
      const closed = new Promise<void>((resolve) => smtp.server.close(() => resolve()));
      // An outage drops the open (pooled) connections too, not only the listener.
      dropConnections();
      await closed;
    },
    async resume() {
      if (!paused) return;
      smtpPort = await listen(smtpPort);
      paused = false;
    },
    async close() {
      web.closeAllConnections();
      await new Promise<void>((resolve) => web.close(() => resolve()));
      dropConnections();
      if (!paused) await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    },
  };
}
