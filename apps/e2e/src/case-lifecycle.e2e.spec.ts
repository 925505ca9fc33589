import { eventually } from '@scp/platform-testing';
import { must, startStack, type Stack } from './stack.js';

/**
 * Issue #14 items 1 and 2 through the gateway, with the whole platform (docs/case-lifecycle.md):
 * referral accepted → listed → reviewed (status, risk level, next review, urgent flag cleared) →
 * monitoring → review due → listed again → closed → reopened, every step moved by the meetings
 * service's events and the cases service's sweep, and on the case's timeline.
 */
const londonDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);

interface Life {
  status: string;
  version: number;
  nextReviewOn: string | null;
  agreedRiskLevel: string | null;
  urgentReviewRequested: boolean;
  lifecycle: {
    kind: string;
    fromStatus: string | null;
    toStatus: string | null;
    riskLevel: string | null;
    nextReviewOn: string | null;
  }[];
  urgentReviews: {
    clearedAt: string | null;
    clearedByUserId: string | null;
    clearedByMeetingId: string | null;
  }[];
}
const LIFE = `query($id: ID!) { case(id: $id) { status version nextReviewOn agreedRiskLevel urgentReviewRequested
  lifecycle { kind fromStatus toStatus riskLevel nextReviewOn }
  urgentReviews { clearedAt clearedByUserId clearedByMeetingId } } }`;

