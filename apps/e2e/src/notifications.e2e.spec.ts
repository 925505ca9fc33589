import { eventually } from '@scp/platform-testing';
import { startStack, type Stack } from './stack.js';

/**
 * Notifications through the whole platform: events from the referrals, cases and meetings
 * services reach the notifications service through their outboxes; recipients are worked out by
 * the cases service at send time; each arrives once in the inbox (read through the gateway) and
 * once by email (a real SMTP server). No email holds a canary of D3, D4, D6, D9, D12, D14 or D16.
 */
describe('notifications end to end', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ canaries: true });
  }, 90_000);
  afterAll(async () => s?.close());

  const inbox = async (user: string) => {
    const res = await s.gql<{ myNotifications: { items: { kind: string; title: string; link: string }[] } }>(
      user,
      `{ myNotifications(first: 100) { items { kind title link } } }`,
    );
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data!.myNotifications.items;
  };
  const mailTo = (user: string) => s.mail.messages().filter((m) => m.to.includes(`${user}@example.invalid`));

  it('a submitted referral reaches the clinic officers (inbox and email), once, and no one else', async () => {
    const created = await s.gql<{ createReferral: { id: string; version: number } }>(
      'spoc.nvp',
      `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id version } }`,
      {
        input: {
          clinicId: s.fixture.clinics.NV,
          urgency: 'ROUTINE',
          reason: 'Persistent contact after separation (synthetic)',
          behaviours: ['FOLLOWING'],
          crimeReferences: ['NV/26/000999'],
          cjStatus: 'UNDER_INVESTIGATION',
          sharingBasis: 'STATUTORY_GATEWAY',
          basisRationale: 'Crime and Disorder Act 1998 s115',
          subject: { givenName: 'Mike', familyName: 'Notifyson' },
          victim: { givenName: 'November', familyName: 'Sampleton', relationshipToSubject: 'Former partner' },
        },
      },
    );
    expect(created.body.errors).toBeUndefined();
    const r = created.body.data!.createReferral;
    const submitted = await s.gql(
      'spoc.nvp',
      `mutation($input: ReferralTransitionInput!) { submitReferral(input: $input) { id } }`,
      { input: { id: r.id, expectedVersion: r.version } },
    );
    expect(submitted.body.errors).toBeUndefined();
    await eventually(
      async () => mailTo('chair.nvp').some((m) => m.subject.includes('referral was submitted')),
      20_000,
    );
    await eventually(
      async () => mailTo('coord.nvc').some((m) => m.subject.includes('referral was submitted')),
      20_000,
    );
    const items = (await inbox('chair.nvp')).filter((i) => i.kind === 'REFERRAL_SUBMITTED');
    expect(items).toEqual([
      {
        kind: 'REFERRAL_SUBMITTED',
        title: 'A referral was submitted to your clinic',
        link: `/referrals/${r.id}`,
      },
    ]);
    expect((await inbox('chair.sfh')).filter((i) => i.kind === 'REFERRAL_SUBMITTED')).toEqual([]);
    expect((await inbox('spoc.nvp')).filter((i) => i.kind === 'REFERRAL_SUBMITTED')).toEqual([]);
    expect(mailTo('chair.nvp').filter((m) => m.subject.includes('referral was submitted'))).toHaveLength(1);
  });

  it("a breach on NV1 reaches its police, chair and the victim's advocate, not the other clinic; no email carries a canary", async () => {
    const caseId = s.fixture.cases.NV1!;
    const res = await s.gql(
      'spoc.nvp',
      `mutation($input: RecordBreachInput!) { recordBreach(input: $input) { id } }`,
      {
        input: {
          caseId,
          occurredAt: '2026-11-20T13:00:00Z',
          type: 'ONLINE',
          crimeReference: 'NV/71999/26',
          description: 'Messages from a new account (synthetic).',
          outcomes: [{ action: 'ARREST', occurredAt: '2026-11-20T16:00:00Z' }],
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    await eventually(async () => mailTo('spoc.nvp').some((m) => m.subject.includes('breach')), 20_000);
    await eventually(
      async () => mailTo('chair.nvp').some((m) => m.subject.includes('urgent review')),
      20_000,
    );
    expect((await inbox('spoc.nvp')).filter((i) => i.kind === 'BREACH_RECORDED')).toHaveLength(1);
    expect((await inbox('spoc.sfc')).filter((i) => i.kind === 'BREACH_RECORDED')).toHaveLength(0);
    // The victim's advocate on NV1 acts on her safety: the same neutral title and link, nothing more.
    await eventually(async () => mailTo('advocate.nva').some((m) => m.subject.includes('breach')), 20_000);
    expect((await inbox('advocate.nva')).filter((i) => i.kind === 'BREACH_RECORDED')).toEqual([
      { kind: 'BREACH_RECORDED', title: 'A breach was recorded on a case', link: `/cases/${caseId}` },
    ]);
    expect((await inbox('advocate.sfa')).filter((i) => i.kind === 'BREACH_RECORDED')).toHaveLength(0);
    expect(mailTo('spoc.sfc').filter((m) => m.subject.includes('breach'))).toHaveLength(0);
    // The arrest also made a victim update due: its reminders are rows in PostgreSQL.
    await eventually(async () => {
      const rows: { kind: string }[] = await s.owner.query(
        `SELECT kind FROM notifications.reminders WHERE case_id = $1 ORDER BY kind`,
        [caseId],
      );
      return rows.map((r) => r.kind).join(',') === 'VICTIM_UPDATE_DUE,VICTIM_UPDATE_OVERDUE';
    }, 20_000);
    const canaries = Object.values(s.fixture.canaries).flat();
    expect(canaries.length).toBeGreaterThan(0);
    for (const m of s.mail.messages())
      for (const text of [m.subject, m.text, ...m.attachments.map((a) => a.content)])
        for (const canary of canaries) expect(text).not.toContain(canary);
  });

  it('an inbox item names its case by the reference the recipient may read, and nothing to one who may not', async () => {
    const caseId = s.fixture.cases.NV1!;
    // The same item about NV1 for North Vale's SPOC (NV1's police) and South Fen's (no part in it).
    for (const user of ['spoc.nvp', 'spoc.sfc'])
      await s.owner.query(
        `INSERT INTO notifications.inbox_items (id, user_id, kind, title, link, case_id, source_id, meta, created_at)
         VALUES (gen_random_uuid(), $1, 'CASE_CLOSED', 'A case was closed', $2, $3, gen_random_uuid(), '{}', now())`,
        [s.fixture.users[user], `/cases/${caseId}`, caseId],
      );
    type Inbox = {
      myNotifications: { items: { kind: string; case: { id: string; reference: string | null } | null }[] };
    };
    const read = `{ myNotifications(first: 100) { items { kind case { id reference } } } }`;
    const mine = await s.gql<Inbox>('spoc.nvp', read);
    expect(mine.body.errors).toBeUndefined();
    const item = mine.body.data!.myNotifications.items.find((i) => i.kind === 'CASE_CLOSED');
    expect(item?.case).toEqual({ id: caseId, reference: expect.stringMatching(/^NV-\d{4}-\d{4}$/) });
    const other = await s.gql<Inbox>('spoc.sfc', read);
    expect(other.text).not.toContain(item!.case!.reference!);
    const theirs = other.body.data!.myNotifications.items.filter((i) => i.kind === 'CASE_CLOSED');
    expect(theirs).toHaveLength(1);
    expect(theirs[0]!.case?.reference ?? null).toBeNull();
  });

  it('an invited attendee gets the meeting invite with an .ics naming them; a cancellation sends METHOD:CANCEL', async () => {
    const scheduled = await s.gql<{ scheduleMeeting: { id: string; version: number } }>(
      'chair.nvp',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id version } }`,
      {
        i: {
          clinicId: s.fixture.clinics.NV,
          kind: 'SCHEDULED',
          title: 'North Vale clinic (synthetic)',
          startsAt: '2027-01-12T10:00:00Z',
          endsAt: '2027-01-12T13:00:00Z',
          place: 'Room 3',
        },
      },
    );
    expect(scheduled.body.errors).toBeUndefined();
    const meeting = scheduled.body.data!.scheduleMeeting;
    await s.gql('coord.nvc', `mutation($i: InviteAttendeeInput!) { inviteAttendee(input: $i) { id } }`, {
      i: { meetingId: meeting.id, userId: s.fixture.users['advocate.nva'], agencyId: s.fixture.agencies.NVA },
    });
    await eventually(async () => mailTo('advocate.nva').some((m) => m.subject.includes('invited')), 20_000);
    const invite = mailTo('advocate.nva').find((m) => m.subject.includes('invited'))!;
    const ics = invite.attachments.find((a) => a.contentType.startsWith('text/calendar'))!.content;
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics.toLowerCase()).toContain('mailto:advocate.nva@example.invalid');
    expect(ics).not.toContain('North Vale clinic (synthetic)');
    const cancelled = await s.gql(
      'chair.nvp',
      `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status } }`,
      { i: { meetingId: meeting.id, version: meeting.version, to: 'CANCELLED', reason: 'Room unavailable' } },
    );
    expect(cancelled.body.errors).toBeUndefined();
    await eventually(async () => mailTo('advocate.nva').some((m) => m.subject.includes('cancelled')), 20_000);
    const cancel = mailTo('advocate.nva').find((m) => m.subject.includes('cancelled'))!;
    expect(cancel.attachments.find((a) => a.contentType.startsWith('text/calendar'))!.content).toContain(
      'METHOD:CANCEL',
    );
  });
});
