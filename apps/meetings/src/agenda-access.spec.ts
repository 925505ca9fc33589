import { effectiveRoles, grantsFor } from '@scp/platform-access';
import {
  CLINIC,
  startMeetingsHarness,
  type MeetingsHarness,
  type TestUser,
} from './testing/meetings-harness.js';

/**
 * Who reads an agenda item (docs/meeting-access.md): the agencies taking part in its case read what
 * the clinic lists and decides about it — once the agenda is published, invited or not; before
 * that only invitees who accepted the confidentiality statement. An agency that does not take part
 * in the case reads a placeholder, at every stage. Every role, both ways, before, during and after
 * the meeting.
 */
const AGENDA = `agenda { __typename id restricted ... on AgendaItem { caseId minutes recommendations { id } } }`;
const ROLES = ['spoc', 'mh', 'probation', 'advocate', 'advocate2', 'cps'] as const;
type Partner = (typeof ROLES)[number];

describe('agenda items are read by the agencies of their case (issue 14 §4)', () => {
  let h: MeetingsHarness;
  let caseA: string; // police, health, probation, advocacy, cps
  let caseB: string; // police, advocacy2
  let meetingId: string;
  const takesPart: Record<'A' | 'B', ReadonlySet<Partner>> = {
    A: new Set(['spoc', 'mh', 'probation', 'advocate', 'cps']),
    B: new Set(['spoc', 'advocate2']),
  };
  /** Whether the role may read minutes and recommendations (D19) at all, per the matrix. */
  const readsMinutes = (user: TestUser) => grantsFor(effectiveRoles(h.actor(user)), 'D19').length > 0;
  /** Recommendations are read in full only (CPS reads a summary of minutes, not the recommendations). */
  const readsInFull = (user: TestUser) =>
    grantsFor(effectiveRoles(h.actor(user)), 'D19').some((g) => g.read === 'FULL');

  const ok = async <T = Record<string, unknown>>(user: TestUser, q: string, v?: Record<string, unknown>) => {
    const res = await h.gql<T>(user, q, v);
    if (res.body.errors) throw new Error(`${user}: ${JSON.stringify(res.body.errors)}`);
    return res.body.data as T;
  };
  type Item = { __typename: string; id: string; restricted: boolean; caseId?: string };
  const seen = async (user: TestUser) => {
    const res = await h.gql<{
      meeting: { version: number; agenda: Item[] } | null;
      _entities: ({ id: string; recommendations: { id: string }[] } | null)[];
    }>(
      user,
      `query($id: ID!, $c: [_Any!]!) {
        meeting(id: $id) { version ${AGENDA} }
        _entities(representations: $c) { ... on Case { id recommendations { id } } }
      }`,
      { id: meetingId, c: [{ __typename: 'Case', id: caseA }] },
    );
    const agenda = res.body.data?.meeting?.agenda ?? [];
    return {
      text: JSON.stringify(res.body.data?.meeting ?? null),
      a: agenda[0],
      b: agenda[1],
      recommendationsA: res.body.data?._entities?.[0]?.recommendations ?? [],
    };
  };
  const status = async (user: TestUser, to: string) => {
    const { meeting } = await ok<{ meeting: { version: number } }>(
      'chair',
      `query($id: ID!) { meeting(id: $id) { version } }`,
      { id: meetingId },
    );
    await ok(user, `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status } }`, {
      i: { meetingId, version: meeting.version, to },
    });
  };
  /** Each partner reads case A's and case B's items exactly when its agency takes part. */
  const expectPartnersReadTheirOwn = async (stage: string, withRecommendation: boolean) => {
    for (const user of ROLES) {
      const v = await seen(user);
      const readsA = takesPart.A.has(user) && readsMinutes(user);
      const readsB = takesPart.B.has(user) && readsMinutes(user);
      expect([stage, user, 'A', v.a?.restricted]).toEqual([stage, user, 'A', !readsA]);
      expect([stage, user, 'B', v.b?.restricted]).toEqual([stage, user, 'B', !readsB]);
      if (!readsA) expect([stage, user, v.text.includes(caseA)]).toEqual([stage, user, false]);
      if (!readsB) expect([stage, user, v.text.includes(caseB)]).toEqual([stage, user, false]);
      if (withRecommendation)
        expect([stage, user, v.recommendationsA.length]).toEqual([
          stage,
          user,
          readsA && readsInFull(user) ? 1 : 0,
        ]);
    }
  };

  beforeAll(async () => {
    h = await startMeetingsHarness({ now: new Date('2027-03-20T10:00:00Z') });
    caseA = await h.givenCase(['police', 'health', 'probation', 'advocacy', 'cps']);
    caseB = await h.givenCase(['police', 'advocacy2']);
    const scheduled = await ok<{ scheduleMeeting: { id: string } }>(
      'chair',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
      {
        i: {
          clinicId: CLINIC,
          kind: 'SCHEDULED',
          title: 'Clinic 30 March',
          startsAt: '2027-03-30T09:00:00.000Z',
          endsAt: '2027-03-30T12:00:00.000Z',
          place: 'Room 1',
        },
      },
    );
    meetingId = scheduled.scheduleMeeting.id;
    const add = `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id } }`;
    await ok('coord', add, { i: { meetingId, kind: 'REVIEW', caseId: caseA, durationMinutes: 30 } });
    await ok('coord', add, { i: { meetingId, kind: 'REVIEW', caseId: caseB, durationMinutes: 30 } });
  });
  afterAll(async () => h?.close());

  it('before the agenda is published, only the clinic officers read the items; partners see placeholders', async () => {
    for (const officer of ['chair', 'coord'] as const) {
      const v = await seen(officer);
      expect([officer, v.a?.restricted, v.b?.restricted]).toEqual([officer, false, false]);
    }
    for (const user of ROLES) {
      const v = await seen(user);
      // Either a placeholder on a meeting they see (their case is listed), or no meeting at all.
      for (const item of [v.a, v.b]) if (item) expect([user, item.restricted]).toEqual([user, true]);
      expect([user, v.text.includes(caseA) || v.text.includes(caseB)]).toEqual([user, false]);
    }
  });

  it('once published, every agency of a case reads its item, invited or not; the others a placeholder', async () => {
    await status('coord', 'AGENDA_PUBLISHED');
    await expectPartnersReadTheirOwn('published', false);
  });

  it('during the meeting, and after its minutes are approved, each reads its own case and its recommendations', async () => {
    h.setNow(new Date('2027-03-30T09:05:00Z'));
    await status('chair', 'IN_PROGRESS');
    const itemA = (await seen('chair')).a!.id;
    const rec = await ok<{ proposeRecommendation: { id: string; version: number } }>(
      'chair',
      `mutation($i: ProposeRecommendationInput!) { proposeRecommendation(input: $i) { id version } }`,
      { i: { agendaItemId: itemA, category: 'ORDER_APPLICATION', text: 'Apply for an SPO (synthetic)' } },
    );
    await ok(
      'chair',
      `mutation($i: DecideRecommendationInput!) { decideRecommendation(input: $i) { status } }`,
      {
        i: {
          recommendationId: rec.proposeRecommendation.id,
          version: rec.proposeRecommendation.version,
          status: 'AGREED',
          rationale: 'Pattern of breaches (synthetic)',
        },
      },
    );
    await expectPartnersReadTheirOwn('in progress', true);

    h.setNow(new Date('2027-03-30T12:05:00Z'));
    await status('chair', 'MINUTES_DRAFT');
    await status('chair', 'MINUTES_APPROVED');
    await expectPartnersReadTheirOwn('minutes approved', true);
  });
});
