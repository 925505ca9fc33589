import { eventually } from '@scp/platform-testing';
import { startStack, type Stack } from './stack.js';

type R = {
  id: string;
  version: number;
  status: string;
  case: { id: string; reference: string; status: string; version: number } | null;
};
const REF = `id version status case { id reference status version }`;

/** Scenarios 1–3 of domain.md, through the gateway: referral → screening → case (or advice only). */
describe('end to end: referrals become cases exactly once', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ canaries: true });
  }, 90_000);
  afterAll(async () => s?.close());

  const create = (reason: string, dob?: string) =>
    s.gql<{ createReferral: R }>(
      'spoc.nvp',
      `mutation($input: CreateReferralInput!) { createReferral(input: $input) { ${REF} } }`,
      {
        input: {
          clinicId: s.fixture.clinics.NV,
          urgency: 'ROUTINE',
          reason,
          behaviours: ['FOLLOWING', 'ONLINE'],
          crimeReferences: ['NV/26/000123'],
          cjStatus: 'UNDER_INVESTIGATION',
          sharingBasis: 'STATUTORY_GATEWAY',
          basisRationale: 'Crime and Disorder Act 1998 s115',
          subject: { givenName: 'Kilo', familyName: 'Referralson', ...(dob ? { dateOfBirth: dob } : {}) },
          victim: { givenName: 'Lima', familyName: 'Sampleford', relationshipToSubject: 'Former partner' },
          sdash: { answers: [true, true, true, true, true, true, true, false, false, false, false] },
        },
      },
    );
  const transition = (user: string, op: string, r: R, extra: Record<string, unknown> = {}) =>
    s.gql<Record<string, R>>(
      user,
      `mutation($input: ReferralTransitionInput!) { ${op}(input: $input) { ${REF} } }`,
      {
        input: { id: r.id, expectedVersion: r.version, ...extra },
      },
    );

  it('scenarios 1 and 2: SPOC refers (S-DASH 7/11), coordinator asks for the date of birth, accepts; one case with four agencies', async () => {
    const created = await create('Persistent contact after separation; victim very frightened');
    expect(created.body.errors).toBeUndefined();
    let r = created.body.data!.createReferral;
    r = (await transition('spoc.nvp', 'submitReferral', r)).body.data!.submitReferral!;
    expect(r.status).toBe('SUBMITTED');

    // It appears in the coordinator's queue; the S-DASH (D8) is for the chair, not the coordinator.
    const queue = await s.gql<{
      referrals: { edges: { node: { id: string; sdash: { score: number } | null } }[] };
    }>('coord.nvc', `{ referrals(first: 20) { edges { node { id sdash { score } } } } }`);
    expect(queue.body.data!.referrals.edges.map((e) => e.node)).toContainEqual({ id: r.id, sdash: null });
    const chair = await s.gql<{ referral: { sdash: { score: number } } }>(
      'chair.nvp',
      `query($id: ID!) { referral(id: $id) { sdash { score } } }`,
      {
        id: r.id,
      },
    );
    expect(chair.body.data!.referral.sdash.score).toBe(7);

    r = (await transition('coord.nvc', 'startScreening', r)).body.data!.startScreening!;
    const asked = await s.gql<{ requestMoreInformation: R & { questions: { id: string }[] } }>(
      'coord.nvc',
      `mutation($input: RequestMoreInformationInput!) { requestMoreInformation(input: $input) { ${REF} questions { id } } }`,
      { input: { id: r.id, expectedVersion: r.version, question: "What is the subject's date of birth?" } },
    );
    expect(asked.body.data!.requestMoreInformation.status).toBe('MORE_INFO_REQUESTED');
    r = asked.body.data!.requestMoreInformation;
    const answered = await s.gql<{ answerReferralQuestion: R }>(
      'spoc.nvp',
      `mutation($input: AnswerQuestionInput!) { answerReferralQuestion(input: $input) { ${REF} } }`,
      {
        input: {
          questionId: asked.body.data!.requestMoreInformation.questions[0]!.id,
          expectedVersion: r.version,
          answer: '1982-03-04',
        },
      },
    );
    expect(answered.body.errors).toBeUndefined();
    r = answered.body.data!.answerReferralQuestion;
    if (r.status !== 'SUBMITTED')
      r = (await transition('spoc.nvp', 'submitReferral', r)).body.data!.submitReferral!;
    r = (await transition('coord.nvc', 'startScreening', r)).body.data!.startScreening!;
    const accepted = await s.gql<{ acceptReferral: R }>(
      'coord.nvc',
      `mutation($input: AcceptReferralInput!) { acceptReferral(input: $input) { ${REF} } }`,
      {
        input: {
          id: r.id,
          expectedVersion: r.version,
          tier: 'CLINIC_CASE',
          participantAgencyIds: [
            s.fixture.agencies.NVP,
            s.fixture.agencies.NVH,
            s.fixture.agencies.NVPS,
            s.fixture.agencies.NVA,
          ],
        },
      },
    );
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data!.acceptReferral.status).toBe('ACCEPTED');

    // The case arrives through the outbox → BullMQ → cases consumer, and is linked both ways.
    const linked = await eventually(async () => {
      const res = await s.gql<{
        referral: R & { case: { participants: { agency: { code: string } }[]; referral: { id: string } } };
      }>(
        'coord.nvc',
        `query($id: ID!) { referral(id: $id) { ${REF} case { participants { agency { code } } referral { id } } } }`,
        { id: r.id },
      );
      return res.body.data?.referral.case ? res.body.data.referral : null;
    }, 20_000);
    expect(linked!.case!.referral.id).toBe(r.id);
    expect(linked!.case!.participants.map((p) => p.agency.code).sort()).toEqual([
      'NVA',
      'NVH',
      'NVP',
      'NVPS',
    ]);
    const [{ n }] = await s.owner.query(`SELECT count(*)::int AS n FROM cases.cases WHERE referral_id = $1`, [
      r.id,
    ]);
    expect(n).toBe(1);
    // The psychologist's agency now participates, so it sees the case (and the referral by the matrix).
    const mh = await s.gql('mh.nvh', `query($id: ID!) { case(id: $id) { reference } }`, {
      id: linked!.case!.id,
    });
    expect(mh.body.errors).toBeUndefined();
  });

  it('scenario 3: a referral accepted as consultation only; the psychologist records advice; the case closes without listing', async () => {
    let r = (await create('Advice sought on escalating messages', '1990-01-01')).body.data!.createReferral;
    r = (await transition('spoc.nvp', 'submitReferral', r)).body.data!.submitReferral!;
    r = (await transition('chair.nvp', 'startScreening', r)).body.data!.startScreening!;
    const accepted = await s.gql<{ acceptReferral: R }>(
      'chair.nvp',
      `mutation($input: AcceptReferralInput!) { acceptReferral(input: $input) { ${REF} } }`,
      {
        input: {
          id: r.id,
          expectedVersion: r.version,
          tier: 'CONSULTATION_ONLY',
          participantAgencyIds: [s.fixture.agencies.NVP, s.fixture.agencies.NVH],
        },
      },
    );
    expect(accepted.body.errors).toBeUndefined();
    const c = await eventually(async () => {
      const res = await s.gql<{ referral: R }>(
        'chair.nvp',
        `query($id: ID!) { referral(id: $id) { ${REF} } }`,
        { id: r.id },
      );
      return res.body.data?.referral.case ?? null;
    }, 20_000);
    expect(c!.status).toBe('CONSULTATION');
    const advice = await s.gql(
      'mh.nvh',
      `mutation($input: CreateFormulationInput!) { createFormulation(input: $input) { id } }`,
      {
        input: {
          caseId: c!.id,
          summary: 'Advice: fixation without psychosis; recommend SPO application and victim safety plan',
          recommendations: 'Apply for an SPO',
        },
      },
    );
    expect(advice.body.errors).toBeUndefined();
    const closed = await s.gql<{ closeCase: { status: string } }>(
      'chair.nvp',
      `mutation($input: CloseCaseInput!) { closeCase(input: $input) { status } }`,
      { input: { caseId: c!.id, expectedVersion: c!.version, rationale: 'Advice given; no listing needed' } },
    );
    expect(closed.body.errors).toBeUndefined();
    expect(closed.body.data!.closeCase.status).toBe('CLOSED');
  });

  it('a referrer whose agency is not in the clinic sees nothing of it; the victim location never reaches denied roles', async () => {
    const res = await s.gql(
      'spoc.sfc',
      `{ referrals(first: 50) { edges { node { id victim { givenName } } } } }`,
    );
    expect(res.text).not.toContain('Lima');
    for (const user of ['mh.nvh', 'probation.nvps', 'cps.nv', 'coord.nvc'])
      for (const canary of s.fixture.canaries.D12)
        expect((await s.gql(user, `{ referrals(first: 50) { edges { node { id } } } }`)).text).not.toContain(
          canary,
        );
  });
});
