import { applyCaseEvent } from '@scp/referrals';
import { clinicUpdated, startReferralsHarness, type ReferralsHarness } from './testing/referrals-harness.js';
import {
  ACCEPT,
  ANSWER,
  ASK,
  CANARY_PHONE,
  CANARY_STREET,
  CREATE,
  DECLINE,
  ok,
  referralInput,
  SCREEN,
  SUBMIT,
  UPDATE,
  WITHDRAW,
  type ReferralData,
} from './testing/referral-ops.js';

describe('referral workflow (state machine, roles, nothing written on refusal)', () => {
  let h: ReferralsHarness;
  let nv: string;
  beforeAll(async () => {
    h = await startReferralsHarness();
    nv = h.fixture.clinics.NV!;
  });
  afterAll(async () => h?.close());

  const snapshot = async (id: string) => {
    const [r] = await h.owner.query(
      `SELECT status, version, (SELECT count(*)::int FROM referrals.questions q WHERE q.referral_id = $1) AS questions,
              (SELECT count(*)::int FROM referrals.outbox) AS outbox,
              (SELECT count(*)::int FROM audit.events WHERE entity_id = $1::text AND action IN ('CREATE', 'UPDATE')) AS writes
         FROM referrals.referrals WHERE id = $1`,
      [id],
    );
    return r;
  };

  it('runs DRAFT → SUBMITTED → SCREENING → MORE_INFO_REQUESTED → SUBMITTED → SCREENING → ACCEPTED', async () => {
    let r = await ok(
      h,
      'spoc.nvp',
      CREATE,
      referralInput(nv, { subject: { givenName: 'Mike', familyName: 'Flowcase' } }),
    );
    expect(r.status).toBe('DRAFT');
    expect(r.reference).toMatch(/^REF-\d{4}-\d{5}$/);
    // A draft is the referrer's own: the clinic does not see it yet.
    const hidden = await h.gql('coord.nvc', `query($id: ID!) { referral(id: $id) { id } }`, { id: r.id });
    expect(hidden.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    r = await ok(h, 'spoc.nvp', SUBMIT, { id: r.id, expectedVersion: r.version });
    expect(r.status).toBe('SUBMITTED');
    const queue = await h.gql<{ referrals: { edges: { node: { id: string } }[] } }>(
      'coord.nvc',
      `{ referrals(filter: { status: [SUBMITTED] }) { edges { node { id } } } }`,
    );
    expect(queue.body.data!.referrals.edges.map((e) => e.node.id)).toContain(r.id);
    r = await ok(h, 'coord.nvc', SCREEN, { id: r.id, expectedVersion: r.version });
    expect(r.status).toBe('SCREENING');
    r = await ok(h, 'coord.nvc', ASK, {
      id: r.id,
      expectedVersion: r.version,
      question: 'Subject date of birth?',
    });
    expect(r.status).toBe('MORE_INFO_REQUESTED');
    r = await ok(h, 'spoc.nvp', UPDATE, {
      id: r.id,
      expectedVersion: r.version,
      subject: { dateOfBirth: '1981-05-06' },
    });
    r = await ok(h, 'spoc.nvp', ANSWER, {
      questionId: r.questions[0]!.id,
      expectedVersion: r.version,
      answer: 'Added to the subject details',
    });
    expect(r.status).toBe('SUBMITTED');
    expect(r.questions[0]!.answer).toBe('Added to the subject details');
    r = await ok(h, 'chair.nvp', SCREEN, { id: r.id, expectedVersion: r.version });
    r = await ok(h, 'coord.nvc', ACCEPT, {
      id: r.id,
      expectedVersion: r.version,
      tier: 'CLINIC_CASE',
      participantAgencyIds: [h.fixture.agencies.NVH, h.fixture.agencies.NVPS, h.fixture.agencies.NVA],
    });
    expect(r.status).toBe('ACCEPTED');
    expect(r.leadAgencyId).toBe(h.fixture.agencies.NVP);
    const events: { type: string; payload: Record<string, unknown> }[] = await h.owner.query(
      `SELECT type, payload FROM referrals.outbox WHERE aggregate_id = $1`,
      [r.id],
    );
    expect(events.map((e) => e.type)).toEqual([
      'referral.submitted',
      'referral.more-info-requested',
      'referral.accepted',
    ]);
    events.splice(0, 2);
    expect(events[0]!.payload).toMatchObject({ referralId: r.id, clinicId: nv, tier: 'CLINIC_CASE' });
    // Ids and codes only: no name, rationale or location goes to Redis.
    const payload = JSON.stringify(events[0]!.payload);
    for (const secret of ['Flowcase', 'Lima', 'Sampleperson', CANARY_STREET, CANARY_PHONE, 's115'])
      expect(payload).not.toContain(secret);
  });

  it("refuses to accept with an agency that has not signed the clinic's sharing agreement, naming the field; nothing written", async () => {
    const screened = async () => {
      let r = await ok(h, 'spoc.nvp', CREATE, referralInput(nv));
      r = await ok(h, 'spoc.nvp', SUBMIT, { id: r.id, expectedVersion: r.version });
      return ok(h, 'coord.nvc', SCREEN, { id: r.id, expectedVersion: r.version });
    };
    const r = await screened();
    const before = await snapshot(r.id);
    // SFH signed South Fen's agreement, not North Vale's.
    const attempts: [Record<string, unknown>, string][] = [
      [{ participantAgencyIds: [h.fixture.agencies.NVH, h.fixture.agencies.SFH] }, 'participantAgencyIds'],
      [
        { participantAgencyIds: [h.fixture.agencies.NVH], leadAgencyId: h.fixture.agencies.SFC },
        'leadAgencyId',
      ],
    ];
    for (const [fields, field] of attempts) {
      const res = await h.gql('coord.nvc', ACCEPT, {
        input: { id: r.id, expectedVersion: r.version, tier: 'CLINIC_CASE', ...fields },
      });
      expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
      expect(await snapshot(r.id)).toEqual(before);
    }
    // Once North Vale's agreement lists SFH (a newer clinic.updated), the same acceptance goes through.
    const signed = ['NVP', 'NVH', 'NVPS', 'NVA', 'CPSNV', 'NVC', 'SFH'].map((a) => h.fixture.agencies[a]!);
    await applyCaseEvent(h.owner, clinicUpdated(nv, signed));
    // An older snapshot arriving late changes nothing.
    await applyCaseEvent(h.owner, clinicUpdated(nv, [], new Date(Date.UTC(2026, 0, 1))));
    const accepted = await ok(h, 'coord.nvc', ACCEPT, {
      id: r.id,
      expectedVersion: r.version,
      tier: 'CLINIC_CASE',
      participantAgencyIds: [h.fixture.agencies.NVH, h.fixture.agencies.SFH],
    });
    expect(accepted.status).toBe('ACCEPTED');
  });

  it('requires a rationale unless consent is the basis, and takes CONSENT without one', async () => {
    const res = await h.gql('spoc.nvp', CREATE, { input: referralInput(nv, { basisRationale: null }) });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'basisRationale',
    });
    const r = await ok(
      h,
      'spoc.nvp',
      CREATE,
      referralInput(nv, { sharingBasis: 'CONSENT', basisRationale: null }),
    );
    expect(r.sharingBasis).toBe('CONSENT');
  });

  it('refuses to record D12 or D8 for roles the matrix does not let write them (whole mutation)', async () => {
    const before = (await h.owner.query(`SELECT count(*)::int AS n FROM referrals.referrals`))[0].n;
    const mh = await h.gql('mh.nvh', CREATE, { input: referralInput(nv) });
    expect(mh.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const probation = await h.gql('probation.nvps', CREATE, {
      input: referralInput(nv, { victimLocations: [] }),
    });
    expect(probation.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const user of ['coord.nvc', 'cps.nv', 'auditor.nvp', 'admin.nvc']) {
      const res = await h.gql(user, CREATE, {
        input: referralInput(nv, { victimLocations: [], sdash: null }),
      });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await h.owner.query(`SELECT count(*)::int AS n FROM referrals.referrals`))[0].n).toBe(before);
    // A clinician may refer without the victim's location, with their own S-DASH.
    const ok1 = await ok(h, 'mh.nvh', CREATE, referralInput(nv, { victimLocations: [] }));
    expect(ok1.status).toBe('DRAFT');
  });

  describe('every forbidden move per role is refused with a code, and nothing is written', () => {
    const referrerMoves = ['submit', 'withdraw'] as const;
    const clinicMoves = ['startScreening', 'requestMoreInformation', 'accept', 'decline'] as const;
    const query = {
      submit: SUBMIT,
      withdraw: WITHDRAW,
      startScreening: SCREEN,
      requestMoreInformation: ASK,
      accept: ACCEPT,
      decline: DECLINE,
    };
    const input = (move: string, r: ReferralData) => ({
      id: r.id,
      expectedVersion: r.version,
      ...(move === 'withdraw' || move === 'decline' ? { reason: 'No longer needed' } : {}),
      ...(move === 'requestMoreInformation' ? { question: 'More?' } : {}),
      ...(move === 'accept' ? { tier: 'CLINIC_CASE', participantAgencyIds: [] } : {}),
    });
    /** A referral in the state where `move` would be allowed for the right role. */
    const inStateFor = async (move: string): Promise<ReferralData> => {
      let r = await ok(h, 'spoc.nvp', CREATE, referralInput(nv));
      if (move === 'submit' || move === 'withdraw') return r;
      r = await ok(h, 'spoc.nvp', SUBMIT, { id: r.id, expectedVersion: r.version });
      if (move === 'startScreening') return r;
      return ok(h, 'coord.nvc', SCREEN, { id: r.id, expectedVersion: r.version });
    };

    for (const move of referrerMoves)
      it(`${move}: clinic officers and other agencies are refused`, async () => {
        const r = await inStateFor(move);
        const before = await snapshot(r.id);
        // The clinic cannot see a draft at all; another agency never sees it.
        for (const [user, code] of [
          ['coord.nvc', 'NOT_FOUND'],
          ['chair.sfh', 'NOT_FOUND'],
          ['mh.nvh', 'NOT_FOUND'],
          ['spoc.sfc', 'NOT_FOUND'],
          ['auditor.nvp', 'NOT_FOUND'],
        ] as const) {
          const res = await h.gql(user, query[move], { input: input(move, r) });
          expect([user, res.body.errors?.[0]?.extensions?.code]).toEqual([user, code]);
        }
        expect(await snapshot(r.id)).toEqual(before);
      });

    it('withdraw and answer after submission: the clinic officers are FORBIDDEN (they see it)', async () => {
      let r = await inStateFor('startScreening');
      const before = await snapshot(r.id);
      const res = await h.gql('coord.nvc', WITHDRAW, {
        input: { id: r.id, expectedVersion: r.version, reason: 'x' },
      });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await snapshot(r.id)).toEqual(before);
      r = await ok(h, 'coord.nvc', SCREEN, { id: r.id, expectedVersion: r.version });
      r = await ok(h, 'coord.nvc', ASK, { id: r.id, expectedVersion: r.version, question: 'Date of birth?' });
      const mid = await snapshot(r.id);
      const answer = await h.gql('chair.nvp', ANSWER, {
        input: { questionId: r.questions[0]!.id, expectedVersion: r.version, answer: 'x' },
      });
      // The police chair belongs to the referrer's agency: it may answer as the referrer.
      expect(answer.body.errors).toBeUndefined();
      r = (answer.body.data as { answerReferralQuestion: ReferralData }).answerReferralQuestion;
      r = await ok(h, 'coord.nvc', SCREEN, { id: r.id, expectedVersion: r.version });
      r = await ok(h, 'coord.nvc', ASK, { id: r.id, expectedVersion: r.version, question: 'Crime ref?' });
      const again = await snapshot(r.id);
      const coordAnswer = await h.gql('coord.nvc', ANSWER, {
        input: { questionId: r.questions[1]!.id, expectedVersion: r.version, answer: 'x' },
      });
      expect(coordAnswer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await snapshot(r.id)).toEqual(again);
      expect(mid.status).toBe('MORE_INFO_REQUESTED');
    });

    for (const move of clinicMoves)
      it(`${move}: the referrer, other clinics' officers and other agencies are refused`, async () => {
        const r = await inStateFor(move);
        const before = await snapshot(r.id);
        for (const [user, code] of [
          ['spoc.nvp', 'FORBIDDEN'],
          ['spoc2.nvp', 'FORBIDDEN'],
          ['chair.sfh', 'NOT_FOUND'],
          ['mh.nvh', 'NOT_FOUND'],
          ['advocate.nva', 'NOT_FOUND'],
          ['auditor.nvp', 'NOT_FOUND'], // same agency as the referrer, but the matrix gives an auditor no case content
          ['admin.nvc', 'NOT_FOUND'],
        ] as const) {
          const res = await h.gql(user, query[move], { input: input(move, r) });
          expect([user, res.body.errors?.[0]?.extensions?.code]).toEqual([user, code]);
        }
        expect(await snapshot(r.id)).toEqual(before);
      });

    it('moves from the wrong state are refused as BAD_USER_INPUT (status), nothing written', async () => {
      const draft = await inStateFor('submit');
      const submitted = await inStateFor('startScreening');
      const screening = await inStateFor('accept');
      const cases: [string, string, ReferralData][] = [
        ['coord.nvc', 'accept', submitted],
        ['coord.nvc', 'decline', submitted],
        ['coord.nvc', 'requestMoreInformation', submitted],
        ['coord.nvc', 'startScreening', screening],
        ['spoc.nvp', 'submit', submitted],
        ['spoc.nvp', 'submit', screening],
      ];
      for (const [user, move, r] of cases) {
        const before = await snapshot(r.id);
        const res = await h.gql(user, query[move as keyof typeof query], { input: input(move, r) });
        expect([move, res.body.errors?.[0]?.extensions]).toEqual([
          move,
          { code: 'BAD_USER_INPUT', field: 'status' },
        ]);
        expect(await snapshot(r.id)).toEqual(before);
      }
      // Terminal states allow nothing.
      const declined = await ok(h, 'coord.nvc', DECLINE, {
        id: screening.id,
        expectedVersion: screening.version,
        reason: 'Below threshold',
      });
      for (const [user, move] of [
        ['spoc.nvp', 'withdraw'],
        ['coord.nvc', 'accept'],
        ['coord.nvc', 'startScreening'],
      ] as const) {
        const res = await h.gql(user, query[move], { input: input(move, declined) });
        expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
      const withdrawn = await ok(h, 'spoc.nvp', WITHDRAW, {
        id: draft.id,
        expectedVersion: draft.version,
        reason: 'Sent in error',
      });
      expect(withdrawn.status).toBe('WITHDRAWN');
      const res = await h.gql('spoc.nvp', SUBMIT, { input: input('submit', withdrawn) });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('decline needs a reason; a stale version is a CONFLICT', async () => {
      const r = await inStateFor('decline');
      const before = await snapshot(r.id);
      const noReason = await h.gql('coord.nvc', DECLINE, { input: { id: r.id, expectedVersion: r.version } });
      expect(noReason.body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'reason',
      });
      const stale = await h.gql('coord.nvc', DECLINE, {
        input: { id: r.id, expectedVersion: r.version - 1, reason: 'x' },
      });
      expect(stale.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(await snapshot(r.id)).toEqual(before);
    });
  });
});
