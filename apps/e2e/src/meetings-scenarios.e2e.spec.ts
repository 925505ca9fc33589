import { eventually } from '@scp/platform-testing';
import { must, startStack, type Stack } from './stack.js';

/**
 * Scenarios 4–7 (domain.md) through the gateway, with the whole platform: cases created in the
 * cases service reach the meetings service's participation replica by events; the meeting's
 * actions reach the cases service's open-actions replica, and the approved next review date the
 * case, the same way.
 */
/** An agenda entry as the tests read it (the assertions check the shape). */
type AgendaRow = Record<string, unknown> & {
  id: string;
  version: number;
  contributionStatus?: unknown;
  recommendations?: unknown;
};

const AGENDA = `agenda { __typename position startsAt durationMinutes restricted
  ... on AgendaItem { id caseId kind minutes summary version deferralReason
    contributionStatus { agencyId submitted missing } recommendations { id text status dissents { agencyId reason } } } }`;

describe('meetings: scenarios 4–7 through the gateway', () => {
  let s: Stack;
  const cases: string[] = [];
  let meetingId: string;
  const a = (code: string) => s.fixture.agencies[code]!;
  const u = (name: string) => s.fixture.users[name]!;
  const meeting = (user: string) =>
    must<{
      meeting: {
        version: number;
        status: string;
        agendaPublicationLate: boolean;
        agenda: AgendaRow[];
      };
    }>(
      s.gql,
      user,
      `query($id: ID!) { meeting(id: $id) { version status agendaPublicationLate ${AGENDA} } }`,
      { id: meetingId },
    ).then((d) => d.meeting);
  const status = async (user: string, to: string) =>
    must(
      s.gql,
      user,
      `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status } }`,
      {
        i: { meetingId, version: (await meeting('chair.nvp')).version, to },
      },
    );

  beforeAll(async () => {
    s = await startStack({ canaries: false });
    const participants = (codes: string[]) =>
      codes.map((c) => ({
        agencyId: a(c),
        roleInCase: c === 'NVP' ? 'LEAD' : 'PARTNER',
        sharingBasis: 'STATUTORY_GATEWAY',
        basisRationale: 'Crime and Disorder Act s115 (synthetic)',
      }));
    for (const codes of [
      ['NVP', 'NVH', 'NVPS', 'NVA'],
      ['NVP', 'NVPS'],
      ['NVP', 'NVH', 'NVA'],
    ]) {
      const d = await must<{ createCase: { id: string } }>(
        s.gql,
        'chair.nvp',
        `mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }`,
        {
          i: {
            clinicId: s.fixture.clinics.NV,
            leadAgencyId: a('NVP'),
            cjStatus: 'UNDER_INVESTIGATION',
            tier: 'CLINIC_CASE',
            participants: participants(codes),
          },
        },
      );
      cases.push(d.createCase.id);
    }
  }, 90_000);
  afterAll(async () => s?.close());

  it('scenario 4: three cases listed for Tuesday, the agenda published, a missing contribution flagged, case 3 deferred', async () => {
    // A Tuesday whose publication deadline (Monday) has passed, so the missing flag shows.
    const d = await must<{ scheduleMeeting: { id: string; agendaPublicationDueOn: string } }>(
      s.gql,
      'chair.nvp',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id agendaPublicationDueOn } }`,
      {
        i: {
          clinicId: s.fixture.clinics.NV,
          kind: 'SCHEDULED',
          title: 'North Vale clinic (synthetic)',
          startsAt: '2026-11-24T10:00:00Z',
          endsAt: '2026-11-24T13:00:00Z',
          virtualLink: 'https://meet.example.invalid/nv',
        },
      },
    );
    meetingId = d.scheduleMeeting.id;
    expect(d.scheduleMeeting.agendaPublicationDueOn).toBe('2026-11-23');
    for (const caseId of cases)
      await eventually(async () => {
        const res = await s.gql(
          'coord.nvc',
          `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { position } }`,
          { i: { meetingId, kind: 'REVIEW', caseId, durationMinutes: 40 } },
        );
        return !res.body.errors;
      });
    for (const user of ['mh.nvh', 'probation.nvps', 'advocate.nva', 'spoc.nvp'])
      await must(
        s.gql,
        'coord.nvc',
        `mutation($i: InviteAttendeeInput!) { inviteAttendee(input: $i) { id } }`,
        {
          i: {
            meetingId,
            userId: u(user),
            agencyId: a(
              { 'mh.nvh': 'NVH', 'probation.nvps': 'NVPS', 'advocate.nva': 'NVA', 'spoc.nvp': 'NVP' }[user]!,
            ),
          },
        },
      );
    for (const user of ['mh.nvh', 'probation.nvps', 'spoc.nvp'])
      await must(s.gql, user, `mutation($id: ID!) { acceptConfidentiality(meetingId: $id) { id } }`, {
        id: meetingId,
      });
    const item1 = (await meeting('coord.nvc')).agenda[0]!;
    for (const user of ['spoc.nvp', 'mh.nvh'])
      await must(
        s.gql,
        user,
        `mutation($i: SubmitContributionInput!) { submitContribution(input: $i) { id } }`,
        {
          i: { agendaItemId: item1.id, text: `Contribution from ${user} (synthetic)` },
        },
      );
    await status('coord.nvc', 'AGENDA_PUBLISHED');
    const agenda = (await meeting('chair.nvp')).agenda;
    expect(agenda.map((i) => i.startsAt)).toEqual([
      '2026-11-24T10:00:00.000Z',
      '2026-11-24T10:40:00.000Z',
      '2026-11-24T11:20:00.000Z',
    ]);
    const flags = agenda[0]!.contributionStatus as {
      agencyId: string;
      submitted: boolean;
      missing: boolean;
    }[];
    expect(
      flags
        .filter((f) => f.missing)
        .map((f) => f.agencyId)
        .sort(),
    ).toEqual([a('NVA'), a('NVPS')].sort());
    const third = agenda[2]!;
    await must(
      s.gql,
      'coord.nvc',
      `mutation($i: DeferAgendaItemInput!) { deferAgendaItem(input: $i) { position } }`,
      {
        i: { agendaItemId: third.id, version: third.version, reason: 'REFERRER_NOT_BRIEFED' },
      },
    );
    expect((await meeting('chair.nvp')).agenda[2]).toMatchObject({ deferralReason: 'REFERRER_NOT_BRIEFED' });
  });

  it('scenario 5: three recommendations, probation dissents on one, five actions', async () => {
    await status('chair.nvp', 'IN_PROGRESS');
    const [item1, item2] = (await meeting('chair.nvp')).agenda;
    const recs: string[] = [];
    for (const [item, category, text] of [
      [item1, 'ORDER_APPLICATION', 'Apply for a Stalking Protection Order (synthetic)'],
      [item1, 'MH_ASSESSMENT', 'Mental-health assessment of the subject (synthetic)'],
      [item2, 'BAIL_OR_LICENCE_CONDITIONS', 'Seek a non-contact licence condition (synthetic)'],
    ] as const) {
      const d = await must<{ proposeRecommendation: { id: string } }>(
        s.gql,
        'coord.nvc',
        `mutation($i: ProposeRecommendationInput!) { proposeRecommendation(input: $i) { id } }`,
        { i: { agendaItemId: item!.id, category, text } },
      );
      recs.push(d.proposeRecommendation.id);
      await must(
        s.gql,
        'chair.nvp',
        `mutation($i: DecideRecommendationInput!) { decideRecommendation(input: $i) { status } }`,
        {
          i: {
            recommendationId: d.proposeRecommendation.id,
            version: 1,
            status: 'AGREED',
            rationale: 'Agreed by the clinic (synthetic)',
          },
        },
      );
    }
    await must(
      s.gql,
      'probation.nvps',
      `mutation($i: RecordDissentInput!) { recordDissent(input: $i) { id } }`,
      {
        i: {
          recommendationId: recs[0],
          agencyId: a('NVPS'),
          reason: 'Prefers licence conditions first (synthetic)',
        },
      },
    );
    const due = '2027-01-20';
    const actions: [string, string, string][] = [
      [cases[0]!, 'NVP', 'Apply for the interim SPO'],
      [cases[0]!, 'NVH', 'Arrange the mental-health assessment'],
      [cases[0]!, 'NVPS', 'Review licence conditions'],
      [cases[0]!, 'NVA', 'Update the victim safety plan'],
      [cases[1]!, 'NVPS', 'Propose a non-contact condition'],
    ];
    for (const [caseId, owner, title] of actions)
      await must(s.gql, 'chair.nvp', `mutation($i: CreateActionInput!) { createAction(input: $i) { id } }`, {
        i: {
          caseId,
          meetingId,
          title,
          ownerAgencyId: a(owner),
          dueOn: due,
          priority: 'HIGH',
          recommendationId: title.startsWith('Apply') ? recs[0] : undefined,
        },
      });
    const police = await must<{
      myAgencyActions: { title: string; caseId: string; case: { id: string; reference: string } | null }[];
    }>(s.gql, 'spoc.nvp', `{ myAgencyActions(view: OPEN) { title caseId case { id reference } } }`);
    expect(police.myAgencyActions.map((x) => x.title)).toEqual(['Apply for the interim SPO']);
    // The action's case comes from the cases service through the gateway, as the owner may see it.
    const [own] = police.myAgencyActions;
    const header = await must<{ case: { reference: string } }>(
      s.gql,
      'spoc.nvp',
      `query($id: ID!) { case(id: $id) { reference } }`,
      { id: own!.caseId },
    );
    expect(own!.case).toEqual({ id: own!.caseId, reference: header.case.reference });
    const rec = (await meeting('probation.nvps')).agenda[0]!.recommendations as {
      dissents: { agencyId: string }[];
    }[];
    expect(rec[0]!.dissents).toEqual([
      { agencyId: a('NVPS'), reason: 'Prefers licence conditions first (synthetic)' },
    ]);
    // The cases service's open-actions replica follows by event.
    await eventually(async () => {
      const rows: { n: string }[] = await s.owner.query(
        `SELECT count(*) AS n FROM cases.open_actions WHERE case_id = ANY($1::uuid[]) AND status = 'OPEN'`,
        [cases],
      );
      return rows[0]!.n === '5';
    });
  });

  it('scenario 6: minutes drafted and approved; attendees see their cases in full and the others as restricted; an addendum', async () => {
    await status('chair.nvp', 'MINUTES_DRAFT');
    const agenda = (await meeting('coord.nvc')).agenda;
    for (const [i, item] of agenda.entries())
      await must(
        s.gql,
        'coord.nvc',
        `mutation($i: DraftMinutesInput!) { draftMinutes(input: $i) { position } }`,
        {
          i: {
            agendaItemId: item.id,
            version: item.version,
            minutes: `Minutes of case ${i + 1} (synthetic)`,
            summary: `Summary of case ${i + 1}`,
            ...(i === 0 ? { nextReviewOn: '2027-02-23' } : {}),
          },
        },
      );
    await status('chair.nvp', 'MINUTES_APPROVED');
    await must(s.gql, 'advocate.nva', `mutation($id: ID!) { acceptConfidentiality(meetingId: $id) { id } }`, {
      id: meetingId,
    });
    const advocate = await s.gql('advocate.nva', `query($id: ID!) { meeting(id: $id) { ${AGENDA} } }`, {
      id: meetingId,
    });
    expect(advocate.body.errors).toBeUndefined();
    const items = (advocate.body.data as { meeting: { agenda: AgendaRow[] } }).meeting.agenda;
    expect(items.map((i) => [i.__typename, i.restricted])).toEqual([
      ['AgendaItem', false],
      ['RestrictedAgendaItem', true],
      ['AgendaItem', false],
    ]);
    expect(advocate.text).toContain('Minutes of case 1');
    expect(advocate.text).not.toContain('Minutes of case 2');
    expect(advocate.text).not.toContain('non-contact');
    expect(advocate.text).not.toContain(cases[1]);
    // The case path (federated Case fields) obeys the same rule.
    const viaCase = await s.gql(
      'advocate.nva',
      `query($id: ID!) { case(id: $id) { reference meetings { id } recommendations { text } actions { title } } }`,
      { id: cases[1] },
    );
    expect(viaCase.text).not.toContain('non-contact');
    expect(viaCase.text).not.toContain('Propose a non-contact');
    // Approved minutes are immutable; a correction is an addendum with author and reason.
    const item1 = items[0]!;
    const edit = await s.gql(
      'coord.nvc',
      `mutation($i: DraftMinutesInput!) { draftMinutes(input: $i) { position } }`,
      {
        i: { agendaItemId: item1.id, version: item1.version, minutes: 'Rewritten' },
      },
    );
    expect(edit.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await must(
      s.gql,
      'coord.nvc',
      `mutation($i: AddAddendumInput!) { addMinuteAddendum(input: $i) { reason } }`,
      {
        i: {
          agendaItemId: item1.id,
          reason: 'Wrong order date recorded',
          text: 'The order date is corrected (synthetic)',
        },
      },
    );
    // Setting the next review date updated the case (by event).
    await eventually(async () => {
      const d = await must<{ case: { nextReviewOn: string } }>(
        s.gql,
        'chair.nvp',
        `query($id: ID!) { case(id: $id) { nextReviewOn } }`,
        {
          id: cases[0],
        },
      );
      return d.case.nextReviewOn === '2027-02-23';
    });
  });

  it('scenario 7: probation completes its action; the MH assessment is not completed; an advocacy action goes overdue for the chair', async () => {
    const list = async (user: string, view = 'OPEN') =>
      (
        await must<{ myAgencyActions: { id: string; title: string; version: number; overdue: boolean }[] }>(
          s.gql,
          user,
          `query($v: AgreedActionListView) { myAgencyActions(view: $v) { id title version overdue } }`,
          { v: view },
        )
      ).myAgencyActions;
    const change = (user: string, x: { id: string; version: number }, input: Record<string, unknown>) =>
      must(
        s.gql,
        user,
        `mutation($i: ChangeActionStatusInput!) { changeActionStatus(input: $i) { status } }`,
        {
          i: { actionId: x.id, version: x.version, ...input },
        },
      );
    const probation = (await list('probation.nvps')).find((x) => x.title === 'Review licence conditions')!;
    await change('probation.nvps', probation, { to: 'COMPLETED', note: 'Conditions reviewed (synthetic)' });
    const mh = (await list('mh.nvh'))[0]!;
    const refused = await s.gql(
      'probation.nvps',
      `mutation($i: ChangeActionStatusInput!) { changeActionStatus(input: $i) { status } }`,
      {
        i: {
          actionId: mh.id,
          version: mh.version,
          to: 'NOT_COMPLETED',
          note: 'x',
          notCompletedReason: 'CHANGE_OF_CIRCUMSTANCE',
        },
      },
    );
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await change('mh.nvh', mh, {
      to: 'NOT_COMPLETED',
      note: 'Moved out of area',
      notCompletedReason: 'CHANGE_OF_CIRCUMSTANCE',
    });
    // The advocacy action's due date passes (moved back in the data, as time would).
    const adv = (await list('advocate.nva'))[0]!;
    await s.owner.query(`UPDATE meetings.actions SET due_on = '2026-11-25' WHERE id = $1`, [adv.id]);
    expect((await list('advocate.nva', 'OVERDUE')).map((x) => [x.id, x.overdue])).toEqual([[adv.id, true]]);
    const chair = await must<{ clinicActions: { id: string }[] }>(
      s.gql,
      'chair.nvp',
      `query($c: ID!) { clinicActions(clinicId: $c, view: OVERDUE) { id } }`,
      { c: s.fixture.clinics.NV },
    );
    expect(chair.clinicActions.map((x) => x.id)).toEqual([adv.id]);
    await eventually(async () => {
      const rows: { status: string }[] = await s.owner.query(
        `SELECT status FROM cases.open_actions WHERE case_id = $1 ORDER BY status`,
        [cases[0]],
      );
      return rows.map((r) => r.status).join(',') === 'COMPLETED,NOT_COMPLETED,OPEN,OPEN';
    });
  });

  it("the invite through the gateway is header only; minutes that carry the case's victim location are refused", async () => {
    // The two-case meeting's invite, as the advocate of case 1 gets it: no case, no free text.
    const invite = await must<{ meeting: { calendarInvite: string } }>(
      s.gql,
      'advocate.nva',
      `query($id: ID!) { meeting(id: $id) { calendarInvite } }`,
      { id: meetingId },
    );
    expect(invite.meeting.calendarInvite).toContain('BEGIN:VCALENDAR');
    for (const id of cases) expect(invite.meeting.calendarInvite).not.toContain(id);
    expect(invite.meeting.calendarInvite).not.toContain('North Vale clinic (synthetic)');

    // An extraordinary meeting about seeded case NV1, whose victim's safe phone the cases service holds.
    const nv1 = s.fixture.cases.NV1!;
    const [{ phone }]: { phone: string }[] = await s.owner.query(
      `SELECT l.phone FROM cases.locations l JOIN cases.persons p ON p.id = l.person_id
        WHERE l.case_id = $1 AND p.role = 'VICTIM' AND l.phone IS NOT NULL LIMIT 1`,
      [nv1],
    );
    const m = await must<{ scheduleMeeting: { id: string } }>(
      s.gql,
      'chair.nvp',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
      {
        i: {
          clinicId: s.fixture.clinics.NV,
          kind: 'EXTRAORDINARY',
          title: 'Urgent review (synthetic)',
          startsAt: '2026-11-26T10:00:00Z',
          endsAt: '2026-11-26T11:00:00Z',
          place: 'Room 2',
        },
      },
    );
    const id = m.scheduleMeeting.id;
    await eventually(async () => {
      const res = await s.gql(
        'coord.nvc',
        `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id } }`,
        {
          i: { meetingId: id, kind: 'URGENT', caseId: nv1, durationMinutes: 30 },
        },
      );
      return !res.body.errors;
    });
    for (const to of ['AGENDA_PUBLISHED', 'IN_PROGRESS']) {
      const { meeting: cur } = await must<{ meeting: { version: number } }>(
        s.gql,
        'chair.nvp',
        `query($id: ID!) { meeting(id: $id) { version } }`,
        { id },
      );
      await must(
        s.gql,
        'chair.nvp',
        `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { id } }`,
        {
          i: { meetingId: id, version: cur.version, to },
        },
      );
    }
    const { meeting: running } = await must<{ meeting: { agenda: AgendaRow[] } }>(
      s.gql,
      'coord.nvc',
      `query($id: ID!) { meeting(id: $id) { ${AGENDA} } }`,
      { id },
    );
    const item = running.agenda[0]!;
    const refused = await s.gql(
      'coord.nvc',
      `mutation($i: DraftMinutesInput!) { draftMinutes(input: $i) { position } }`,
      {
        i: {
          agendaItemId: item.id,
          version: item.version,
          minutes: `Victim can be reached on ${phone} (synthetic)`,
        },
      },
    );
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'minutes' });
    expect(refused.text).not.toContain(phone);
    const [stored]: { minutes: string | null }[] = await s.owner.query(
      `SELECT minutes FROM meetings.agenda_items WHERE id = $1`,
      [item.id],
    );
    expect(stored!.minutes).toBeNull();
    await must(
      s.gql,
      'coord.nvc',
      `mutation($i: DraftMinutesInput!) { draftMinutes(input: $i) { position } }`,
      {
        i: {
          agendaItemId: item.id,
          version: item.version,
          minutes: 'Victim contact through the advocate only (synthetic)',
        },
      },
    );
  });
});
