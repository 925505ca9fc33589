import { londonDay } from '@scp/platform-calendar';
import { eventually } from '@scp/platform-testing';
import { must, startStack, type Stack } from './stack.js';

/**
 * Issue 13, "done when": the canary suites gain free-text canaries. Every free text a clinic writes
 * about a case — an agenda item's title, minutes and summary, a contribution, a recommendation and
 * its rationale, a dissent's reason, a minute addendum, an action's title — carries a marker naming
 * its case. Then every demo role reads every path those texts leave by (the meeting and its agenda,
 * each case's recommendations, actions and meetings, the action lists, the notifications) and no
 * marker of a case reaches a reader whose agency takes no part in it (docs/meeting-access.md), nor
 * any role without a case role at all. Positive controls show each partner does read its own.
 */

const CASE_KEYS = ['NV1', 'NV2', 'NV3'] as const;
type CaseKey = (typeof CASE_KEYS)[number];
/** The seed's participating agencies of each North Vale case (libs/cases/src/seed/demo-seed.ts). */
const PARTICIPANTS: Record<CaseKey, string[]> = {
  NV1: ['NVP', 'NVH', 'NVPS', 'NVA', 'CPSNV'],
  NV2: ['NVP', 'NVA'],
  NV3: ['NVP', 'NVH'],
};
/** Every demo user and the agency whose case roles they hold (null: no case role at all). */
const READERS: Record<string, string | null> = {
  'spoc.nvp': 'NVP',
  'mh.nvh': 'NVH',
  'probation.nvps': 'NVPS',
  'advocate.nva': 'NVA',
  'cps.nv': 'CPSNV',
  'auditor.nvp': null,
  'admin.nvc': null,
  'chair.sfh': null,
  'coord.sfc': null,
  'spoc.sfc': null,
  'mh.sfh': null,
  'probation.sfps': null,
  'advocate.sfa': null,
  'cps.sf': null,
  'auditor.sfc': null,
};
/** Who speaks for each case's agencies in the meeting (contribution, dissent). */
const VOICE: Record<CaseKey, [user: string, agency: string]> = {
  NV1: ['probation.nvps', 'NVPS'],
  NV2: ['advocate.nva', 'NVA'],
  NV3: ['mh.nvh', 'NVH'],
};

const marker = (field: string, key: CaseKey | 'AOB') => `FTC-${field}-${key}-synthetic`;
const MARKER = /FTC-[a-z]+-(NV\d|AOB)-synthetic/g;

const AGENDA = `agenda { __typename ... on AgendaItem { id caseId title minutes summary deferralNote
  contributions { text } addenda { reason text }
  recommendations { text rationale dissents { reason } } actions { title completionNote } } }`;

/**
 * Everything a role can ask for that carries the clinic's free text, one query per path: a root
 * the role may not ask (clinic actions, for a partner) fails alone and hides nothing else.
 */
const CASE_PATHS = `recommendations { text rationale dissents { reason } } actions { title completionNote } meetings { title ${AGENDA} }`;
const SWEEP = [
  `query($m: ID!) { meeting(id: $m) { title executiveSummary { overview } ${AGENDA} } }`,
  `query($nv: ID!) { meetings(clinicId: $nv) { id title ${AGENDA} } }`,
  `query($c1: ID!) { case(id: $c1) { ${CASE_PATHS} } }`,
  `query($c2: ID!) { case(id: $c2) { ${CASE_PATHS} } }`,
  `query($c3: ID!) { case(id: $c3) { ${CASE_PATHS} } }`,
  `{ myAgencyActions(view: ALL) { title completionNote case { id } } }`,
  `query($nv: ID!) { clinicActions(clinicId: $nv, view: ALL) { title completionNote } }`,
  `{ myNotifications(first: 100) { items { title link } } }`,
];

