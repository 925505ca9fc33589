import {
  createMailer,
  MailError,
  REJECTED_ADDRESS,
  startDevMailCatcher,
  type DevMailCatcher,
} from './index.js';

/** Real SMTP between nodemailer and the development catcher (smtp-server + mailparser). */
describe('mail: mailer and development catcher', () => {
  let catcher: DevMailCatcher;
  let mailer: ReturnType<typeof createMailer>;
  beforeAll(async () => {
    catcher = await startDevMailCatcher({ smtpPort: 0, httpPort: 0 });
    mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${catcher.smtpPort}`,
      from: 'Clinic <no-reply@example.invalid>',
      timeoutsMs: { connection: 1_000, greeting: 1_000, socket: 2_000 },
    });
  });
  afterAll(async () => {
    mailer?.close();
    await catcher?.close();
  });

  it('delivers with the caller’s Message-ID and a text/calendar invite', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n';
    const sent = await mailer.send({
      to: 'someone@example.invalid',
      subject: 'You are invited',
      text: 'Hello',
      messageId: '<d-1@notifications.example.invalid>',
      icalEvent: { method: 'REQUEST', content: ics },
    });
    expect(sent.accepted).toEqual(['someone@example.invalid']);
    const [m] = catcher.messages();
    expect(m).toMatchObject({
      messageId: '<d-1@notifications.example.invalid>',
      subject: 'You are invited',
      to: ['someone@example.invalid'],
    });
    expect(m!.text.trim()).toBe('Hello');
    const cal = m!.attachments.find((a) => a.contentType === 'text/calendar');
    expect(cal?.content).toContain('METHOD:REQUEST');
  });

  it('the page escapes what it shows', async () => {
    await mailer.send({
      to: 'x@example.invalid',
      subject: '<script>alert(1)</script>',
      text: 'x',
      messageId: '<d-2@x.invalid>',
    });
    const html = await (await fetch(catcher.url)).text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('an outage is a transient error; once the server is back the same send succeeds', async () => {
    await catcher.pause();
    const failed = await mailer
      .send({ to: 'y@example.invalid', subject: 's', text: 't', messageId: '<d-3@x.invalid>' })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(MailError);
    expect((failed as MailError).transient).toBe(true);
    await catcher.resume();
    await mailer.send({ to: 'y@example.invalid', subject: 's', text: 't', messageId: '<d-3@x.invalid>' });
    expect(catcher.messages().filter((m) => m.messageId === '<d-3@x.invalid>')).toHaveLength(1);
  });

  it('a 5xx refusal is permanent', async () => {
    const failed = await mailer
      .send({ to: REJECTED_ADDRESS, subject: 's', text: 't', messageId: '<d-4@x.invalid>' })
      .catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(MailError);
    expect(failed).toMatchObject({ transient: false, responseCode: 550 });
  });
});
