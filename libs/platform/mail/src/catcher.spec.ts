import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { createMailer, startDevMailCatcher, type DevMailCatcher, type Mailer } from './index.js';

const messageId = () => `<${randomUUID()}@notifications.example.invalid>`;

describe('startDevMailCatcher: the page and API', () => {
  let catcher: DevMailCatcher;
  let mailer: Mailer;
  beforeAll(async () => {
    catcher = await startDevMailCatcher({ smtpPort: 0, httpPort: 0 });
    mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${catcher.smtpPort}`,
      from: 'no-reply@example.invalid',
    });
  });
  afterAll(async () => {
    await mailer?.close();
    await catcher?.close();
  });
  const indexOf = (id: string) => catcher.messages().findIndex((m) => m.messageId === id);

  it('binds to 127.0.0.1 and reports its page URL', () => {
    expect(catcher.url).toBe(`http://127.0.0.1:${catcher.httpPort}`);
    expect(catcher.smtpPort).toBeGreaterThan(0);
  });

  it('the list page escapes every value and sends a strict CSP', async () => {
    await mailer.send({
      to: 'x@example.invalid',
      subject: '<script>alert(1)</script>',
      text: 'x',
      messageId: messageId(),
    });
    const res = await fetch(`${catcher.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('lists newest first', async () => {
    const [a, b] = [`first ${randomUUID()}`, `second ${randomUUID()}`];
    await mailer.send({ to: 'y@example.invalid', subject: a, text: 'x', messageId: messageId() });
    await mailer.send({ to: 'y@example.invalid', subject: b, text: 'x', messageId: messageId() });
    const html = await (await fetch(`${catcher.url}/`)).text();
    expect(html.indexOf(b)).toBeGreaterThan(-1);
    expect(html.indexOf(b)).toBeLessThan(html.indexOf(a));
  });

  it('one message shows its text and calendar part as escaped <pre>', async () => {
    const id = messageId();
    const ics = 'BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nX-NOTE:<b>&</b>\r\nEND:VCALENDAR\r\n';
    await mailer.send({
      to: 'z@example.invalid',
      subject: 'Cancelled',
      text: 'Body with <img src=x onerror=alert(1)>',
      messageId: id,
      icalEvent: { method: 'CANCEL', content: ics, filename: 'cancel.ics' },
    });
    const res = await fetch(`${catcher.url}/messages/${indexOf(id)}`);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const html = await res.text();
    expect(html).toContain('<pre>Body with &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Calendar (CANCEL)');
    expect(html).toContain('X-NOTE:&lt;b&gt;&amp;&lt;/b&gt;');
    expect(html).not.toContain('<img');
    expect((await fetch(`${catcher.url}/messages/99999`)).status).toBe(404);
  });

  it('GET /api/messages is JSON; other methods than GET and DELETE are refused', async () => {
    const id = messageId();
    await mailer.send({ to: 'j@example.invalid', subject: 'Json', text: 'x', messageId: id });
    const res = await fetch(`${catcher.url}/api/messages`);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { messageId: string; to: string[]; receivedAt: string }[];
    const m = body.find((x) => x.messageId === id);
    expect(m?.to).toEqual(['j@example.invalid']);
    expect(Number.isNaN(Date.parse(m!.receivedAt))).toBe(false);
    expect((await fetch(`${catcher.url}/api/messages`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${catcher.url}/nothing-here`)).status).toBe(404);
  });
});

describe('startDevMailCatcher: clear and close', () => {
  it('DELETE /api/messages and clear() empty the store; close() stops both servers', async () => {
    const catcher = await startDevMailCatcher();
    const mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${catcher.smtpPort}`,
      from: 'no-reply@example.invalid',
    });
    try {
      await mailer.send({ to: 'c@example.invalid', subject: 'a', text: 'x', messageId: messageId() });
      expect(catcher.messages()).toHaveLength(1);
      expect((await fetch(`${catcher.url}/api/messages`, { method: 'DELETE' })).status).toBe(204);
      expect(catcher.messages()).toHaveLength(0);
      await mailer.send({ to: 'c@example.invalid', subject: 'b', text: 'x', messageId: messageId() });
      catcher.clear();
      expect(catcher.messages()).toHaveLength(0);
    } finally {
      await mailer.close();
      await catcher.close();
    }
    const refused = (port: number) =>
      new Promise<string>((resolve) =>
        net
          .connect(port, '127.0.0.1')
          .on('connect', function (this: net.Socket) {
            this.destroy();
            resolve('connected');
          })
          .on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error')),
      );
    expect(await refused(catcher.smtpPort)).toBe('ECONNREFUSED');
    expect(await refused(catcher.httpPort)).toBe('ECONNREFUSED');
  });
});
