import {
  CLINIC,
  startMeetingsHarness,
  type MeetingsHarness,
  type TestUser,
} from './testing/meetings-harness.js';

/**
 * Issue 15: the coordinator removes an item from an agenda not yet published. Once the agenda is
 * published, or once an agency contributed to the item, it is deferred with a reason instead, so
 * that the record of what the clinic told the agencies stays. Removal is an audited DELETE.
 */
describe('removing an agenda item', () => {
  let h: MeetingsHarness;
  let meetingId: string;
  const cases: string[] = [];

  const ok = async <T = Record<string, unknown>>(user: TestUser, q: string, v?: Record<string, unknown>) => {
    const res = await h.gql<T>(user, q, v);
    if (res.body.errors) throw new Error(`${user}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  };
  type Item = { id: string; caseId: string; position: number; version: number };
  const agenda = async () =>
    (
      await ok<{ meeting: { version: number; agenda: Item[] } }>(
        'chair',
        `query($id: ID!) { meeting(id: $id) { version agenda { position ... on AgendaItem { id caseId version } } } }`,
        { id: meetingId },
      )
    ).meeting;
  const remove = (user: TestUser, item: Item, version = item.version) =>
    h.gql(user, `mutation($i: RemoveAgendaItemInput!) { removeAgendaItem(input: $i) { position } }`, {
      i: { agendaItemId: item.id, version },
    });

  beforeAll(async () => {
    h = await startMeetingsHarness({ now: new Date('2027-03-22T08:00:00Z') });
    for (let i = 0; i < 3; i++) cases.push(await h.givenCase(['police', 'health']));
    meetingId = (
      await ok<{ scheduleMeeting: { id: string } }>(
        'chair',
        `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
        {
          i: {
            clinicId: CLINIC,
            kind: 'SCHEDULED',
            title: 'Removal (synthetic)',
            startsAt: '2027-03-31T09:00:00.000Z',
            endsAt: '2027-03-31T12:00:00.000Z',
            place: 'Room 2',
          },
        },
      )
    ).scheduleMeeting.id;
    for (const caseId of cases)
      await ok('coord', `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id } }`, {
        i: { meetingId, kind: 'REVIEW', caseId, durationMinutes: 30 },
      });
  });
  afterAll(async () => h?.close());

  it('the coordinator removes the middle item; the rest close up; the removal is audited; a stale version is a conflict', async () => {
    const [, middle] = (await agenda()).agenda;
    expect((await remove('coord', middle!, middle!.version - 1)).body.errors?.[0]?.extensions?.code).toBe(
      'CONFLICT',
    );
    // A partner does not even see an unpublished agenda's items (docs/meeting-access.md).
    expect((await remove('spoc', middle!)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await remove('coord', middle!)).body.errors).toBeUndefined();
    const after = (await agenda()).agenda;
    expect(after.map((i) => [i.position, i.caseId])).toEqual([
      [1, cases[0]],
      [2, cases[2]],
    ]);
    const audited: { action: string; case_id: string }[] = await h.owner.query(
      `SELECT action, case_id FROM audit.events WHERE entity_id = $1`,
      [middle!.id],
    );
    expect(audited).toContainEqual({ action: 'DELETE', case_id: cases[1] });
  });

  it('an item an agency contributed to is deferred instead, and after publication nothing is removed', async () => {
    const [first, second] = (await agenda()).agenda;
    await ok('mh', `mutation($i: SubmitContributionInput!) { submitContribution(input: $i) { id } }`, {
      i: { agendaItemId: first!.id, text: 'Health view (synthetic).' },
    });
    expect((await remove('coord', first!)).body.errors?.[0]).toMatchObject({
      message: 'Agencies have contributed to this item: defer it instead, with a reason',
      extensions: { code: 'BAD_USER_INPUT', field: 'agendaItemId' },
    });
    await ok(
      'chair',
      `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status } }`,
      {
        i: { meetingId, version: (await agenda()).version, to: 'AGENDA_PUBLISHED' },
      },
    );
    expect((await remove('coord', second!)).body.errors?.[0]).toMatchObject({
      message: 'The agenda is published: defer the item instead, with a reason',
    });
    expect((await agenda()).agenda).toHaveLength(2);
  });
});