describe('free-text canaries: every role reads a clinic’s free text only about cases its agency takes part in', () => {
  let s: Stack;
  let meetingId: string;
  const items = {} as Record<CaseKey | 'AOB', { id: string; version: number }>;
  const a = (code: string) => s.fixture.agencies[code]!;
  const u = (name: string) => s.fixture.users[name]!;
  const seen = new Map<string, Set<string>>();

  const meeting = () =>
    must<{
      meeting: { version: number; agenda: { id?: string; caseId?: string | null; version?: number }[] };
    }>(
      s.gql,
      'chair.nvp',
      `query($id: ID!) { meeting(id: $id) { version agenda { ... on AgendaItem { id caseId version } } } }`,
      { id: meetingId },
    ).then((d) => d.meeting);
  const status = async (to: string) =>
    must(
      s.gql,
      'chair.nvp',
      `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { id } }`,
      {
        i: { meetingId, version: (await meeting()).version, to },
      },
    );
  const refreshItems = async () => {
    for (const entry of (await meeting()).agenda) {
      const key =
        CASE_KEYS.find((k) => s.fixture.cases[k] === entry.caseId) ?? (entry.id ? 'AOB' : undefined);
      if (key && entry.id) items[key] = { id: entry.id, version: entry.version! };
    }
  };

  beforeAll(async () => {
    s = await startStack({ canaries: true });
    const today = londonDay(new Date());
    meetingId = (
      await must<{ scheduleMeeting: { id: string } }>(
        s.gql,
        'chair.nvp',
        `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
        {
          i: {
            clinicId: s.fixture.clinics.NV,
            kind: 'SCHEDULED',
            title: 'North Vale clinic (synthetic)',
            startsAt: `${today}T10:00:00Z`,
            endsAt: `${today}T13:00:00Z`,
            virtualLink: 'https://meet.example.invalid/nv',
          },
        },
      )
    ).scheduleMeeting.id;
    for (const key of CASE_KEYS)
      await eventually(async () => {
        const res = await s.gql(
          'coord.nvc',
          `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { position } }`,
          {
            i: {
              meetingId,
              kind: 'REVIEW',
              caseId: s.fixture.cases[key],
              durationMinutes: 30,
              title: marker('title', key),
            },
          },
        );
        return !res.body.errors;
      });
    await must(
      s.gql,
      'coord.nvc',
      `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { position } }`,
      {
        i: { meetingId, kind: 'AOB', durationMinutes: 5, title: marker('title', 'AOB') },
      },
    );
    for (const [user, agency] of Object.values(VOICE)) {
      await must(
        s.gql,
        'coord.nvc',
        `mutation($i: InviteAttendeeInput!) { inviteAttendee(input: $i) { id } }`,
        {
          i: { meetingId, userId: u(user), agencyId: a(agency) },
        },
      );
      await must(s.gql, user, `mutation($id: ID!) { acceptConfidentiality(meetingId: $id) { id } }`, {
        id: meetingId,
      });
    }
    await refreshItems();
    for (const key of CASE_KEYS)
      await must(
        s.gql,
        VOICE[key][0],
        `mutation($i: SubmitContributionInput!) { submitContribution(input: $i) { id } }`,
        {
          i: { agendaItemId: items[key].id, text: marker('contribution', key) },
        },
      );
    await status('AGENDA_PUBLISHED');
    await status('IN_PROGRESS');
    for (const key of CASE_KEYS) {
      const rec = await must<{ proposeRecommendation: { id: string; version: number } }>(
        s.gql,
        'coord.nvc',
        `mutation($i: ProposeRecommendationInput!) { proposeRecommendation(input: $i) { id version } }`,
        { i: { agendaItemId: items[key].id, category: 'OTHER', text: marker('recommendation', key) } },
      );
      await must(
        s.gql,
        'chair.nvp',
        `mutation($i: DecideRecommendationInput!) { decideRecommendation(input: $i) { id } }`,
        {
          i: {
            recommendationId: rec.proposeRecommendation.id,
            version: rec.proposeRecommendation.version,
            status: 'AGREED',
            rationale: marker('rationale', key),
          },
        },
      );
      await must(
        s.gql,
        VOICE[key][0],
        `mutation($i: RecordDissentInput!) { recordDissent(input: $i) { id } }`,
        {
          i: {
            recommendationId: rec.proposeRecommendation.id,
            agencyId: a(VOICE[key][1]),
            reason: marker('dissent', key),
          },
        },
      );
      const action = await must<{ createAction: { id: string; version: number } }>(
        s.gql,
        'chair.nvp',
        `mutation($i: CreateActionInput!) { createAction(input: $i) { id version } }`,
        {
          i: {
            caseId: s.fixture.cases[key],
            meetingId,
            title: marker('action', key),
            ownerAgencyId: a(VOICE[key][1]),
            dueOn: '2027-12-01',
            priority: 'HIGH',
          },
        },
      );
      // The owner's completion note: free text every reader of the case's actions reads.
      await must(
        s.gql,
        VOICE[key][0],
        `mutation($i: ChangeActionStatusInput!) { changeActionStatus(input: $i) { id } }`,
        {
          i: {
            actionId: action.createAction.id,
            version: action.createAction.version,
            to: 'COMPLETED',
            note: marker('completion', key),
          },
        },
      );
    }
    await status('MINUTES_DRAFT');
    await refreshItems();
    for (const key of [...CASE_KEYS, 'AOB'] as const)
      await must(
        s.gql,
        'chair.nvp',
        `mutation($i: DraftMinutesInput!) { draftMinutes(input: $i) { position } }`,
        {
          i: {
            agendaItemId: items[key].id,
            version: items[key].version,
            minutes: marker('minutes', key),
            summary: marker('summary', key),
          },
        },
      );
    await status('MINUTES_APPROVED');
    for (const key of CASE_KEYS)
      await must(
        s.gql,
        'chair.nvp',
        `mutation($i: AddAddendumInput!) { addMinuteAddendum(input: $i) { id } }`,
        {
          i: { agendaItemId: items[key].id, reason: 'Correction (synthetic)', text: marker('addendum', key) },
        },
      );
    // Each reader sweeps every path once the clinic's work (and its notifications) is done.
    await eventually(async () => {
      const d = await must<{ myNotifications: { items: unknown[] } }>(
        s.gql,
        'probation.nvps',
        `{ myNotifications(first: 100) { items { title } } }`,
      );
      return d.myNotifications.items.length > 0;
    });
    const vars = {
      m: meetingId,
      nv: s.fixture.clinics.NV,
      c1: s.fixture.cases.NV1,
      c2: s.fixture.cases.NV2,
      c3: s.fixture.cases.NV3,
    };
    for (const user of ['chair.nvp', 'coord.nvc', ...Object.keys(READERS)]) {
      const found = new Set<string>();
      for (const query of SWEEP) {
        const used = Object.fromEntries(Object.entries(vars).filter(([k]) => query.includes(`$${k}:`)));
        const res = await s.gql(user, query, used);
        for (const m of res.text.match(MARKER) ?? []) found.add(m);
      }
      seen.set(user, found);
    }
  }, 240_000);
  afterAll(async () => s?.close());

  it('the chair reads every marker of every field (the sweep reaches them all)', () => {
    const chair = seen.get('chair.nvp')!;
    for (const key of CASE_KEYS)
      for (const field of [
        'title',
        'minutes',
        'summary',
        'contribution',
        'recommendation',
        'rationale',
        'dissent',
        'action',
        'addendum',
      ])
        expect([...chair]).toContain(marker(field, key));
    expect([...chair]).toContain(marker('minutes', 'AOB'));
  });

  it.each(Object.keys(READERS))('%s reads no marker of a case its agency takes no part in', (user) => {
    const agency = READERS[user];
    const foreign = [...seen.get(user)!].filter((m) => {
      const key = /FTC-[a-z]+-(NV\d|AOB)-/.exec(m)![1] as CaseKey | 'AOB';
      if (key === 'AOB') return agency === null;
      return agency === null || !PARTICIPANTS[key].includes(agency);
    });
    expect(foreign).toEqual([]);
  });

  it('each partner reads its own cases’ minutes, recommendations and dissent (the sweep is not blind)', () => {
    for (const key of CASE_KEYS) {
      const [user] = VOICE[key];
      for (const field of ['minutes', 'recommendation', 'dissent', 'contribution'])
        expect([...seen.get(user)!]).toContain(marker(field, key));
    }
    expect([...seen.get('spoc.nvp')!]).toContain(marker('minutes', 'NV2'));
  });
});