describe('a case’s whole life follows the clinic, through the gateway', () => {
  let s: Stack;
  let caseId: string;
  const a = (code: string) => s.fixture.agencies[code]!;
  const life = async (user = 'chair.nvp', id = caseId) =>
    (await must<{ case: Life }>(s.gql, user, LIFE, { id })).case;
  const waitFor = (pred: (c: Life) => boolean) => eventually(async () => pred(await life()), 30_000, 100);

  const meetingAt = async (startsAt: Date, title: string) => {
    const d = await must<{ scheduleMeeting: { id: string } }>(
      s.gql,
      'chair.nvp',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
      {
        i: {
          clinicId: s.fixture.clinics.NV,
          kind: 'EXTRAORDINARY',
          title,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3 * 3600_000).toISOString(),
          virtualLink: 'https://meet.example.invalid/nv-lifecycle',
        },
      },
    );
    const meetingId = d.scheduleMeeting.id;
    // The meetings service learns of the case's participants by event.
    await eventually(async () => {
      const res = await s.gql(
        'coord.nvc',
        `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { position } }`,
        { i: { meetingId, kind: 'REVIEW', caseId, durationMinutes: 30 } },
      );
      return !res.body.errors;
    }, 30_000);
    return meetingId;
  };
  const meeting = (meetingId: string) =>
    must<{ meeting: { version: number; agenda: { id: string; version: number }[] } }>(
      s.gql,
      'chair.nvp',
      `query($id: ID!) { meeting(id: $id) { version agenda { id ... on AgendaItem { version } } } }`,
      { id: meetingId },
    ).then((d) => d.meeting);
  const moveMeeting = async (meetingId: string, to: string) =>
    must(
      s.gql,
      'chair.nvp',
      `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status } }`,
      {
        i: { meetingId, version: (await meeting(meetingId)).version, to },
      },
    );

  beforeAll(async () => {
    s = await startStack({ canaries: true });
  }, 90_000);
  afterAll(async () => s?.close());

  it('referral accepted: the case awaits listing', async () => {
    const ref = `id version status`;
    type R = { id: string; version: number; status: string };
    let r = (
      await must<{ createReferral: R }>(
        s.gql,
        'spoc.nvp',
        `mutation($input: CreateReferralInput!) { createReferral(input: $input) { ${ref} } }`,
        {
          input: {
            clinicId: s.fixture.clinics.NV,
            urgency: 'ROUTINE',
            reason: 'Repeated approaches at the victim’s workplace (synthetic)',
            behaviours: ['FOLLOWING'],
            crimeReferences: ['NV/26/000777'],
            cjStatus: 'UNDER_INVESTIGATION',
            sharingBasis: 'STATUTORY_GATEWAY',
            basisRationale: 'Crime and Disorder Act 1998 s115',
            subject: { givenName: 'Mike', familyName: 'Lifecycleson' },
            victim: {
              givenName: 'November',
              familyName: 'Sampleford',
              relationshipToSubject: 'Former colleague',
            },
            sdash: { answers: [true, true, true, true, true, true, false, false, false, false, false] },
          },
        },
      )
    ).createReferral;
    const step = async (
      user: string,
      op: string,
      extra: Record<string, unknown> = {},
      input = 'ReferralTransitionInput',
    ) =>
      (r = (
        await must<Record<string, R>>(
          s.gql,
          user,
          `mutation($input: ${input}!) { ${op}(input: $input) { ${ref} } }`,
          {
            input: { id: r.id, expectedVersion: r.version, ...extra },
          },
        )
      )[op]!);
    await step('spoc.nvp', 'submitReferral');
    await step('coord.nvc', 'startScreening');
    await step(
      'coord.nvc',
      'acceptReferral',
      { tier: 'CLINIC_CASE', participantAgencyIds: [a('NVP'), a('NVH'), a('NVA')] },
      'AcceptReferralInput',
    );
    caseId = (await eventually(async () => {
      const res = await s.gql<{ referral: { case: { id: string } | null } }>(
        'coord.nvc',
        `query($id: ID!) { referral(id: $id) { case { id } } }`,
        { id: r.id },
      );
      return res.body.data?.referral.case?.id ?? false;
    }, 30_000)) as string;
    expect(await life()).toMatchObject({
      status: 'AWAITING_LISTING',
      urgentReviewRequested: false,
      lifecycle: [],
    });
  });

  let firstMeeting: string;
  it('an arrest after a breach flags an urgent review: on the coordinator’s list until the case is listed', async () => {
    const now = Date.now();
    await must(
      s.gql,
      'spoc.nvp',
      `mutation($input: RecordBreachInput!) { recordBreach(input: $input) { id } }`,
      {
        input: {
          caseId,
          occurredAt: new Date(now - 2 * 3600_000).toISOString(),
          type: 'APPROACH',
          crimeReference: 'NV/26/000778',
          outcomes: [{ action: 'ARREST', occurredAt: new Date(now - 3600_000).toISOString() }],
        },
      },
    );
    expect(await life()).toMatchObject({ status: 'AWAITING_LISTING', urgentReviewRequested: true });
    const awaiting = () =>
      must<{ urgentReviewsAwaitingMeeting: { case: { id: string }; overdue: boolean }[] }>(
        s.gql,
        'coord.nvc',
        `query($c: ID!) { urgentReviewsAwaitingMeeting(clinicId: $c) { overdue case { id } } }`,
        { c: s.fixture.clinics.NV },
      ).then((d) => d.urgentReviewsAwaitingMeeting.map((x) => x.case.id));
    expect(await awaiting()).toContain(caseId);
    // A partner is no clinic officer: refused, with a code.
    const refused = await s.gql(
      'advocate.nva',
      `query($c: ID!) { urgentReviewsAwaitingMeeting(clinicId: $c) { id } }`,
      {
        c: s.fixture.clinics.NV,
      },
    );
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

    // An extraordinary meeting in a minute's time; the agenda is published: the case is listed.
    firstMeeting = await meetingAt(new Date(now + 60_000), 'Extraordinary review (synthetic)');
    await moveMeeting(firstMeeting, 'AGENDA_PUBLISHED');
    await waitFor((c) => c.status === 'LISTED');
    expect(await awaiting()).not.toContain(caseId);
  });

  it('reviewed: minutes approved set the status, the risk level of that review, the next review, and clear the flag', async () => {
    await moveMeeting(firstMeeting, 'IN_PROGRESS');
    const header = await life();
    await must(
      s.gql,
      'chair.nvp',
      `mutation($input: AgreeRiskLevelInput!) { agreeRiskLevel(input: $input) { id } }`,
      {
        input: {
          caseId,
          expectedVersion: header.version,
          level: 'HIGH',
          rationale: 'Escalating approaches and an arrest (synthetic)',
        },
      },
    );
    await must(s.gql, 'chair.nvp', `mutation($i: CreateActionInput!) { createAction(input: $i) { id } }`, {
      i: {
        caseId,
        meetingId: firstMeeting,
        title: 'Apply for an interim SPO (synthetic)',
        ownerAgencyId: a('NVP'),
        dueOn: londonDay(new Date(Date.now() + 14 * 86_400_000)),
        priority: 'HIGH',
      },
    });
    await moveMeeting(firstMeeting, 'MINUTES_DRAFT');
    const nextReview = londonDay(new Date(Date.now() + 28 * 86_400_000));
    const [item] = (await meeting(firstMeeting)).agenda;
    await must(
      s.gql,
      'coord.nvc',
      `mutation($i: DraftMinutesInput!) { draftMinutes(input: $i) { position } }`,
      {
        i: {
          agendaItemId: item!.id,
          version: item!.version,
          minutes: 'Reviewed after the arrest (synthetic)',
          summary: 'Interim SPO to be sought',
          nextReviewOn: nextReview,
        },
      },
    );
    await moveMeeting(firstMeeting, 'MINUTES_APPROVED');
    await waitFor((c) => c.status === 'ACTIVE');
    const c = await life();
    expect(c).toMatchObject({
      nextReviewOn: nextReview,
      agreedRiskLevel: 'HIGH',
      urgentReviewRequested: false,
    });
    expect(c.urgentReviews).toEqual([
      expect.objectContaining({
        clearedByMeetingId: firstMeeting,
        clearedByUserId: s.fixture.users['chair.nvp'],
      }),
    ]);
    expect(c.lifecycle.find((e) => e.kind === 'REVIEWED')).toEqual({
      kind: 'REVIEWED',
      fromStatus: 'LISTED',
      toStatus: 'ACTIVE',
      riskLevel: 'HIGH',
      nextReviewOn: nextReview,
    });
  });

  it('monitoring once the action is done; the review falls due and the case awaits listing; listed again', async () => {
    const [action] = (
      await must<{ myAgencyActions: { id: string; version: number; caseId: string }[] }>(
        s.gql,
        'spoc.nvp',
        `{ myAgencyActions(view: OPEN) { id version caseId } }`,
      )
    ).myAgencyActions.filter((x) => x.caseId === caseId);
    await must(
      s.gql,
      'spoc.nvp',
      `mutation($i: ChangeActionStatusInput!) { changeActionStatus(input: $i) { status } }`,
      {
        i: {
          actionId: action!.id,
          version: action!.version,
          to: 'COMPLETED',
          note: 'Interim SPO applied for (synthetic)',
        },
      },
    );
    await waitFor((c) => c.status === 'MONITORING');

    // The chair brings the review forward to today: the cases service's sweep moves the case.
    await must(
      s.gql,
      'chair.nvp',
      `mutation($input: UpdateCaseHeaderInput!) { updateCaseHeader(input: $input) { id } }`,
      {
        input: { id: caseId, expectedVersion: (await life()).version, nextReviewOn: londonDay(new Date()) },
      },
    );
    await waitFor((c) => c.status === 'AWAITING_LISTING');

    const second = await meetingAt(new Date(Date.now() + 7 * 86_400_000), 'North Vale clinic (synthetic)');
    await moveMeeting(second, 'AGENDA_PUBLISHED');
    await waitFor((c) => c.status === 'LISTED');
  });

  it('closed, then reopened as a repeat; the timeline shows each step to every participant, and nothing to others', async () => {
    await must(
      s.gql,
      'advocate.nva',
      `mutation($i: RecordClosureVictimViewInput!) { recordClosureVictimView(input: $i) { id } }`,
      {
        i: { caseId, victimView: 'Victim N is content for the case to close (synthetic)' },
      },
    );
    const closed = await must<{ closeCase: { status: string } }>(
      s.gql,
      'chair.nvp',
      `mutation($i: CloseCaseInput!) { closeCase(input: $i) { status } }`,
      {
        i: {
          caseId,
          expectedVersion: (await life()).version,
          rationale: 'Order in force and no new behaviour (synthetic)',
        },
      },
    );
    expect(closed.closeCase.status).toBe('CLOSED');
    const reopened = await must<{
      reopenCaseAsRepeat: { id: string; status: string; repeatOpening: { repeatOf: { id: string } } };
    }>(
      s.gql,
      'chair.nvp',
      `mutation($i: ReopenCaseAsRepeatInput!) { reopenCaseAsRepeat(input: $i) { id status repeatOpening { repeatOf { id } } } }`,
      {
        i: {
          caseId,
          reason: 'New report: the subject approached Victim N again (synthetic)',
          participantAgencyIds: [a('NVP'), a('NVA')],
        },
      },
    );
    expect(reopened.reopenCaseAsRepeat).toMatchObject({
      status: 'AWAITING_LISTING',
      repeatOpening: { repeatOf: { id: caseId } },
    });

    const steps = (c: Life) => c.lifecycle.map((e) => `${e.kind}${e.toStatus ? `→${e.toStatus}` : ''}`);
    const expected = [
      'URGENT_REVIEW_REQUESTED',
      'LISTED→LISTED',
      'URGENT_REVIEW_CLEARED',
      'REVIEWED→ACTIVE',
      'ACTIONS_DONE→MONITORING',
      'REVIEW_DUE→AWAITING_LISTING',
      'LISTED→LISTED',
    ];
    expect(steps(await life())).toEqual(expected);
    // The advocate takes part: the same timeline, risk level included (D1, the case header).
    const advocate = await life('advocate.nva');
    expect(steps(advocate)).toEqual(expected);
    expect(advocate.status).toBe('CLOSED');
    // Probation and another force's SPOC take no part: the case, and so its timeline, is not found.
    for (const user of ['probation.nvps', 'spoc.sfc']) {
      const res = await s.gql(user, LIFE, { id: caseId });
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      expect(res.text).not.toContain('URGENT_REVIEW');
    }
  });
});
