import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ICAL from 'ical.js';
import { EVENT_TYPES, QUEUES } from '@scp/contracts';
import { eventually, testRedisUrl } from '@scp/platform-testing';
import { NOTIFICATION_KINDS } from '@scp/notifications';
import { startNotificationsHarness, type NotificationsHarness } from './testing/notifications-harness.js';

/**
 * The notifications service against real PostgreSQL, Redis and SMTP (the development mail
 * catcher): recipients, idempotency, preferences, invites, SMTP outage, reminders and their
 * rebuild after Redis lost them. The cases service's recipient answer is a stand-in here; the
 * e2e suite runs the real one.
 */
const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../../..');

const CANARIES = [
  'CANARY-D3',
  'CANARY-D4',
  'CANARY-D6',
  'CANARY-D9',
  'CANARY-D12',
  'CANARY-D14',
  'CANARY-D16',
];

describe('notifications service', () => {
  let h: NotificationsHarness;
  const clinic = randomUUID();
  const caseId = randomUUID();
  const police = randomUUID();
  const advocacy = randomUUID();
  const otherPolice = randomUUID();
  let chair: ReturnType<NotificationsHarness['directory']['person']>;
  let spoc: ReturnType<NotificationsHarness['directory']['person']>;
  let advocate: ReturnType<NotificationsHarness['directory']['person']>;
  let outsider: ReturnType<NotificationsHarness['directory']['person']>;

  const inbox = async (userId: string) =>
    (await h.owner.query(
      `SELECT kind, title, link, source_id FROM notifications.inbox_items WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    )) as { kind: string; title: string; link: string; source_id: string }[];
  const mailsTo = (email: string) => h.catcher.messages().filter((m) => m.to.includes(email));

  beforeAll(async () => {
    h = await startNotificationsHarness();
    chair = h.directory.person('chair', police, ['CLINIC_CHAIR', 'POLICE_SPOC'], [clinic]);
    spoc = h.directory.person('spoc', police, ['POLICE_SPOC']);
    advocate = h.directory.person('advocate', advocacy, ['VICTIM_ADVOCATE']);
    outsider = h.directory.person('outsider', otherPolice, ['POLICE_SPOC']);
    h.directory.participation.set(caseId, new Set([police, advocacy]));
    h.directory.caseClinic.set(caseId, clinic);
  });
  afterAll(async () => h?.close());

  it("a breach reaches police, the chair and the case's advocate once each (inbox and email), not other forces, even delivered twice", async () => {
    const id = randomUUID();
    const payload = { caseId, clinicId: clinic, breachId: randomUUID() };
    await h.emit(QUEUES.caseEventsForNotifications, EVENT_TYPES.breachRecorded, payload, id);
    await eventually(async () => mailsTo(spoc.email!).length === 1 && mailsTo(chair.email!).length === 1);
    // The relay re-sends the same event (a redelivery): nothing new.
    await h.pipeline.handleEvent({
      id,
      type: EVENT_TYPES.breachRecorded,
      aggregateType: 'Case',
      aggregateId: caseId,
      actorId: null,
      correlationId: null,
      occurredAt: new Date().toISOString(),
      payload,
    });
    expect((await inbox(spoc.userId)).map((i) => i.kind)).toEqual(['BREACH_RECORDED']);
    expect((await inbox(chair.userId)).map((i) => i.kind)).toEqual(['BREACH_RECORDED']);
    expect(await inbox(outsider.userId)).toEqual([]);
    expect((await inbox(advocate.userId)).map((i) => [i.kind, i.title])).toEqual([
      ['BREACH_RECORDED', 'A breach was recorded on a case'],
    ]);
    await eventually(async () => mailsTo(advocate.email!).length === 1);
    const [mail] = mailsTo(spoc.email!);
    expect(mail!.subject).toBe('A breach was recorded on a case');
    expect(mail!.text).toContain(`http://127.0.0.1:4010/cases/${caseId}`);
    expect(mailsTo(spoc.email!)).toHaveLength(1);
    expect(mailsTo(outsider.email!)).toHaveLength(0);
  });

  it("a writer paused for repeated free-text refusals: the lead agency's people and DPO are told, never the writer", async () => {
    const dpo = h.directory.person('dpo', police, ['AUDITOR_DPO']);
    await h.emit(QUEUES.caseEventsForNotifications, EVENT_TYPES.freeTextWriterPaused, {
      caseId,
      clinicId: clinic,
      leadAgencyId: police,
      userId: spoc.userId,
      writerAgencyId: police,
    });
    const told = (u: string) =>
      inbox(u).then((items) => items.filter((i) => i.kind === 'FREE_TEXT_WRITER_PAUSED'));
    await eventually(
      async () => (await told(dpo.userId)).length === 1 && (await told(chair.userId)).length === 1,
    );
    expect(await told(spoc.userId)).toEqual([]);
    expect(await told(advocate.userId)).toEqual([]);
    expect(await told(outsider.userId)).toEqual([]);
    expect((await told(dpo.userId))[0]).toMatchObject({
      title: "A user's free text on a case was refused repeatedly and is paused",
      link: `/cases/${caseId}`,
    });
  });

  it('a writer paused on a referral that is not yet a case: the referring agency and its DPO are told, with a link to the referral', async () => {
    const dpo = h.directory.person('dpo-referral', police, ['AUDITOR_DPO']);
    const referralId = '00000000-0000-4000-8000-00000000fe01';
    await h.emit(QUEUES.referralEventsForNotifications, EVENT_TYPES.freeTextWriterPaused, {
      referralId,
      caseId: null,
      clinicId: clinic,
      leadAgencyId: police,
      userId: spoc.userId,
      writerAgencyId: police,
    });
    const told = (u: string) =>
      inbox(u).then((items) =>
        items.filter((i) => i.kind === 'FREE_TEXT_WRITER_PAUSED' && i.link?.includes(referralId)),
      );
    await eventually(async () => (await told(dpo.userId)).length === 1);
    expect((await told(dpo.userId))[0]!.link).toBe(`/referrals/${referralId}`);
    expect(await told(spoc.userId)).toEqual([]);
    expect(await told(outsider.userId)).toEqual([]);
  });

  it('the inbox through GraphQL: own items only, unread count, mark read; someone else’s item is not found', async () => {
    const me = h.actorOf(spoc);
    const page = await h.gql<{
      myNotifications: { items: { id: string; title: string }[] };
      unreadNotificationCount: number;
    }>(
      me,
      `{ myNotifications(first: 10) { items { id title link readAt } nextCursor } unreadNotificationCount }`,
    );
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data!.unreadNotificationCount).toBe(1);
    const id = page.body.data!.myNotifications.items[0]!.id;
    const other = await h.gql(
      h.actorOf(outsider),
      `mutation($id: ID!) { markNotificationRead(id: $id) { id } }`,
      { id },
    );
    expect(other.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await h.gql(me, `mutation($id: ID!) { markNotificationRead(id: $id) { readAt } }`, { id });
    const after = await h.gql<{ unreadNotificationCount: number }>(me, `{ unreadNotificationCount }`);
    expect(after.body.data!.unreadNotificationCount).toBe(0);
  });

  it('preferences: email off keeps the inbox item; safety-critical kinds cannot be turned off; digest batches', async () => {
    const me = h.actorOf(advocate);
    // What the advocate already has (a breach on the case reaches her too) stays out of the count.
    const inboxBefore = (await inbox(advocate.userId)).length;
    const mailBefore = mailsTo(advocate.email!).length;
    const refused = await h.gql(
      me,
      `mutation { setNotificationPreference(input: { kind: "VICTIM_UPDATE_OVERDUE", email: false }) { kind } }`,
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await h.gql(
      me,
      `mutation { setNotificationPreference(input: { kind: "PARTICIPATION_ADDED", email: false }) { kind } }`,
    );
    await h.gql(
      me,
      `mutation { setNotificationPreference(input: { kind: "CASE_CLOSED", email: true, digest: true }) { kind } }`,
    );
    await h.emit(QUEUES.caseEventsForNotifications, EVENT_TYPES.participationAdded, {
      caseId,
      clinicId: clinic,
      agencyId: advocacy,
    });
    await h.emit(QUEUES.caseEventsForNotifications, EVENT_TYPES.caseClosed, { caseId, clinicId: clinic });
    await eventually(async () => (await inbox(advocate.userId)).length === inboxBefore + 2);
    expect(mailsTo(advocate.email!)).toHaveLength(mailBefore);
    expect(await h.pipeline.sendDigests()).toBe(1);
    const digest = mailsTo(advocate.email!).slice(mailBefore);
    expect(digest).toHaveLength(1);
    expect(digest[0]!.text).toContain('A case your agency takes part in was closed');
    expect(digest[0]!.text).not.toContain('Your agency was added to a case');
    expect(await h.pipeline.sendDigests()).toBe(0);
  });

  it('a meeting invitation carries an .ics for that attendee that parses back; no body holds case content', async () => {
    const meetingId = randomUUID();
    await h.emit(QUEUES.meetingEventsForNotifications, EVENT_TYPES.attendeeInvited, {
      meetingId,
      clinicId: clinic,
      title: 'Stalking clinic meeting',
      startsAt: '2027-03-30T09:00:00.000Z',
      endsAt: '2027-03-30T12:00:00.000Z',
      place: 'Room 1',
      virtualLink: null,
      status: 'SCHEDULED',
      icsSequence: 0,
      icsUid: `${meetingId}@meetings.scp.example.invalid`,
      chairUserId: chair.userId,
      attendeeUserId: advocate.userId,
      attendeeUserIds: [chair.userId, advocate.userId],
    });
    await eventually(async () => mailsTo(advocate.email!).some((m) => m.subject.includes('invited')));
    const mail = mailsTo(advocate.email!).find((m) => m.subject.includes('invited'))!;
    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    const cal = new ICAL.Component(ICAL.parse(ics.content));
    const event = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.uid).toBe(`${meetingId}@meetings.scp.example.invalid`);
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-30T09:00:00.000Z');
    const attendees = cal
      .getFirstSubcomponent('vevent')!
      .getAllProperties('attendee')
      .map((a) => String(a.getFirstValue()).toLowerCase());
    expect(attendees).toEqual([`mailto:${advocate.email}`]);
    for (const m of h.catcher.messages())
      for (const text of [m.subject, m.text ?? '', ...m.attachments.map((a) => a.content)])
        for (const canary of CANARIES) expect(text).not.toContain(canary);
  });

  it('SMTP down: the delivery is retried with backoff and arrives once when the server is back', async () => {
    await h.catcher.pause();
    const actionId = randomUUID();
    await h.emit(QUEUES.meetingEventsForNotifications, EVENT_TYPES.actionAssigned, {
      actionId,
      caseId,
      clinicId: clinic,
      ownerAgencyId: police,
      ownerUserId: spoc.userId,
      dueOn: '2027-04-01',
      status: 'OPEN',
    });
    await eventually(async () => {
      const [d] = await h.owner.query(
        `SELECT d.attempts, d.last_error FROM notifications.email_deliveries d JOIN notifications.inbox_items i ON i.id = d.inbox_item_id
          WHERE i.kind = 'ACTION_ASSIGNED'`,
      );
      return d?.attempts >= 1 && d?.last_error !== null;
    });
    await h.catcher.resume();
    await eventually(async () => mailsTo(spoc.email!).some((m) => m.subject.includes('assigned')), 30_000);
    // The row says SENT once the server's reply is in, a moment after the catcher has the mail.
    const status = async () =>
      (
        await h.owner.query(
          `SELECT d.status FROM notifications.email_deliveries d JOIN notifications.inbox_items i ON i.id = d.inbox_item_id WHERE i.kind = 'ACTION_ASSIGNED'`,
        )
      )[0]?.status;
    await eventually(async () => (await status()) === 'SENT');
    expect(mailsTo(spoc.email!).filter((m) => m.subject.includes('assigned'))).toHaveLength(1);
  });

  it('a recipient who left the case before the email job ran gets no email (re-checked at send time)', async () => {
    const other = randomUUID();
    h.directory.participation.set(other, new Set([advocacy]));
    h.directory.caseClinic.set(other, clinic);
    // Hold the email: the delivery row exists, then the agency leaves, then the job runs.
    const def = NOTIFICATION_KINDS.get('CONTRIBUTION_DUE')!;
    await h.catcher.pause();
    await h.pipeline.dispatch(def, randomUUID(), {
      caseId: other,
      clinicId: clinic,
      agencyId: advocacy,
      meetingId: randomUUID(),
    });
    h.directory.participation.set(other, new Set());
    await h.catcher.resume();
    await eventually(async () => {
      const rows: { status: string }[] = await h.owner.query(
        `SELECT d.status FROM notifications.email_deliveries d JOIN notifications.inbox_items i ON i.id = d.inbox_item_id
          WHERE i.kind = 'CONTRIBUTION_DUE'`,
      );
      return rows.length === 1 && rows[0]!.status === 'SKIPPED';
    }, 50_000);
    expect(mailsTo(advocate.email!).filter((m) => m.subject.includes('contribution'))).toHaveLength(0);
    // A held SMTP connection is retried with backoff: on a loaded 2-core machine this took over 30 s.
  }, 60_000);

  it('reminders are rows: after Redis loses the delayed jobs, the rebuild re-adds them and each fires once', async () => {
    const victimUpdateId = randomUUID();
    const dueBy = new Date(Date.now() + 2_000);
    await h.pipeline.handleEvent({
      id: randomUUID(),
      type: EVENT_TYPES.victimUpdateDue,
      aggregateType: 'Case',
      aggregateId: caseId,
      actorId: null,
      correlationId: null,
      occurredAt: new Date().toISOString(),
      payload: { caseId, clinicId: clinic, victimUpdateId, dueBy: dueBy.toISOString() },
    });
    const rows: { id: string; kind: string }[] = await h.owner.query(
      `SELECT id, kind FROM notifications.reminders WHERE subject_id = $1 ORDER BY kind`,
      [victimUpdateId],
    );
    expect(rows.map((r) => r.kind)).toEqual(['VICTIM_UPDATE_DUE', 'VICTIM_UPDATE_OVERDUE']);
    // Redis loses everything of this service (as a restart without persistence would).
    await h.jobs.reminders.obliterate({ force: true });
    expect(await h.jobs.hasReminderJob(rows[1]!.id)).toBe(false);
    const rebuilt = await h.pipeline.reconcile({ all: true });
    expect(rebuilt.reminders).toBeGreaterThanOrEqual(2);
    await eventually(async () => {
      const fired: { status: string }[] = await h.owner.query(
        `SELECT status FROM notifications.reminders WHERE subject_id = $1`,
        [victimUpdateId],
      );
      return fired.every((f) => f.status === 'FIRED');
    }, 20_000);
    // A second rebuild adds nothing and nothing fires twice.
    await h.pipeline.reconcile({ all: true });
    const items = (await inbox(advocate.userId)).filter((i) => i.kind === 'VICTIM_UPDATE_OVERDUE');
    expect(items).toHaveLength(1);
    expect((await inbox(chair.userId)).filter((i) => i.kind === 'VICTIM_UPDATE_OVERDUE')).toHaveLength(1);
  });

  it('the daily-digest schedule lost with Redis comes back on a reconciler pass and with the rebuild', async () => {
    // Redis loses the queue; the reconciler's pass (as the worker runs it) sets the schedule again.
    await h.jobs.reminders.obliterate({ force: true });
    expect(await h.jobs.reminders.getJobScheduler('daily-digest')).toBeUndefined();
    const pass = await h.pipeline.reconcile();
    const back = await h.jobs.reminders.getJobScheduler('daily-digest');
    expect(back).toMatchObject({ pattern: '0 7 * * *', tz: 'Europe/London' });
    expect(pass.schedules).toBe(1);
    expect(await h.jobs.reminders.getJobSchedulersCount()).toBe(1);
    // `npm run reminders:rebuild` (the built command, as an operator runs it): the same again.
    await h.jobs.reminders.obliterate({ force: true });
    expect(await h.jobs.reminders.getJobScheduler('daily-digest')).toBeUndefined();
    const rebuild = () =>
      execFileAsync(
        process.execPath,
        [path.join(repoRoot, 'apps/notifications/dist/rebuild-reminders.main.js')],
        {
          cwd: os.tmpdir(),
          env: {
            ...process.env,
            DATABASE_URL: h.db.url,
            REDIS_URL: testRedisUrl(),
            QUEUE_PREFIX: h.prefix,
            NODE_OPTIONS: '',
          },
        },
      );
    const { stdout } = await rebuild();
    expect(await h.jobs.reminders.getJobScheduler('daily-digest')).toMatchObject({ pattern: '0 7 * * *' });
    expect(stdout).toContain('set 1 repeatable schedule(s)');
    // Idempotent: a second run leaves one schedule.
    await rebuild();
    expect(await h.jobs.reminders.getJobSchedulersCount()).toBe(1);
  });

  it('a delivered victim update cancels its pending reminders', async () => {
    const victimUpdateId = randomUUID();
    const base = { caseId, clinicId: clinic, victimUpdateId };
    const envelope = (
      type: typeof EVENT_TYPES.victimUpdateDue | typeof EVENT_TYPES.victimUpdateDelivered,
      payload: Record<string, unknown>,
    ) => ({
      id: randomUUID(),
      type,
      aggregateType: 'Case',
      aggregateId: caseId,
      actorId: null,
      correlationId: null,
      occurredAt: new Date().toISOString(),
      payload,
    });
    await h.pipeline.handleEvent(
      envelope(EVENT_TYPES.victimUpdateDue, {
        ...base,
        dueBy: new Date(Date.now() + 86_400_000 * 5).toISOString(),
      }),
    );
    await h.pipeline.handleEvent(envelope(EVENT_TYPES.victimUpdateDelivered, { ...base, onTime: true }));
    const rows: { status: string }[] = await h.owner.query(
      `SELECT status FROM notifications.reminders WHERE subject_id = $1`,
      [victimUpdateId],
    );
    expect(rows.map((r) => r.status)).toEqual(['CANCELLED', 'CANCELLED']);
  });

  it('admins read the delivery log and retry a failed delivery; others may not', async () => {
    const admin = { ...h.actorOf(spoc), roles: ['SYSTEM_ADMIN' as const] };
    const [row] = await h.owner.query(
      `SELECT id FROM notifications.email_deliveries WHERE status = 'SENT' LIMIT 1`,
    );
    await h.owner.query(
      `UPDATE notifications.email_deliveries SET status = 'FAILED', last_error = 'ECONNREFUSED' WHERE id = $1`,
      [row.id],
    );
    const log = await h.gql<{ emailDeliveries: { id: string; status: string; lastError: string }[] }>(
      admin,
      `{ emailDeliveries(filter: { status: [FAILED] }) { id status lastError toAddress } }`,
    );
    expect(log.body.data!.emailDeliveries.map((d) => d.id)).toContain(row.id);
    const denied = await h.gql(h.actorOf(spoc), `{ emailDeliveries { id } }`);
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const retried = await h.gql<{ retryEmailDelivery: { id: string; status: string } | null }>(
      admin,
      `mutation($id: ID!) { retryEmailDelivery(id: $id) { id status } }`,
      { id: row.id },
    );
    expect(retried.body.errors).toBeUndefined();
    // The retried delivery itself comes back (read by id), no longer FAILED.
    expect(retried.body.data!.retryEmailDelivery?.id).toBe(row.id);
    expect(retried.body.data!.retryEmailDelivery?.status).not.toBe('FAILED');
    await eventually(async () => {
      const [d] = await h.owner.query(`SELECT status FROM notifications.email_deliveries WHERE id = $1`, [
        row.id,
      ]);
      return d.status === 'SENT';
    });
  });
});
