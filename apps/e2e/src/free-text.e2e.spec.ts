import { londonDay } from '@scp/platform-calendar';
import { binarySearchAttack, candidatePostcodes, eventually } from '@scp/platform-testing';
import { startStack, type Stack } from './stack.js';

type Errors = { message: string; extensions?: Record<string, unknown> }[] | undefined;

/**
 * Issue 13 through the gateway (entitlements.md, free text; docs/free-text.md): titles every
 * invitee reads are checked like minutes, and the check answers a writer who may not read the
 * victim's location the same whether a guess matched or not, audits every match and, after a
 * few, pauses the writer and tells the lead agency and its DPO.
 */
describe('free text end to end: no victim location in shared text, and no oracle for guessing it', () => {
  let s: Stack;
  let meetingId: string;
  const items: Record<string, { id: string; version: number }> = {};
  const home = async (caseKey: string) => {
    const rows: { address_line1: string; postcode: string; phone: string }[] = await s.owner.query(
      `SELECT l.address_line1, l.postcode, l.phone FROM cases.locations l JOIN cases.persons p ON p.id = l.person_id
        WHERE l.case_id = $1 AND p.role = 'VICTIM' ORDER BY l.created_at LIMIT 1`,
      [s.fixture.cases[caseKey]],
    );
    return rows[0]!;
  };
  const errorsOf = (res: { body: { errors?: unknown } }) => res.body.errors as Errors;

  beforeAll(async () => {
    s = await startStack({ canaries: false });
    const d = await s.gql<{ scheduleMeeting: { id: string } }>(
      'chair.nvp',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
      {
        i: {
          clinicId: s.fixture.clinics.NV,
          kind: 'SCHEDULED',
          title: 'North Vale clinic (synthetic)',
          // Today: the test starts it, and a meeting cannot start before its date.
          startsAt: `${londonDay(new Date())}T10:00:00Z`,
          endsAt: `${londonDay(new Date())}T13:00:00Z`,
          virtualLink: 'https://meet.example.invalid/nv',
        },
      },
    );
    meetingId = d.body.data!.scheduleMeeting.id;
    for (const key of ['NV1', 'NV2'])
      await eventually(async () => {
        const res = await s.gql<{ addAgendaItem: { id: string; version: number } }>(
          'coord.nvc',
          `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { ... on AgendaItem { id version } } }`,
          { i: { meetingId, kind: 'REVIEW', caseId: s.fixture.cases[key], durationMinutes: 30 } },
        );
        if (res.body.errors) return false;
        items[key] = res.body.data!.addAgendaItem;
        return true;
      });
  }, 120_000);
  afterAll(async () => s?.close());

  it('the clinician confirms nothing: an exact address and a wrong one get the same answer, and only the match is audited', async () => {
    const { address_line1 } = await home('NV1');
    const submit = (text: string) =>
      s.gql('mh.nvh', `mutation($i: SubmitContributionInput!) { submitContribution(input: $i) { id } }`, {
        i: { agendaItemId: items.NV1!.id, text },
      });
    const exact = await submit(`Victim now lives at ${address_line1}`);
    const wrong = await submit('Victim now lives at 97 Nowhere Road');
    expect(errorsOf(exact)).toEqual(errorsOf(wrong));
    expect(errorsOf(exact)?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(exact.text).not.toContain(address_line1);
    expect(errorsOf(await submit('Victim has moved; the advocate holds the details'))).toBeUndefined();
  });

  it("the chair's agenda item and action titles are checked; probation reads no address in the agenda or the actions", async () => {
    const { address_line1, postcode } = await home('NV1');
    const title = `Visit the victim at ${address_line1}, ${postcode}`;
    const item = await s.gql(
      'chair.nvp',
      `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { position } }`,
      { i: { meetingId, kind: 'AOB', durationMinutes: 5, title } },
    );
    expect(errorsOf(item)?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    const action = await s.gql(
      'chair.nvp',
      `mutation($i: CreateActionInput!) { createAction(input: $i) { id } }`,
      {
        i: {
          caseId: s.fixture.cases.NV1,
          title,
          ownerAgencyId: s.fixture.agencies.NVPS,
          dueOn: '2027-12-01',
          priority: 'HIGH',
        },
      },
    );
    expect(errorsOf(action)?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    const meeting = await s.gql(
      'chair.nvp',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
      {
        i: {
          clinicId: s.fixture.clinics.NV,
          kind: 'SCHEDULED',
          title,
          startsAt: '2027-12-01T10:00:00Z',
          endsAt: '2027-12-01T11:00:00Z',
          virtualLink: 'https://meet.example.invalid/nv',
        },
      },
    );
    expect(errorsOf(meeting)?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    for (const res of [item, action, meeting]) expect(res.text).not.toContain(address_line1);
    const read = await s.gql(
      'probation.nvps',
      `query($id: ID!, $c: ID!) { meeting(id: $id) { title agenda { ... on AgendaItem { title } } }
         case(id: $c) { actions { title } } }`,
      { id: meetingId, c: s.fixture.cases.NV1 },
    );
    expect(read.text).not.toContain(address_line1);
    expect(read.text).not.toContain(postcode);
  });

  it("replays the coordinator's batched binary search through draftMinutes: the same answers whatever the postcode, audited, then paused, and the lead agency and its DPO are told", async () => {
    await s.gql(
      'chair.nvp',
      `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status } }`,
      { i: { meetingId, version: 1, to: 'AGENDA_PUBLISHED' } },
    );
    const version = async () =>
      (
        await s.gql<{ meeting: { version: number } }>(
          'chair.nvp',
          `query($id: ID!) { meeting(id: $id) { version } }`,
          {
            id: meetingId,
          },
        )
      ).body.data!.meeting.version;
    const started = await s.gql(
      'chair.nvp',
      `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status } }`,
      { i: { meetingId, version: await version(), to: 'IN_PROGRESS' } },
    );
    expect(errorsOf(started)).toBeUndefined();

    const candidates = candidatePostcodes();
    const secrets = { NV1: (await home('NV1')).postcode, NV2: (await home('NV2')).postcode };
    expect(candidates).toEqual(expect.arrayContaining(Object.values(secrets)));

    const attack = (key: 'NV1' | 'NV2') =>
      binarySearchAttack(candidates, async (minutes) => {
        const res = await s.gql(
          'coord.nvc',
          `mutation($i: DraftMinutesInput!) { draftMinutes(input: $i) { position } }`,
          { i: { agendaItemId: items[key]!.id, version: items[key]!.version, minutes } },
        );
        const errors = errorsOf(res)?.map((e) => ({ message: e.message, extensions: e.extensions }));
        return { accepted: !errors, answer: errors };
      });
    const one = await attack('NV1');
    const two = await attack('NV2');
    expect(secrets.NV1).not.toBe(secrets.NV2);
    expect(one.transcript).toEqual(two.transcript);
    expect(one.guess).toBe(two.guess);
    expect(one.transcript.at(-1)?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });

    // Each request that held the postcode is audited as an attempt to record D12, without it.
    const audit = await s.gql<{
      auditEvents: { nodes: { actorId: string; action: string; purpose: string }[] };
    }>(
      'auditor.nvp',
      `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 100) { nodes { actorId action purpose } } }`,
      { f: { caseId: s.fixture.cases.NV1, category: 'D12' } },
    );
    const attempts = audit.body.data!.auditEvents.nodes.filter(
      (n) => n.action === 'ACCESS_DENIED' && n.actorId === s.fixture.users['coord.nvc'],
    );
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(attempts)).not.toContain(secrets.NV1);

    // The lead agency's SPOC and DPO hear of it; the coordinator does not.
    const inbox = async (user: string) =>
      (
        await s.gql<{ myNotifications: { items: { kind: string; title: string; link: string }[] } }>(
          user,
          `{ myNotifications(first: 100) { items { kind title link } } }`,
        )
      ).body.data!.myNotifications.items.filter((i) => i.kind === 'FREE_TEXT_WRITER_PAUSED');
    await eventually(
      async () => (await inbox('spoc.nvp')).length > 0 && (await inbox('auditor.nvp')).length > 0,
    );
    const told = await inbox('spoc.nvp');
    expect(told.map((i) => i.link)).toEqual(expect.arrayContaining([`/cases/${s.fixture.cases.NV1}`]));
    expect(JSON.stringify(told)).not.toContain(secrets.NV1);
    expect(await inbox('coord.nvc')).toEqual([]);
  });
});
