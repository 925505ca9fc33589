import { addCalendarDays, londonDay } from '@scp/platform-calendar';
import { eventually } from '@scp/platform-testing';
import { startStack, type Stack } from './stack.js';

type GqlError = { message: string; extensions?: Record<string, unknown> };

/**
 * Issue 14 item 6 through the gateway: dates that make no sense are refused as BAD_USER_INPUT
 * naming the field, with the rule in words, and nothing is half-written (docs/case-rules.md).
 * "Today" is the London day the stack runs on.
 */
describe('end to end: dates that make no sense are refused', () => {
  let s: Stack;
  const today = londonDay(new Date());
  const tomorrow = londonDay(addCalendarDays(today, 1));
  const nextWeek = londonDay(addCalendarDays(today, 7));

  beforeAll(async () => {
    s = await startStack({ canaries: false });
  }, 90_000);
  afterAll(async () => s?.close());

  const must = async <T>(user: string, query: string, variables: Record<string, unknown>) => {
    const res = await s.gql<T>(user, query, variables);
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data!;
  };
  const refusedWith = (errors: GqlError[] | undefined, field: string, message: string) =>
    expect(errors).toEqual([
      expect.objectContaining({ message, extensions: { code: 'BAD_USER_INPUT', field } }),
    ]);

  it('a next review date in the past is refused; the case is unchanged', async () => {
    const id = s.fixture.cases.NV2;
    const read = async () =>
      (
        await must<{ case: { version: number; nextReviewOn: string | null } }>(
          'coord.nvc',
          `query($id: ID!) { case(id: $id) { version nextReviewOn } }`,
          { id },
        )
      ).case;
    const before = await read();
    const update = (nextReviewOn: string, expectedVersion: number) =>
      s.gql('coord.nvc', `mutation($i: UpdateCaseHeaderInput!) { updateCaseHeader(input: $i) { version } }`, {
        i: { id, expectedVersion, nextReviewOn },
      });
    refusedWith(
      (await update('2020-06-01', before.version)).body.errors,
      'nextReviewOn',
      'The next review date cannot be in the past: give today or a later date',
    );
    expect(await read()).toEqual(before);
    expect((await update(today, before.version)).body.errors).toBeUndefined();
    expect((await read()).nextReviewOn).toBe(today);
  });

  it('an order recorded in force with a service date in the future is refused; no order is written', async () => {
    const caseId = s.fixture.cases.NV2;
    const orders = async () =>
      (
        await must<{ case: { orders: { id: string }[] } }>(
          'spoc.nvp',
          `query($id: ID!) { case(id: $id) { orders { id } } }`,
          { id: caseId },
        )
      ).case.orders.length;
    const before = await orders();
    const res = await s.gql('spoc.nvp', `mutation($i: RecordOrderInput!) { recordOrder(input: $i) { id } }`, {
      i: {
        caseId,
        typeCode: 'INTERIM_SPO',
        status: 'IN_FORCE',
        grantedOn: today,
        servedOn: tomorrow,
        untilFurtherOrder: true,
        conditions: [{ servedText: 'Not to contact Victim B.' }],
      },
    });
    refusedWith(
      res.body.errors,
      'servedOn',
      'The service date cannot be in the future: an order is in force only once it is served',
    );
    expect(await orders()).toBe(before);
  });

  it('a meeting cannot be started before its date, nor minuted with a review date before it', async () => {
    const schedule = async (day: string) =>
      (
        await must<{ scheduleMeeting: { id: string } }>(
          'chair.nvp',
          `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
          {
            i: {
              clinicId: s.fixture.clinics.NV,
              kind: 'EXTRAORDINARY',
              title: 'Extraordinary clinic (synthetic)',
              startsAt: `${day}T09:00:00Z`,
              endsAt: `${day}T10:00:00Z`,
              place: 'Room 1 (synthetic)',
            },
          },
        )
      ).scheduleMeeting.id;
    const meeting = async (id: string) =>
      (
        await must<{
          meeting: { status: string; version: number; agenda: { id: string; version: number }[] };
        }>(
          'chair.nvp',
          `query($id: ID!) { meeting(id: $id) { status version agenda { ... on AgendaItem { id version } } } }`,
          { id },
        )
      ).meeting;
    const move = async (meetingId: string, to: string) =>
      s.gql(
        'chair.nvp',
        `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status } }`,
        {
          i: { meetingId, version: (await meeting(meetingId)).version, to },
        },
      );

    const later = await schedule(nextWeek);
    expect((await move(later, 'AGENDA_PUBLISHED')).body.errors).toBeUndefined();
    const published = await meeting(later);
    refusedWith(
      (await move(later, 'IN_PROGRESS')).body.errors,
      'to',
      `A meeting cannot be started or minuted before its date: it is on ${nextWeek}`,
    );
    expect(await meeting(later)).toEqual(published);

    const now = await schedule(today);
    await eventually(async () => {
      const res = await s.gql(
        'chair.nvp',
        `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id } }`,
        {
          i: { meetingId: now, kind: 'URGENT', caseId: s.fixture.cases.NV2, durationMinutes: 30 },
        },
      );
      return !res.body.errors;
    });
    for (const to of ['AGENDA_PUBLISHED', 'IN_PROGRESS'])
      expect((await move(now, to)).body.errors).toBeUndefined();
    const item = (await meeting(now)).agenda.find((i) => i.id)!;
    const draft = `mutation($i: DraftMinutesInput!) { draftMinutes(input: $i) { id } }`;
    const res = await s.gql('chair.nvp', draft, {
      i: {
        agendaItemId: item.id,
        version: item.version,
        minutes: 'Reviewed (synthetic).',
        nextReviewOn: '2020-01-07',
      },
    });
    refusedWith(
      res.body.errors,
      'nextReviewOn',
      'The next review date cannot be in the past or before this meeting: give a later date',
    );
    expect((await meeting(now)).agenda.find((i) => i.id === item.id)).toEqual(item);
    await must('chair.nvp', draft, {
      i: {
        agendaItemId: item.id,
        version: item.version,
        minutes: 'Reviewed (synthetic).',
        nextReviewOn: nextWeek,
      },
    });
  });
});
