import {
  CLINIC,
  startMeetingsHarness,
  type MeetingsHarness,
  type TestUser,
} from './testing/meetings-harness.js';

/**
 * A meeting is not ended, nor its minutes approved, while a recommendation is still PROPOSED:
 * refused with a coded error naming how many are undecided, and nothing changes.
 */
describe('undecided recommendations hold the meeting open', () => {
  let h: MeetingsHarness;
  let meetingId: string;
  let itemId: string;

  const ok = async <T = Record<string, unknown>>(user: TestUser, q: string, v?: Record<string, unknown>) => {
    const res = await h.gql<T>(user, q, v);
    if (res.body.errors) throw new Error(`${user}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  };
  const meeting = async () =>
    (
      await ok<{ meeting: { status: string; version: number } }>(
        'chair',
        `query($id: ID!) { meeting(id: $id) { status version } }`,
        { id: meetingId },
      )
    ).meeting;
  const move = async (user: TestUser, to: string) =>
    h.gql(
      user,
      `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status version } }`,
      { i: { meetingId, version: (await meeting()).version, to } },
    );
  const propose = async (text: string) =>
    (
      await ok<{ proposeRecommendation: { id: string; version: number } }>(
        'coord',
        `mutation($i: ProposeRecommendationInput!) { proposeRecommendation(input: $i) { id version } }`,
        { i: { agendaItemId: itemId, category: 'OTHER', text } },
      )
    ).proposeRecommendation;
  const decide = (id: string, version: number) =>
    ok('chair', `mutation($i: DecideRecommendationInput!) { decideRecommendation(input: $i) { status } }`, {
      i: { recommendationId: id, version, status: 'NOT_AGREED', rationale: 'Not proportionate (synthetic)' },
    });

  beforeAll(async () => {
    h = await startMeetingsHarness({ now: new Date('2027-03-30T08:00:00Z') });
    const caseId = await h.givenCase(['police', 'health', 'probation']);
    const { scheduleMeeting } = await ok<{ scheduleMeeting: { id: string } }>(
      'chair',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
      {
        i: {
          clinicId: CLINIC,
          kind: 'EXTRAORDINARY',
          title: 'Undecided (synthetic)',
          startsAt: '2027-03-30T09:00:00.000Z',
          endsAt: '2027-03-30T10:00:00.000Z',
          place: 'Room 2',
        },
      },
    );
    meetingId = scheduleMeeting.id;
    const { addAgendaItem } = await ok<{ addAgendaItem: { id: string } }>(
      'coord',
      `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id } }`,
      { i: { meetingId, kind: 'REVIEW', caseId, durationMinutes: 30 } },
    );
    itemId = addAgendaItem.id;
    for (const to of ['AGENDA_PUBLISHED', 'IN_PROGRESS'])
      expect((await move('chair', to)).body.errors).toBeUndefined();
  });
  afterAll(async () => h?.close());

  it('ending the meeting is refused while two are undecided, naming how many; once decided it ends', async () => {
    const first = await propose('Seek a non-contact condition (synthetic)');
    const second = await propose('Refer to MAPPA (synthetic)');
    const before = await meeting();
    for (const user of ['chair', 'coord'] as const)
      expect((await move(user, 'MINUTES_DRAFT')).body.errors).toEqual([
        expect.objectContaining({
          message: '2 recommendations are still undecided: decide each before ending the meeting',
          extensions: { code: 'BAD_USER_INPUT', field: 'to', reason: 'RECOMMENDATIONS_UNDECIDED', count: 2 },
        }),
      ]);
    expect(await meeting()).toEqual({ status: 'IN_PROGRESS', version: before.version });
    await decide(first.id, first.version);
    expect((await move('chair', 'MINUTES_DRAFT')).body.errors?.[0]?.extensions).toMatchObject({
      reason: 'RECOMMENDATIONS_UNDECIDED',
      count: 1,
    });
    await decide(second.id, second.version);
    expect((await move('chair', 'MINUTES_DRAFT')).body.errors).toBeUndefined();
  });

  it('approving the minutes is refused while one proposed after the meeting is undecided', async () => {
    const late = await propose('Safety plan review (synthetic)');
    const refused = await move('chair', 'MINUTES_APPROVED');
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        message: '1 recommendation is still undecided: decide each before approving the minutes',
        extensions: { code: 'BAD_USER_INPUT', field: 'to', reason: 'RECOMMENDATIONS_UNDECIDED', count: 1 },
      }),
    ]);
    expect((await meeting()).status).toBe('MINUTES_DRAFT');
    await decide(late.id, late.version);
    expect((await move('chair', 'MINUTES_APPROVED')).body.errors).toBeUndefined();
    expect((await meeting()).status).toBe('MINUTES_APPROVED');
  });
});
