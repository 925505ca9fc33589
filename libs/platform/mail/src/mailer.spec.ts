import net from 'node:net';
import { randomUUID } from 'node:crypto';
import {
  createMailer,
  MailError,
  REJECTED_ADDRESS,
  startDevMailCatcher,
  toMailError,
  type DevMailCatcher,
  type Mailer,
} from './index.js';

const FROM = 'Clinic <no-reply@example.invalid>';
const SHORT = { connection: 1_000, greeting: 1_000, socket: 2_000 };
const messageId = () => `<${randomUUID()}@notifications.example.invalid>`;

/** Resolves to what the promise rejected with, failing the test if it resolved. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

/** Real SMTP between nodemailer and the development catcher (smtp-server + mailparser). */
describe('createMailer against the development catcher', () => {
  let catcher: DevMailCatcher;
  let mailer: Mailer;
  beforeAll(async () => {
    catcher = await startDevMailCatcher({ smtpPort: 0, httpPort: 0 });
    mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${catcher.smtpPort}`, from: FROM, timeoutsMs: SHORT });
  });
  afterAll(async () => {
    await mailer?.close();
    await catcher?.close();
  });
  const caught = (id: string) => catcher.messages().filter((m) => m.messageId === id);

  it('delivers with the caller’s Message-ID, the text and a text/calendar; method=REQUEST part', async () => {
    const id = messageId();
    const ics =
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:m-1@example.invalid\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    const sent = await mailer.send({
      to: 'someone@example.invalid',
      subject: 'You are invited',
      text: 'Hello from the clinic',
      messageId: id,
      headers: { 'X-SCP-Delivery': 'delivery-1' },
      icalEvent: { method: 'REQUEST', content: ics },
    });
    expect(sent).toEqual({ messageId: id, accepted: ['someone@example.invalid'] });

    const [m, ...more] = caught(id);
    expect(more).toHaveLength(0);
    expect(m).toMatchObject({
      messageId: id,
      from: '"Clinic" <no-reply@example.invalid>',
      to: ['someone@example.invalid'],
      envelope: { from: 'no-reply@example.invalid', to: ['someone@example.invalid'] },
      subject: 'You are invited',
    });
    expect(m!.text.trim()).toBe('Hello from the clinic');
    expect(m!.headers['x-scp-delivery']).toBe('delivery-1');
    const cal = m!.attachments.find((a) => a.contentType === 'text/calendar');
    expect(cal).toMatchObject({ params: { method: 'REQUEST' }, encoding: 'utf8', content: ics });
    expect(m!.attachments.find((a) => a.filename === 'invite.ics')?.content).toBe(ics);
  });

  it('verify() says EHLO to a running server', async () => {
    await expect(mailer.verify()).resolves.toBeUndefined();
  });

  it('an outage is a quick transient error; after resume the same send succeeds once', async () => {
    // A pooled connection exists first, so the outage also has to drop it, not only refuse new ones.
    await mailer.send({ to: 'warm@example.invalid', subject: 's', text: 't', messageId: messageId() });
    const id = messageId();
    const msg = { to: 'later@example.invalid', subject: 'Reminder', text: 'Due soon', messageId: id };
    await catcher.pause();
    try {
      const started = Date.now();
      const failed = await rejection(mailer.send(msg));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(failed).toBeInstanceOf(MailError);
      expect(failed).toMatchObject({ transient: true });
      expect((failed as MailError).message).not.toContain('later@example.invalid');
      await expect(mailer.verify()).rejects.toMatchObject({ transient: true });
    } finally {
      await catcher.resume();
    }
    await expect(mailer.send(msg)).resolves.toEqual({ messageId: id, accepted: ['later@example.invalid'] });
    expect(caught(id)).toHaveLength(1);
  });

  it('a 550 for the recipient is a permanent error that quotes neither the address nor the message', async () => {
    const failed = await rejection(
      mailer.send({
        to: REJECTED_ADDRESS,
        subject: 'Private subject',
        text: 'Private text',
        messageId: messageId(),
      }),
    );
    expect(failed).toBeInstanceOf(MailError);
    expect(failed).toMatchObject({ transient: false, responseCode: 550, code: 'EENVELOPE' });
    const text = `${(failed as Error).message} ${JSON.stringify(failed)}`;
    for (const secret of [REJECTED_ADDRESS, 'Private subject', 'Private text'])
      expect(text).not.toContain(secret);
  });
});

describe('createMailer timeouts', () => {
  it('a server that accepts but never greets fails transiently after the greeting timeout', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((s) => void sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: '"Clinic" <no-reply@example.invalid>',
      timeoutsMs: { connection: 500, greeting: 300, socket: 500 },
    });
    try {
      const started = Date.now();
      const failed = await rejection(
        mailer.send({ to: 'x@example.invalid', subject: 's', text: 't', messageId: messageId() }),
      );
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(failed).toMatchObject({ transient: true, code: 'ETIMEDOUT', detail: 'GREETING_TIMEOUT' });
    } finally {
      await mailer.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('toMailError', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 450 }, true],
    [{ code: 'EMESSAGE', responseCode: 421 }, true],
    [{ code: 'EENVELOPE', responseCode: 550 }, false],
    [{ code: 'EMESSAGE', responseCode: 552 }, false],
    [{ code: 'EAUTH', responseCode: 535 }, false],
    [{ code: 'ESOCKET', originalCode: 'ECONNRESET' }, true],
    [{ code: 'ETIMEDOUT', timeoutType: 'CONNECT_TIMEOUT' }, true],
    [{ code: 'ECONNECTION' }, true],
    [{ code: 'EENVELOPE' }, false],
    [{ code: 'ECONFIG' }, false],
    [new Error('something odd'), true],
  ])('%o → transient %s', (err, transient) => {
    const e = toMailError(err);
    expect(e).toBeInstanceOf(MailError);
    expect(e.transient).toBe(transient);
    expect(e.message).not.toContain('something odd');
  });
});
