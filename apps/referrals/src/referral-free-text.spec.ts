import { FREE_TEXT_MESSAGES, FREE_TEXT_REFUSALS_PER_DAY } from '@scp/platform-access';
import { startReferralsHarness, type ReferralsHarness } from './testing/referrals-harness.js';
import {
  ANSWER,
  ASK,
  CANARY_PHONE,
  CREATE,
  ok,
  referralInput,
  SCREEN,
  SUBMIT,
  UPDATE,
  type ReferralData,
} from './testing/referral-ops.js';

/**
 * The free-text rule on the referrals service's own prose (docs/free-text.md): a referral's
 * reason, rationale, questions and answers are read by the clinic's officers and later by every
 * agency of the case, most of whom may not read the victim location the referral holds.
 */
describe('referral free text: no victim location, no oracle', () => {
  let h: ReferralsHarness;
  let nv: string;
  beforeAll(async () => {
    h = await startReferralsHarness();
    nv = h.fixture.clinics.NV!;
  });
  afterAll(async () => h?.close());

  /** The recorded postcode of `referralInput`'s victim, and one recorded nowhere. */
  const RECORDED_POSTCODE = 'ZZ1 7CR';
  const OTHER_POSTCODE = 'ZZ9 4QX';

  const submitted = async (): Promise<ReferralData> => {
    const r = await ok(h, 'spoc.nvp', CREATE, referralInput(nv));
    return ok(h, 'spoc.nvp', SUBMIT, { id: r.id, expectedVersion: r.version });
  };
  const refusedAudits = async (referralId: string) =>
    (await h.owner.query(
      `SELECT categories, purpose FROM audit.events
        WHERE action = 'ACCESS_DENIED' AND entity_type = 'FreeText' AND entity_id = $1::text`,
      [referralId],
    )) as { categories: string[]; purpose: string }[];
  const questionsOf = async (referralId: string) =>
    (
      (await h.owner.query(`SELECT count(*)::int AS n FROM referrals.questions WHERE referral_id = $1`, [
        referralId,
      ])) as { n: number }[]
    )[0]!.n;

  it("refuses the referrer's own victim location in the reason, with the reason, and stores nothing", async () => {
    const count = async () =>
      ((await h.owner.query(`SELECT count(*)::int AS n FROM referrals.referrals`)) as { n: number }[])[0]!.n;
    const before = await count();
    const res = await h.gql('spoc.nvp', CREATE, {
      input: referralInput(nv, { reason: `Turns up outside her home, call her on ${CANARY_PHONE}` }),
    });
    expect(res.body.errors?.[0]).toMatchObject({
      message: FREE_TEXT_MESSAGES.sighted('reason'),
      extensions: { code: 'BAD_USER_INPUT', field: 'reason' },
    });
    expect(await count()).toBe(before);
    // Police read the location: an address that is not the victim's stays theirs to write.
    const r = await ok(
      h,
      'spoc.nvp',
      CREATE,
      referralInput(nv, { reason: 'Seen daily near his workplace at 40 Example Road' }),
    );
    expect(r.status).toBe('DRAFT');
  });

  it("answers the coordinator's question from its shape alone: the recorded and an unrecorded postcode get the same answer", async () => {
    let r = await submitted();
    r = await ok(h, 'coord.nvc', SCREEN, { id: r.id, expectedVersion: r.version });
    const ask = (postcode: string) =>
      h.gql('coord.nvc', ASK, {
        input: {
          id: r.id,
          expectedVersion: r.version,
          question: `Is the victim still living at ${postcode}?`,
        },
      });
    const recorded = await ask(RECORDED_POSTCODE);
    const other = await ask(OTHER_POSTCODE);
    expect(recorded.body.errors?.[0]).toEqual(other.body.errors?.[0]);
    expect(other.body.errors?.[0]).toMatchObject({
      message: FREE_TEXT_MESSAGES.blind('question'),
      extensions: { code: 'BAD_USER_INPUT', field: 'question' },
    });
    expect(await questionsOf(r.id)).toBe(0);
    // Only the match is audited, as an attempt on D12 of this referral; never the value.
    const audits = await refusedAudits(r.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.categories).toEqual(['D12']);
    expect(JSON.stringify(audits)).not.toContain(RECORDED_POSTCODE);
    // A question without a location goes through.
    r = await ok(h, 'coord.nvc', ASK, {
      id: r.id,
      expectedVersion: r.version,
      question: 'Has the victim been told of the referral?',
    });
    expect(r.status).toBe('MORE_INFO_REQUESTED');
  });

  it('pauses a writer after repeated refusals and tells the referring agency, never the text', async () => {
    let r = await submitted();
    r = await ok(h, 'coord.nvc', SCREEN, { id: r.id, expectedVersion: r.version });
    r = await ok(h, 'coord.nvc', ASK, { id: r.id, expectedVersion: r.version, question: 'Any new contact?' });
    const answer = (text: string) =>
      h.gql('spoc.nvp', ANSWER, {
        input: { questionId: r.questions[0]!.id, expectedVersion: r.version, answer: text },
      });
    for (let i = 0; i < FREE_TEXT_REFUSALS_PER_DAY; i++) {
      const res = await answer(`Yes, she now uses ${CANARY_PHONE}`);
      expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'answer' });
    }
    const paused = await answer('Two more messages last week');
    expect(paused.body.errors?.[0]).toMatchObject({
      message: FREE_TEXT_MESSAGES.paused(),
      extensions: { code: 'FORBIDDEN' },
    });
    // Other writers and other referrals are not paused.
    const other = await ok(h, 'spoc.nvp', CREATE, referralInput(nv));
    await ok(h, 'spoc.nvp', UPDATE, {
      id: other.id,
      expectedVersion: other.version,
      reason: 'Contact continues by text message',
    });
    const events: { payload: Record<string, unknown> }[] = await h.owner.query(
      `SELECT payload FROM referrals.outbox WHERE type = 'free-text.writer-paused' AND aggregate_id = $1`,
      [r.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({
      referralId: r.id,
      leadAgencyId: h.fixture.agencies.NVP,
      userId: h.fixture.users['spoc.nvp'],
    });
    expect(JSON.stringify(events[0]!.payload)).not.toContain(CANARY_PHONE.slice(-6));
    const refusals: { field: string; matched: boolean }[] = await h.owner.query(
      `SELECT field, matched FROM referrals.free_text_refusals WHERE referral_id = $1`,
      [r.id],
    );
    expect(refusals).toEqual(Array(FREE_TEXT_REFUSALS_PER_DAY).fill({ field: 'answer', matched: true }));
  });

  it("refuses a location-like reason from a referrer who may not record the victim's location", async () => {
    const res = await h.gql('mh.nvh', CREATE, {
      input: referralInput(nv, {
        victimLocations: [],
        sdash: undefined,
        reason: `Patient reports visiting the victim at ${OTHER_POSTCODE}`,
      }),
    });
    expect(res.body.errors?.[0]).toMatchObject({
      message: FREE_TEXT_MESSAGES.blind('reason'),
      extensions: { code: 'BAD_USER_INPUT', field: 'reason' },
    });
  });
});
