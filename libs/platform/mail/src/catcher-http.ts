import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CaughtMessage } from './catcher.js';

/** The page's CSP: no scripts, no images, no requests; only the inline styles below. */
export const CATCHER_CSP = "default-src 'none'; style-src 'unsafe-inline'";

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** HTML-escapes text for element content and quoted attribute values. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

const STYLE =
  'body{font-family:sans-serif;margin:1.5rem}table{border-collapse:collapse}' +
  'td,th{border-bottom:1px solid #ccc;padding:.3rem .6rem;text-align:left}pre{background:#f4f4f4;padding:.6rem;white-space:pre-wrap}';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
  `<style>${STYLE}</style></head><body>${body}</body></html>`;

function listPage(messages: readonly CaughtMessage[]): string {
  const rows = messages
    .map((m, i) => ({ m, i }))
    .reverse()
    .map(
      ({ m, i }) =>
        `<tr><td>${escapeHtml(m.receivedAt.toISOString())}</td><td>${escapeHtml(m.to.join(', '))}</td>` +
        `<td><a href="/messages/${i}">${escapeHtml(m.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('');
  return page(
    'Development mail',
    `<h1>Development mail (${messages.length})</h1>` +
      `<table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

function messagePage(m: CaughtMessage): string {
  const calendars = m.attachments
    .filter((a) => a.contentType === 'text/calendar')
    .map(
      (a) =>
        `<h2>Calendar (${escapeHtml(a.params.method ?? 'no method')})</h2><pre>${escapeHtml(a.content)}</pre>`,
    )
    .join('');
  const others = m.attachments
    .filter((a) => a.contentType !== 'text/calendar')
    .map((a) => `<li>${escapeHtml(a.filename ?? '(no name)')} (${escapeHtml(a.contentType)})</li>`)
    .join('');
  return page(
    m.subject || 'Message',
    `<p><a href="/">All messages</a></p><h1>${escapeHtml(m.subject)}</h1>` +
      `<p>From ${escapeHtml(m.from)}<br>To ${escapeHtml(m.to.join(', '))}<br>` +
      `Message-ID ${escapeHtml(m.messageId)}<br>Received ${escapeHtml(m.receivedAt.toISOString())}</p>` +
      `<pre>${escapeHtml(m.text)}</pre>${calendars}${others ? `<h2>Attachments</h2><ul>${others}</ul>` : ''}`,
  );
}

export interface CatcherStore {
  messages(): readonly CaughtMessage[];
  clear(): void;
  paused(): boolean;
}

/** The catcher's page and API on node:http: `/`, `/messages/:index`, `/api/messages`, `/health/ready`. */
export function catcherRequestHandler(store: CatcherStore) {
  return (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('content-security-policy', CATCHER_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cache-control', 'no-store');
    const send = (status: number, type: string, body: string) =>
      res.writeHead(status, { 'content-type': type }).end(body);
    const html = (body: string) => send(200, 'text/html; charset=utf-8', body);
    const json = (status: number, body: unknown) => send(status, 'application/json', JSON.stringify(body));
    const { pathname } = new URL(req.url ?? '/', 'http://catcher.invalid');
    const method = req.method ?? 'GET';
    const one = /^\/messages\/(\d+)$/.exec(pathname);

    if (pathname === '/api/messages' && method === 'DELETE') {
      store.clear();
      res.writeHead(204).end();
    } else if (method !== 'GET' && method !== 'HEAD') {
      send(405, 'text/plain; charset=utf-8', 'Method not allowed');
    } else if (pathname === '/') {
      html(listPage(store.messages()));
    } else if (one) {
      const m = store.messages()[Number(one[1])];
      if (m) html(messagePage(m));
      else send(404, 'text/plain; charset=utf-8', 'No such message');
    } else if (pathname === '/api/messages') {
      json(200, store.messages());
    } else if (pathname === '/health' || pathname === '/health/ready') {
      // `npm start` waits on /health/ready; a paused catcher is still up (the outage is SMTP's).
      json(200, { status: store.paused() ? 'paused' : 'ok' });
    } else {
      send(404, 'text/plain; charset=utf-8', 'Not found');
    }
  };
}
