import { EVENT_TYPES, QUEUES, type EventEnvelope } from '@scp/contracts';
import { createRedis, createQueue, waitForRedis } from '@scp/platform-messaging';
import { eventually, testRedisUrl, uniquePrefix } from '@scp/platform-testing';
import { ActionsService, CaseParticipationEntity } from '@scp/meetings';
import {
  CLINIC,
  startMeetingsHarness,
  type MeetingsHarness,
  type TestUser,
} from './testing/meetings-harness.js';

/** Agreed actions (D18): per-role transitions, the queries police track with, events, the sweep. */
/** GraphQL results are checked by the assertions; this only lets them be navigated. */
type Loose = { status?: string } & Record<string, unknown> & unknown[];
const FIELDS = `id status version overdue dueOn ownerAgencyId completionNote notCompletedReason endNote chairReason`;

describe('agreed actions', () => {
  let h: MeetingsHarness;
  let caseId: string;
  const prefix = uniquePrefix('meetings-actions');

  const gql = (user: TestUser, q: string, v?: Record<string, unknown>) =>
    h.gql<Record<string, Loose>>(user, q, v);
  const create = async (owner: TestUser, dueOn = '2027-04-13') => {
    const res = await gql(
      'chair',
      `mutation($i: CreateActionInput!) { createAction(input: $i) { ${FIELDS} } }`,
      {
        i: {
          caseId,
          title: `Action for ${owner}`,
          ownerAgencyId: h.agencyOf(owner),
          dueOn,
          priority: 'MEDIUM',
        },
      },
    );
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data!.createAction as unknown as { id: string; version: number };
  };
  const change = (user: TestUser, a: { id: string; version: number }, input: Record<string, unknown>) =>
    gql(user, `mutation($i: ChangeActionStatusInput!) { changeActionStatus(input: $i) { ${FIELDS} } }`, {
      i: { actionId: a.id, version: a.version, ...input },
    });
  const codeOf = (res: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) =>
    res.body.errors?.[0]?.extensions?.code ?? 'OK';

  beforeAll(async () => {
    h = await startMeetingsHarness({
      now: new Date('2027-03-31T10:00:00Z'),
      redisUrl: testRedisUrl(),
      queuePrefix: prefix,
    });
    caseId = await h.givenCase(['police', 'health', 'probation', 'advocacy']);
  });
  afterAll(async () => h?.close());

  it('only the chair creates actions, for a participating agency', async () => {
    const input = {
      caseId,
      title: 't',
      ownerAgencyId: h.agencyOf('spoc'),
      dueOn: '2027-04-13',
      priority: 'LOW',
    };
    for (const user of ['coord', 'spoc', 'mh', 'advocate'] as const)
      expect(
        codeOf(
          await gql(user, `mutation($i: CreateActionInput!) { createAction(input: $i) { id } }`, {
            i: input,
          }),
        ),
      ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await gql('cps', `mutation($i: CreateActionInput!) { createAction(input: $i) { id } }`, { i: input }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(
        await gql('chair', `mutation($i: CreateActionInput!) { createAction(input: $i) { id } }`, {
          i: { ...input, ownerAgencyId: h.agencyOf('cps') },
        }),
      ),
    ).toBe('BAD_USER_INPUT');
  });

  it('every forbidden transition is refused per role; the owner agency moves its own action', async () => {
    const a = await create('probation');
    for (const user of ['spoc', 'mh', 'advocate', 'coord'] as const) {
      expect(codeOf(await change(user, a, { to: 'IN_PROGRESS' }))).toBe('FORBIDDEN');
      expect(codeOf(await change(user, a, { to: 'COMPLETED', note: 'x' }))).toBe('FORBIDDEN');
      expect(codeOf(await change(user, a, { to: 'CANCELLED', chairReason: 'x' }))).toBe('FORBIDDEN');
    }
    expect(codeOf(await change('cps', a, { to: 'IN_PROGRESS' }))).toBe('NOT_FOUND');
    expect(codeOf(await change('probation', a, { to: 'CANCELLED', chairReason: 'x' }))).toBe('FORBIDDEN');
    const started = await change('probation', a, { to: 'IN_PROGRESS' });
    expect(started.body.data!.changeActionStatus.status).toBe('IN_PROGRESS');
    expect(codeOf(await change('probation', a, { to: 'COMPLETED' }))).toMatch(/BAD_USER_INPUT|CONFLICT/);
    const done = await change(
      'probation',
      { id: a.id, version: 2 },
      { to: 'COMPLETED', note: 'Licence condition added' },
    );
    expect(done.body.data!.changeActionStatus).toMatchObject({
      status: 'COMPLETED',
      completionNote: 'Licence condition added',
    });
    expect(
      codeOf(await change('chair', { id: a.id, version: 3 }, { to: 'CANCELLED', chairReason: 'x' })),
    ).toBe('BAD_USER_INPUT');
  });

  it('not completed needs a reason and a note; the chair ends another agency’s action only with a reason', async () => {
    const mhAction = await create('mh');
    expect(codeOf(await change('mh', mhAction, { to: 'NOT_COMPLETED', note: 'Moved out of area' }))).toBe(
      'BAD_USER_INPUT',
    );
    const res = await change('mh', mhAction, {
      to: 'NOT_COMPLETED',
      note: 'Moved out of area',
      notCompletedReason: 'CHANGE_OF_CIRCUMSTANCE',
    });
    expect(res.body.data!.changeActionStatus).toMatchObject({
      status: 'NOT_COMPLETED',
      notCompletedReason: 'CHANGE_OF_CIRCUMSTANCE',
    });

    const adv = await create('advocate');
    expect(codeOf(await change('chair', adv, { to: 'COMPLETED', note: 'Done' }))).toBe('BAD_USER_INPUT');
    const ended = await change('chair', adv, {
      to: 'COMPLETED',
      note: 'Done',
      chairReason: 'Confirmed at clinic',
    });
    expect(ended.body.data!.changeActionStatus).toMatchObject({
      status: 'COMPLETED',
      chairReason: 'Confirmed at clinic',
    });

    const cancelled = await change('chair', await create('spoc'), {
      to: 'CANCELLED',
      chairReason: 'Superseded',
    });
    expect(cancelled.body.data!.changeActionStatus.status).toBe('CANCELLED');
  });

  it("police track their agency's actions: open, overdue, due this week", async () => {
    const thisWeek = await create('spoc', '2027-04-02');
    const later = await create('spoc', '2027-04-20');
    h.setNow(new Date('2027-04-01T10:00:00Z'));
    const q = (view: string) =>
      gql('spoc', `query($v: AgreedActionListView) { myAgencyActions(view: $v) { id overdue } }`, {
        v: view,
      });
    const ids = async (view: string) =>
      ((await q(view)).body.data!.myAgencyActions as { id: string }[]).map((a) => a.id);
    expect(await ids('DUE_THIS_WEEK')).toEqual([thisWeek.id]);
    expect(await ids('OPEN')).toEqual([thisWeek.id, later.id]);
    expect(await ids('OVERDUE')).toEqual([]);
    h.setNow(new Date('2027-04-06T10:00:00Z'));
    expect(await ids('OVERDUE')).toEqual([thisWeek.id]);
    // Another agency sees the case's actions (R) but none is "its agency's".
    expect(
      await (async () =>
        ((await gql('mh', `{ myAgencyActions(view: OPEN) { id } }`)).body.data!.myAgencyActions as unknown[])
          .length)(),
    ).toBe(0);
    // CPS has no D18 at all.
    const cps = await gql(
      'cps',
      `query($c: [_Any!]!) { _entities(representations: $c) { ... on Case { actions { id } } } }`,
      {
        c: [{ __typename: 'Case', id: caseId }],
      },
    );
    expect(cps.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      codeOf(await gql('spoc', `query($c: ID!) { clinicActions(clinicId: $c) { id } }`, { c: CLINIC })),
    ).toBe('FORBIDDEN');
    const clinic = await gql(
      'coord',
      `query($c: ID!) { clinicActions(clinicId: $c, view: OVERDUE) { id } }`,
      { c: CLINIC },
    );
    expect(clinic.body.data!.clinicActions).toEqual([{ id: thisWeek.id }]);
  });

  it('every change is an event for the cases service and notifications; the sweep sends reminders once', async () => {
    const rows: { type: string; payload: Record<string, unknown> }[] = await h.owner.query(
      `SELECT type, payload FROM meetings.outbox WHERE type = $1 ORDER BY created_at`,
      [EVENT_TYPES.actionStatusChanged],
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(Object.keys(rows[0]!.payload).sort()).toEqual(
      ['actionId', 'caseId', 'clinicId', 'dueOn', 'ownerAgencyId', 'ownerUserId', 'status'].sort(),
    );
    const actions = h.app.get(ActionsService);
    const written = await actions.sweepDeadlines(new Date('2027-04-06T10:00:00Z'));
    expect(written).toBeGreaterThan(0);
    expect(await actions.sweepDeadlines(new Date('2027-04-06T10:00:00Z'))).toBe(0);
    const kinds: { type: string }[] = await h.owner.query(
      `SELECT DISTINCT type FROM meetings.outbox WHERE type LIKE 'action.%' ORDER BY type`,
    );
    expect(kinds.map((k) => k.type)).toEqual(
      expect.arrayContaining([
        EVENT_TYPES.actionAssigned,
        EVENT_TYPES.actionDueSoon,
        EVENT_TYPES.actionOverdue,
        EVENT_TYPES.actionEscalated,
      ]),
    );
    // The relay delivers them to the per-consumer queues.
    const redis = createRedis(testRedisUrl(), 'producer');
    try {
      const toCases = createQueue<EventEnvelope>(QUEUES.meetingEventsForCases, redis, prefix);
      const toNotifications = createQueue<EventEnvelope>(QUEUES.meetingEventsForNotifications, redis, prefix);
      await eventually(async () => (await toCases.getJobCounts('waiting')).waiting >= rows.length);
      await eventually(async () => (await toNotifications.getJobCounts('waiting')).waiting > rows.length);
      const casesJobs = await toCases.getJobs(['waiting'], 0, 1000);
      expect(new Set(casesJobs.map((j) => j.name))).toEqual(new Set([EVENT_TYPES.actionStatusChanged]));
      await toCases.close();
      await toNotifications.close();
    } finally {
      redis.disconnect();
    }
  });

  it('the participation replica is fed from case-events.meetings (idempotent)', async () => {
    const redis = createRedis(testRedisUrl(), 'producer');
    await waitForRedis(redis);
    const queue = createQueue<EventEnvelope>(QUEUES.caseEventsForMeetings, redis, prefix);
    try {
      const newCase = '00000000-0000-4000-8000-0000000000c1';
      const event: EventEnvelope = {
        id: '00000000-0000-4000-8000-0000000000e1',
        type: EVENT_TYPES.participationAdded,
        aggregateType: 'Case',
        aggregateId: newCase,
        actorId: null,
        correlationId: null,
        occurredAt: new Date('2027-01-01T00:00:00Z').toISOString(),
        payload: { caseId: newCase, clinicId: CLINIC, agencyId: h.agencyOf('cps') },
      };
      await queue.add(event.type, event, { jobId: event.id });
      await queue.add(event.type, event, { jobId: `${event.id}-again` });
      await eventually(
        async () =>
          (await h.owner
            .getRepository(CaseParticipationEntity)
            .countBy({ caseId: newCase, active: true })) === 1,
      );
      await eventually(async () => {
        const rows: { n: string }[] = await h.owner.query(
          `SELECT count(*) AS n FROM meetings.processed_events WHERE event_id = $1`,
          [event.id],
        );
        return rows[0]!.n === '1' && (await queue.getJobCounts('completed')).completed >= 2;
      });
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
});
