import { EVENT_TYPES } from '@scp/contracts';
import {
  CLINIC,
  startMeetingsHarness,
  type MeetingsHarness,
  type TestUser,
} from './testing/meetings-harness.js';

/**
 * The meetings subgraph on its own (real PostgreSQL): scheduling and per-role meeting
 * transitions, confidentiality acceptance gating, the placeholder rule on every path of a
 * two-case meeting, contributions and the missing flag, approved minutes' immutability.
 */
const MEETING_FIELDS = `id status version referralDeadlineOn agendaPublicationDueOn agendaPublicationLate`;
const AGENDA = `agenda { __typename id position startsAt durationMinutes restricted
  ... on AgendaItem { caseId kind title minutes summary nextReviewOn version deferralReason
    recommendations { id text status dissents { agencyId reason } } actions { id title }
    addenda { reason text } contributionStatus { agencyId submitted missing } } }`;

// Tuesday 30 March 2027, 10:00 London (BST): the Tuesday after Easter Monday.
const STARTS = '2027-03-30T09:00:00.000Z';
const ENDS = '2027-03-30T12:00:00.000Z';

describe('meetings subgraph', () => {
  let h: MeetingsHarness;
  let caseA: string; // advocacy participates
  let caseB: string; // advocacy2 participates, advocacy does not
  let meetingId: string;

  const ok = async <T = Record<string, unknown>>(user: TestUser, q: string, v?: Record<string, unknown>) => {
    const res = await h.gql<T>(user, q, v);
    if (res.body.errors) throw new Error(`${user}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  };
  const code = async (user: TestUser, q: string, v?: Record<string, unknown>) =>
    (await h.gql(user, q, v)).body.errors?.[0]?.extensions?.code;
  const meeting = async (user: TestUser) =>
    (
      await ok<{ meeting: Record<string, unknown> & { agenda: Record<string, unknown>[] } }>(
        user,
        `query($id: ID!) { meeting(id: $id) { ${MEETING_FIELDS} ${AGENDA} } }`,
        { id: meetingId },
      )
    ).meeting;
  const status = async (user: TestUser, to: string, reason?: string) => {
    const m = await meeting('chair');
    return h.gql<{ changeMeetingStatus: { status: string } }>(
      user,
      `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status version } }`,
      { i: { meetingId, version: m.version, to, reason } },
    );
  };

  beforeAll(async () => {
    h = await startMeetingsHarness({ now: new Date('2027-03-20T10:00:00Z') });
    caseA = await h.givenCase(['police', 'health', 'probation', 'advocacy', 'cps']);
    caseB = await h.givenCase(['police', 'advocacy2']);
  });
  afterAll(async () => h?.close());

  it('the chair schedules a meeting; its deadlines count working days across the Easter bank holidays', async () => {
    const data = await ok<{ scheduleMeeting: Record<string, unknown> }>(
      'chair',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { ${MEETING_FIELDS} } }`,
      {
        i: {
          clinicId: CLINIC,
          kind: 'SCHEDULED',
          title: 'Clinic 30 March',
          startsAt: STARTS,
          endsAt: ENDS,
          place: 'Room 1',
        },
      },
    );
    meetingId = data.scheduleMeeting.id as string;
    // Mon 29 (Easter Monday) and Fri 26 (Good Friday) are not working days.
    expect(data.scheduleMeeting).toMatchObject({
      status: 'SCHEDULED',
      referralDeadlineOn: '2027-03-24',
      agendaPublicationDueOn: '2027-03-25',
      agendaPublicationLate: false,
    });
    expect(
      await code('spoc', `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`, {
        i: {
          clinicId: CLINIC,
          kind: 'SCHEDULED',
          title: 'x',
          startsAt: STARTS,
          endsAt: ENDS,
          place: 'Room 1',
        },
      }),
    ).toBe('FORBIDDEN');
  });

  it('the coordinator lists both cases; a new referral after the listing deadline is refused', async () => {
    const add = `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id position restricted } }`;
    await ok('coord', add, { i: { meetingId, kind: 'OUTSTANDING_ACTIONS', durationMinutes: 15 } });
    await ok('coord', add, { i: { meetingId, kind: 'REVIEW', caseId: caseA, durationMinutes: 30 } });
    expect(
      await code('spoc', add, { i: { meetingId, kind: 'REVIEW', caseId: caseB, durationMinutes: 30 } }),
    ).toBe('FORBIDDEN');
    h.setNow(new Date('2027-03-25T10:00:00Z'));
    expect(
      await code('coord', add, {
        i: { meetingId, kind: 'NEW_REFERRAL', caseId: caseB, durationMinutes: 30 },
      }),
    ).toBe('BAD_USER_INPUT');
    h.setNow(new Date('2027-03-24T10:00:00Z'));
    await ok('coord', add, { i: { meetingId, kind: 'NEW_REFERRAL', caseId: caseB, durationMinutes: 30 } });
    const agenda = (await meeting('coord')).agenda;
    expect(agenda.map((e) => [e.position, e.startsAt, e.restricted])).toEqual([
      [1, '2027-03-30T09:00:00.000Z', false],
      [2, '2027-03-30T09:15:00.000Z', false],
      [3, '2027-03-30T09:45:00.000Z', false],
    ]);
  });

  it('meeting transitions are refused per role', async () => {
    for (const user of ['spoc', 'mh', 'advocate', 'cps', 'otherChair'] as const)
      expect((await status(user, 'AGENDA_PUBLISHED')).body.errors?.[0]?.extensions?.code).toMatch(
        /FORBIDDEN|NOT_FOUND/,
      );
    expect((await status('coord', 'IN_PROGRESS')).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await status('coord', 'CANCELLED', 'no')).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await status('chair', 'CANCELLED')).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('an agency contributes before the meeting; one that did not is flagged once the deadline passed', async () => {
    const itemA = (await meeting('coord')).agenda[1]!.id as string;
    await ok('mh', `mutation($i: SubmitContributionInput!) { submitContribution(input: $i) { id text } }`, {
      i: { agendaItemId: itemA, text: 'Health contribution (synthetic)' },
    });
    expect(
      await code('cps', `mutation($i: SubmitContributionInput!) { submitContribution(input: $i) { id } }`, {
        i: { agendaItemId: itemA, text: 'x' },
      }),
    ).toBe('FORBIDDEN');
    h.setNow(new Date('2027-03-26T10:00:00Z'));
    const flags = (await meeting('chair')).agenda[1]!.contributionStatus as {
      agencyId: string;
      submitted: boolean;
      missing: boolean;
    }[];
    expect(flags.find((f) => f.agencyId === h.agencyOf('mh'))).toMatchObject({
      submitted: true,
      missing: false,
    });
    expect(flags.find((f) => f.agencyId === h.agencyOf('probation'))).toMatchObject({
      submitted: false,
      missing: true,
    });
  });

  it('an attendee sees no case content until they accept the confidentiality statement', async () => {
    for (const user of ['advocate', 'advocate2', 'mh', 'probation'] as const)
      await ok('coord', `mutation($i: InviteAttendeeInput!) { inviteAttendee(input: $i) { id } }`, {
        i: { meetingId, userId: h.userId(user), agencyId: h.agencyOf(user) },
      });
    const before = await meeting('advocate');
    expect(before.agenda.every((e) => e.restricted === true && e.__typename === 'RestrictedAgendaItem')).toBe(
      true,
    );
    expect(JSON.stringify(before)).not.toContain(caseA);
    await ok(
      'advocate',
      `mutation($id: ID!) { acceptConfidentiality(meetingId: $id) { confidentialityAcceptedAt } }`,
      {
        id: meetingId,
      },
    );
    const after = await meeting('advocate');
    expect(after.agenda.map((e) => e.restricted)).toEqual([false, false, true]);
    expect(after.agenda[1]).toMatchObject({ caseId: caseA, kind: 'REVIEW' });
    // Accepting is for oneself only, and only for an attendee.
    expect(
      await code('spoc', `mutation($id: ID!) { acceptConfidentiality(meetingId: $id) { id } }`, {
        id: meetingId,
      }),
    ).toBe('FORBIDDEN');
    await ok('advocate2', `mutation($id: ID!) { acceptConfidentiality(meetingId: $id) { id } }`, {
      id: meetingId,
    });
    await ok('mh', `mutation($id: ID!) { acceptConfidentiality(meetingId: $id) { id } }`, { id: meetingId });
    await ok('probation', `mutation($id: ID!) { acceptConfidentiality(meetingId: $id) { id } }`, {
      id: meetingId,
    });
  });

  it('the meeting runs: deferral, recommendations with dissent, actions, minutes, approval, addendum', async () => {
    await ok('coord', 'query { __typename }');
    expect((await status('coord', 'AGENDA_PUBLISHED')).body.errors).toBeUndefined();
    expect((await status('coord', 'IN_PROGRESS')).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Four days early the meeting has not sat: starting it is refused, and nothing changes.
    const before = await meeting('chair');
    expect((await status('chair', 'IN_PROGRESS')).body.errors).toEqual([
      expect.objectContaining({
        message: 'A meeting cannot be started or minuted before its date: it is on 2027-03-30',
        extensions: { code: 'BAD_USER_INPUT', field: 'to' },
      }),
    ]);
    expect(await meeting('chair')).toMatchObject({ status: 'AGENDA_PUBLISHED', version: before.version });
    h.setNow(new Date('2027-03-30T07:30:00Z')); // its day, before it opens: a clinic may start early
    expect((await status('chair', 'IN_PROGRESS')).body.errors).toBeUndefined();
    const [, itemA, itemB] = (await meeting('chair')).agenda as { id: string; version: number }[];

    const rec = await ok<{ proposeRecommendation: { id: string; version: number } }>(
      'coord',
      `mutation($i: ProposeRecommendationInput!) { proposeRecommendation(input: $i) { id version } }`,
      { i: { agendaItemId: itemA!.id, category: 'ORDER_APPLICATION', text: 'Apply for an SPO (synthetic)' } },
    );
    await ok('probation', `mutation($i: RecordDissentInput!) { recordDissent(input: $i) { id } }`, {
      i: {
        recommendationId: rec.proposeRecommendation.id,
        agencyId: h.agencyOf('probation'),
        reason: 'Prefers licence conditions',
      },
    });
    expect(
      await code('probation', `mutation($i: RecordDissentInput!) { recordDissent(input: $i) { id } }`, {
        i: { recommendationId: rec.proposeRecommendation.id, agencyId: h.agencyOf('mh'), reason: 'x' },
      }),
    ).toBe('FORBIDDEN');
    const decide = `mutation($i: DecideRecommendationInput!) { decideRecommendation(input: $i) { status } }`;
    const decision = {
      recommendationId: rec.proposeRecommendation.id,
      version: 1,
      status: 'AGREED',
      rationale: 'Pattern of breaches',
    };
    expect(await code('coord', decide, { i: decision })).toBe('FORBIDDEN');
    await ok('chair', decide, { i: decision });

    await ok('chair', `mutation($i: CreateActionInput!) { createAction(input: $i) { id } }`, {
      i: {
        caseId: caseA,
        meetingId,
        recommendationId: rec.proposeRecommendation.id,
        title: 'Apply for the SPO',
        ownerAgencyId: h.agencyOf('spoc'),
        dueOn: '2027-04-13',
        priority: 'HIGH',
      },
    });
    await ok('chair', `mutation($i: CreateActionInput!) { createAction(input: $i) { id } }`, {
      i: {
        caseId: caseB,
        meetingId,
        title: 'Case B action',
        ownerAgencyId: h.agencyOf('advocate2'),
        dueOn: '2027-04-13',
        priority: 'LOW',
      },
    });

    await ok('coord', `mutation($i: DeferAgendaItemInput!) { deferAgendaItem(input: $i) { id } }`, {
      i: { agendaItemId: itemB!.id, version: itemB!.version, reason: 'REFERRER_NOT_BRIEFED' },
    });
    expect((await status('chair', 'MINUTES_DRAFT')).body.errors).toBeUndefined();
    const fresh = (await meeting('coord')).agenda as { id: string; version: number }[];
    const draft = `mutation($i: DraftMinutesInput!) { draftMinutes(input: $i) { id ... on AgendaItem { version } } }`;
    const pastReview = await h.gql('coord', draft, {
      i: { agendaItemId: fresh[1]!.id, version: fresh[1]!.version, minutes: 'x', nextReviewOn: '2027-03-29' },
    });
    expect(pastReview.body.errors).toEqual([
      expect.objectContaining({
        message: 'The next review date cannot be in the past or before this meeting: give a later date',
        extensions: { code: 'BAD_USER_INPUT', field: 'nextReviewOn' },
      }),
    ]);
    expect(((await meeting('coord')).agenda as { version: number }[])[1]!.version).toBe(fresh[1]!.version);
    await ok('coord', draft, {
      i: {
        agendaItemId: fresh[1]!.id,
        version: fresh[1]!.version,
        minutes: 'Case A minutes (synthetic)',
        summary: 'Case A summary',
        nextReviewOn: '2027-05-04',
      },
    });
    await ok('coord', draft, {
      i: {
        agendaItemId: fresh[2]!.id,
        version: fresh[2]!.version,
        minutes: 'Case B minutes (synthetic)',
        summary: 'Case B summary',
      },
    });
    expect(
      await code('spoc', draft, { i: { agendaItemId: fresh[1]!.id, version: 2, minutes: 'x' } }),
    ).toMatch(/FORBIDDEN|NOT_FOUND/);
    const m = await meeting('chair');
    await ok('chair', `mutation($i: ExecutiveSummaryInput!) { setExecutiveSummary(input: $i) { id } }`, {
      i: { meetingId, version: m.version, overview: 'Overview across both cases (synthetic)' },
    });
    expect((await status('coord', 'MINUTES_APPROVED')).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await status('chair', 'MINUTES_APPROVED')).body.errors).toBeUndefined();
    const outbox: { type: string; payload: Record<string, unknown> }[] = await h.owner.query(
      `SELECT type, payload FROM meetings.outbox WHERE type = $1`,
      [EVENT_TYPES.nextReviewSet],
    );
    expect(outbox).toEqual([
      {
        type: EVENT_TYPES.nextReviewSet,
        payload: expect.objectContaining({ caseId: caseA, nextReviewOn: '2027-05-04' }),
      },
    ]);
    // Each case on the published agenda was listed and, with the minutes approved, reviewed
    // (docs/case-lifecycle.md): the cases service moves the case's status from these.
    const caseItems: { type: string; caseId: string; next: string | null }[] = await h.owner.query(
      `SELECT type, payload->>'caseId' AS "caseId", payload->>'nextReviewOn' AS next FROM meetings.outbox
        WHERE type = ANY($1::text[]) AND payload->>'meetingId' = $2 ORDER BY created_at, id`,
      [[EVENT_TYPES.caseListed, EVENT_TYPES.caseReviewed, EVENT_TYPES.caseUnlisted], meetingId],
    );
    // Sorted: the events of one transaction share their time, so their order is not kept.
    expect(
      caseItems
        .map((e) => [e.type, e.caseId === caseA ? 'A' : e.caseId === caseB ? 'B' : '?', e.next])
        .sort(),
    ).toEqual([
      [EVENT_TYPES.caseListed, 'A', null],
      [EVENT_TYPES.caseListed, 'B', null],
      [EVENT_TYPES.caseReviewed, 'A', '2027-05-04'],
      // B's item was deferred at the meeting: not reviewed, so back to awaiting listing.
      [EVENT_TYPES.caseUnlisted, 'B', null],
    ]);

    // Approved minutes are immutable: the service refuses, and so does the database.
    const approved = (await meeting('coord')).agenda as { id: string; version: number }[];
    expect(
      await code('coord', draft, {
        i: { agendaItemId: approved[1]!.id, version: approved[1]!.version, minutes: 'changed' },
      }),
    ).toBe('BAD_USER_INPUT');
    await expect(
      h.owner.query(`UPDATE meetings.agenda_items SET minutes = 'x' WHERE id = $1`, [approved[1]!.id]),
    ).rejects.toThrow(/immutable/);
    await ok('coord', `mutation($i: AddAddendumInput!) { addMinuteAddendum(input: $i) { reason text } }`, {
      i: {
        agendaItemId: approved[1]!.id,
        reason: 'Typo in the review date rationale',
        text: 'Correction (synthetic)',
      },
    });
    expect((await meeting('mh')).agenda[1]!.addenda).toEqual([
      { reason: 'Typo in the review date rationale', text: 'Correction (synthetic)' },
    ]);
  });

  it('the placeholder rule: the advocate of case A sees case B only as a placeholder on every path', async () => {
    const advocate = await ok<Record<string, unknown>>(
      'advocate',
      `query($id: ID!, $c: [_Any!]!) {
        meeting(id: $id) { ${AGENDA} executiveSummary { __typename } }
        myAgencyActions(view: ALL) { id caseId title }
        _entities(representations: $c) { ... on Case { id meetings { id } recommendations { id text } actions { id title } } }
      }`,
      { id: meetingId, c: [{ __typename: 'Case', id: caseA }] },
    );
    const text = JSON.stringify(advocate);
    for (const leak of [caseB, 'Case B minutes', 'Case B summary', 'Case B action'])
      expect(text).not.toContain(leak);
    expect(text).toContain('Case A minutes');
    const item = (advocate.meeting as { agenda: Record<string, unknown>[] }).agenda[2]!;
    expect(item).toEqual({
      __typename: 'RestrictedAgendaItem',
      id: expect.any(String),
      position: 3,
      startsAt: '2027-03-30T09:45:00.000Z',
      durationMinutes: 30,
      restricted: true,
    });
    // Case B reached directly (entity reference): nothing of its meeting content.
    const direct = await h.gql(
      'advocate',
      `query($c: [_Any!]!) { _entities(representations: $c) { ... on Case { recommendations { id } actions { id } } } }`,
      {
        c: [{ __typename: 'Case', id: caseB }],
      },
    );
    expect(direct.text).not.toContain('Case B');
    expect(direct.body.errors?.map((e) => e.extensions?.code)).toEqual(expect.arrayContaining(['FORBIDDEN']));
    // The executive summary's overview spans cases: officers only.
    const overview = await h.gql(
      'advocate',
      `query($id: ID!) { meeting(id: $id) { executiveSummary { overview } } }`,
      { id: meetingId },
    );
    expect(overview.text).not.toContain('Overview across');
    const chair = await ok<{ meeting: { executiveSummary: { overview: string } } }>(
      'chair',
      `query($id: ID!) { meeting(id: $id) { executiveSummary { overview } } }`,
      { id: meetingId },
    );
    expect(chair.meeting.executiveSummary.overview).toContain('Overview across');
    // The advocate of case B sees case A as a placeholder, and case B in full.
    const other = await meeting('advocate2');
    expect(other.agenda.map((e) => e.restricted)).toEqual([false, true, false]);
    expect(JSON.stringify(other)).not.toContain('Case A');
  });

  it("a clinic's recurring schedule from its cadence skips bank holidays", async () => {
    const data = await ok<{ scheduleRecurringMeetings: { startsAt: string }[] }>(
      'coord',
      `mutation($i: ScheduleRecurringMeetingsInput!) { scheduleRecurringMeetings(input: $i) { startsAt } }`,
      {
        i: {
          clinicId: CLINIC,
          cadence: 'FORTNIGHTLY',
          firstOn: '2027-03-12',
          count: 2,
          startTime: '10:00',
          durationMinutes: 120,
          title: 'Fortnightly clinic',
          place: 'Room 3',
        },
      },
    );
    // 10:00 GMT on 12 March; Good Friday 26 March moves to Tuesday 30 March, 10:00 BST.
    expect(data.scheduleRecurringMeetings.map((m) => m.startsAt)).toEqual([
      '2027-03-12T10:00:00.000Z',
      '2027-03-30T09:00:00.000Z',
    ]);
    expect(
      await code(
        'spoc',
        `mutation($i: ScheduleRecurringMeetingsInput!) { scheduleRecurringMeetings(input: $i) { id } }`,
        {
          i: {
            clinicId: CLINIC,
            cadence: 'WEEKLY',
            firstOn: '2027-03-12',
            count: 1,
            startTime: '10:00',
            durationMinutes: 60,
            title: 'x',
            place: 'y',
          },
        },
      ),
    ).toBe('FORBIDDEN');
  });

  it('someone with no part in the meeting cannot see it at all', async () => {
    expect(await code('otherChair', `query($id: ID!) { meeting(id: $id) { id } }`, { id: meetingId })).toBe(
      'NOT_FOUND',
    );
    const list = await ok<{ meetings: unknown[] }>('otherChair', `{ meetings { id } }`);
    expect(list.meetings).toEqual([]);
  });

  it('leaving the case removes what the agency could see of it at once', async () => {
    await h.caseEvents([
      {
        type: EVENT_TYPES.participationEnded,
        payload: { caseId: caseA, clinicId: CLINIC, agencyId: h.agencyOf('mh') },
        at: new Date('2027-12-01T00:00:00Z'),
      },
    ]);
    const mh = await meeting('mh');
    expect(mh.agenda[1]).toMatchObject({ restricted: true });
  });
});
