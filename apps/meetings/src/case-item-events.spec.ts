import { EVENT_TYPES } from '@scp/contracts';
import {
  CLINIC,
  startMeetingsHarness,
  type MeetingsHarness,
  type TestUser,
} from './testing/meetings-harness.js';

/**
 * The events that move a case's status (docs/case-lifecycle.md), as the meetings service writes
 * them: an urgent case item added to an agenda already published lists its case at once, and
 * cancelling a published meeting takes every case item off again.
 */
describe('case item events of the meetings service', () => {
  let h: MeetingsHarness;
  const ok = async <T = Record<string, unknown>>(user: TestUser, q: string, v?: Record<string, unknown>) => {
    const res = await h.gql<T>(user, q, v);
    if (res.body.errors) throw new Error(`${user}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  };

  beforeAll(async () => {
    h = await startMeetingsHarness({ now: new Date('2027-03-20T10:00:00Z') });
  });
  afterAll(async () => h?.close());

  it('urgent item after publication → listed; cancellation → unlisted, for each case item', async () => {
    const caseA = await h.givenCase(['police', 'health']);
    const caseB = await h.givenCase(['police', 'advocacy']);
    const { scheduleMeeting } = await ok<{ scheduleMeeting: { id: string } }>(
      'chair',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
      {
        i: {
          clinicId: CLINIC,
          kind: 'SCHEDULED',
          title: 'Clinic 6 April (synthetic)',
          startsAt: '2027-04-06T09:00:00.000Z',
          endsAt: '2027-04-06T12:00:00.000Z',
          virtualLink: 'https://meet.example.invalid/case-items',
        },
      },
    );
    const meetingId = scheduleMeeting.id;
    const add = (caseId: string, kind: string) =>
      ok('coord', `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { position } }`, {
        i: { meetingId, kind, caseId, durationMinutes: 20 },
      });
    const move = async (to: string, reason?: string) => {
      const { meeting } = await ok<{ meeting: { version: number } }>(
        'chair',
        `query($id: ID!) { meeting(id: $id) { version } }`,
        { id: meetingId },
      );
      await ok(
        'chair',
        `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status } }`,
        {
          i: { meetingId, version: meeting.version, to, reason },
        },
      );
    };
    const events = async () =>
      (
        (await h.owner.query(
          `SELECT type, payload->>'caseId' AS "caseId" FROM meetings.outbox
            WHERE type = ANY($1::text[]) AND payload->>'meetingId' = $2 ORDER BY created_at, id`,
          [[EVENT_TYPES.caseListed, EVENT_TYPES.caseUnlisted, EVENT_TYPES.caseReviewed], meetingId],
        )) as { type: string; caseId: string }[]
      ).map((e) => `${e.type}:${e.caseId === caseA ? 'A' : e.caseId === caseB ? 'B' : '?'}`);

    await add(caseA, 'REVIEW');
    expect(await events()).toEqual([]);
    await move('AGENDA_PUBLISHED');
    expect(await events()).toEqual([`${EVENT_TYPES.caseListed}:A`]);
    await add(caseB, 'URGENT');
    expect(await events()).toEqual([`${EVENT_TYPES.caseListed}:A`, `${EVENT_TYPES.caseListed}:B`]);
    await move('CANCELLED', 'The chair is unwell (synthetic)');
    // Sorted: the cancellation's two events share their time.
    expect((await events()).sort()).toEqual([
      `${EVENT_TYPES.caseListed}:A`,
      `${EVENT_TYPES.caseListed}:B`,
      `${EVENT_TYPES.caseUnlisted}:A`,
      `${EVENT_TYPES.caseUnlisted}:B`,
    ]);
  });
});
