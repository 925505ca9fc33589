import { startStack, type Stack } from './stack.js';

/**
 * Issue 13, "Hardening", through the gateway and the real subgraphs: input the database would
 * refuse is refused first, as BAD_USER_INPUT naming the field and never echoing the value.
 */
describe('end to end: hardening', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ canaries: false });
  }, 90_000);
  afterAll(async () => s?.close());

  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const ID = '0b4f3c1e-8a1d-4c6e-9f2a-5d7b8c9e0f1a';

  const expectRefused = (
    res: Awaited<ReturnType<Stack['gql']>>,
    field: string,
    echo: string[] = [],
  ): void => {
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(res.body.data ?? null).toBeNull();
    for (const value of echo) expect(res.text).not.toContain(value);
  };

  it('a forged `after` cursor is BAD_USER_INPUT on `after` on every keyset list', async () => {
    // [user, query, sorted by a date or time]: there a date that does not exist is forged too.
    const lists: [user: string, query: string, dated: boolean][] = [
      ['chair.nvp', 'query($after: String) { cases(first: 1, after: $after) { edges { cursor } } }', true],
      [
        'chair.nvp',
        'query($after: String) { cases(first: 1, after: $after, orderBy: { field: NEXT_REVIEW_ON }) { edges { cursor } } }',
        true,
      ],
      ['admin.nvc', 'query($after: String) { users(first: 1, after: $after) { nodes { id } } }', false],
      [
        'auditor.nvp',
        'query($after: String) { auditEvents(first: 1, after: $after) { nodes { id } } }',
        false,
      ],
      [
        'advocate.nva',
        'query($after: String) { victimUpdatesDue(first: 1, after: $after) { edges { cursor } } }',
        true,
      ],
      [
        'chair.nvp',
        'query($after: String) { referrals(first: 1, after: $after) { edges { cursor } } }',
        true,
      ],
    ];
    const forged = [
      cursor(['2026-01-01 10:00:00+00', 'not-a-uuid']),
      cursor(['text\u0000with nul', ID]),
      cursor([null, '1 OR 1=1']),
      cursor({ a: 1 }),
      'not base64 at all!',
    ];
    const forgedDates = [cursor(['2026-99-99T00:00:00Z', ID]), cursor(['2027-02-30', ID])];
    for (const [user, query, dated] of lists)
      for (const after of dated ? [...forged, ...forgedDates] : forged) {
        const res = await s.gql(user, query, { after });
        expect([query, after, res.body.errors?.[0]?.extensions]).toEqual([
          query,
          after,
          { code: 'BAD_USER_INPUT', field: 'after' },
        ]);
        expect(res.body.data ?? null).toBeNull();
      }
    // A cursor the list gave still works.
    const first = await s.gql<{ cases: { edges: { cursor: string }[] } }>('chair.nvp', lists[0]![1]);
    const next = await s.gql('chair.nvp', lists[0]![1], { after: first.body.data!.cases.edges[0]!.cursor });
    expect(next.body.errors).toBeUndefined();
  });

  it("inviteAttendee takes users of the clinic's agencies only, under their own agency (the cases directory decides)", async () => {
    const scheduled = await s.gql<{ scheduleMeeting: { id: string } }>(
      'chair.nvp',
      'mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }',
      {
        i: {
          clinicId: s.fixture.clinics.NV,
          kind: 'SCHEDULED',
          title: 'Hardening (synthetic)',
          startsAt: '2026-12-01T10:00:00Z',
          endsAt: '2026-12-01T12:00:00Z',
          place: 'Room 2',
        },
      },
    );
    expect(scheduled.body.errors).toBeUndefined();
    const meetingId = scheduled.body.data!.scheduleMeeting.id;
    const { users, agencies } = s.fixture;
    const invite = (userId: string, agencyId: string) =>
      s.gql('coord.nvc', 'mutation($i: InviteAttendeeInput!) { inviteAttendee(input: $i) { id } }', {
        i: { meetingId, userId, agencyId },
      });
    const attendees = async () =>
      (
        await s.owner.query(`SELECT user_id FROM meetings.attendees WHERE meeting_id = $1 ORDER BY user_id`, [
          meetingId,
        ])
      ).map((r: { user_id: string }) => r.user_id) as string[];
    const before = await attendees();
    // South Fen's officer is in no agency of North Vale's clinic, under either agency.
    expectRefused(await invite(users['spoc.sfc']!, agencies.SFC!), 'userId');
    expectRefused(await invite(users['spoc.sfc']!, agencies.NVP!), 'userId');
    // North Vale's advocate, recorded under the police.
    expectRefused(await invite(users['advocate.nva']!, agencies.NVP!), 'agencyId');
    expect(await attendees()).toEqual(before);
    const ok = await invite(users['advocate.nva']!, agencies.NVA!);
    expect(ok.body.errors).toBeUndefined();
  });

  it('a date that does not exist is BAD_USER_INPUT naming the field, as a variable or in the query', async () => {
    const bad = '2026-99-99T00:00:00Z';
    expectRefused(
      await s.gql('chair.nvp', 'query($from: DateTime) { meetings(from: $from) { id } }', { from: bad }),
      'from',
      [bad],
    );
    const literal = await s.gql('chair.nvp', `{ meetings(from: "${bad}") { id } }`);
    expect(literal.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(literal.body.errors![0]!.message).toMatch(/^DateTime must be a real date/);
    expectRefused(
      await s.gql('auditor.nvp', 'query($f: AuditEventFilter) { auditEvents(filter: $f) { nodes { id } } }', {
        f: { since: bad },
      }),
      'since',
      [bad],
    );
    expectRefused(
      await s.gql(
        'chair.nvp',
        'query($c: ID!, $from: String!, $to: String!) { referralOutcomes(clinicId: $c, from: $from, to: $to) { received } }',
        { c: s.fixture.clinics.NV, from: '2027-02-30', to: '2027-03-01' },
      ),
      'from',
    );
    const ok = await s.gql('chair.nvp', 'query($from: DateTime) { meetings(from: $from) { id } }', {
      from: '2026-01-31T09:00:00Z',
    });
    expect(ok.body.errors).toBeUndefined();
  });
});
