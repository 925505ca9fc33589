import { randomUUID } from 'node:crypto';
import { generateDevKeyPair, InternalTokenSigner } from '@scp/platform-auth';
import { FREE_TEXT_MESSAGES, FREE_TEXT_REFUSALS_PER_DAY } from '@scp/cases';
import { binarySearchAttack, candidatePostcodes } from '@scp/platform-testing';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

type Verdict = { ok: boolean; reason?: string; message?: string };

/**
 * The meetings service asks whether free text other agencies will read may be stored
 * (entitlements.md, free text; docs/free-text.md). The answer must be no oracle for a writer who
 * may not read the victim location.
 */
describe('POST /internal/free-text-check', () => {
  const meetingsKey = generateDevKeyPair();
  const meetings = new InternalTokenSigner({ privateKey: meetingsKey.privateKeyPem });
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: false, serviceCallerKeys: [meetingsKey.publicKeyPem] });
  });
  afterAll(async () => h?.close());

  const post = (token: string, body: Record<string, unknown>) =>
    fetch(`${h.url}/internal/free-text-check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const ask = async (
    user: string,
    text: string,
    reach: { caseIds?: string[]; clinicId?: string } = { caseIds: [h.fixture.cases.NV1!] },
    field = 'minutes',
  ): Promise<Verdict> => {
    const res = await post(meetings.mintForService('meetings', 'cases', randomUUID()), {
      userId: h.fixture.users[user],
      caseIds: reach.caseIds ?? [],
      clinicId: reach.clinicId,
      field,
      text,
      requestId: randomUUID(),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Verdict;
  };
  const victimLocation = async (caseKey: string) => {
    const rows: { address_line1: string; postcode: string; phone: string }[] = await h.owner.query(
      `SELECT l.address_line1, l.postcode, l.phone FROM cases.locations l JOIN cases.persons p ON p.id = l.person_id
        WHERE l.case_id = $1 AND p.role = 'VICTIM' ORDER BY l.created_at LIMIT 1`,
      [h.fixture.cases[caseKey]],
    );
    return rows[0]!;
  };
  const attempts = (user: string, caseKey: string) =>
    h.owner.query(
      `SELECT categories, purpose, entity_type, owner_agency_id FROM audit.events
        WHERE actor_id = $1 AND case_id = $2 AND action = 'ACCESS_DENIED' AND entity_type = 'FreeText' ORDER BY seq`,
      [h.fixture.users[user], h.fixture.cases[caseKey]],
    ) as Promise<{ categories: string[]; purpose: string; owner_agency_id: string }[]>;

  it('replays the batched binary search over 4,000 postcodes: the transcript is the same whatever the postcode is', async () => {
    const candidates = candidatePostcodes();
    const nv1 = (await victimLocation('NV1')).postcode;
    const nv2 = (await victimLocation('NV2')).postcode;
    expect(candidates).toContain(nv1);
    expect(candidates).toContain(nv2);

    // The coordinator's attack: half the remaining candidates per request (~2,000 in ~20,000
    // characters the first time), a refusal meaning "the postcode is in this half".
    const attack = (caseKey: string) =>
      binarySearchAttack(candidates, async (text) => {
        const verdict = await ask('coord.nvc', text, { caseIds: [h.fixture.cases[caseKey]!] }, 'minutes');
        return { accepted: verdict.ok, answer: verdict };
      });
    const one = await attack('NV1');
    const two = await attack('NV2');
    // Same answers, so the same guess, for two different secrets: the search learnt nothing.
    expect(nv1).not.toBe(nv2);
    expect(one.transcript).toEqual(two.transcript);
    expect(one.guess).toBe(two.guess);
    // Every answer is the fixed sentence; after the day's refusals, the pause (also fixed).
    expect(one.transcript.slice(0, FREE_TEXT_REFUSALS_PER_DAY)).toEqual(
      Array(FREE_TEXT_REFUSALS_PER_DAY).fill({
        ok: false,
        reason: 'LOCATION',
        message: FREE_TEXT_MESSAGES.blind('minutes'),
      }),
    );
    expect(new Set(one.transcript.slice(FREE_TEXT_REFUSALS_PER_DAY).map((v) => v.reason))).toEqual(
      new Set(['PAUSED']),
    );
    // The requests that held the postcode were audited as attempts to record D12, without it.
    const audited = await attempts('coord.nvc', 'NV1');
    expect(audited.length).toBeGreaterThanOrEqual(1);
    for (const a of audited) {
      expect(a.categories).toEqual(['D12']);
      expect(a.purpose).toContain('minutes');
      expect(a.purpose).not.toContain('ZZ');
      expect(a.owner_agency_id).toBe(h.fixture.agencies.NVP);
    }
  });

  it("the clinician's one exact address is answered like a wrong one, and only the match is audited", async () => {
    const home = await victimLocation('NV3');
    const reach = { caseIds: [h.fixture.cases.NV3!] };
    const exact = await ask('mh.nvh', `Victim is staying at ${home.address_line1}`, reach, 'text');
    const wrong = await ask('mh.nvh', `Victim is staying at 98 Nowhere Road`, reach, 'text');
    expect(exact).toEqual(wrong);
    expect(exact).toEqual({ ok: false, reason: 'LOCATION', message: FREE_TEXT_MESSAGES.blind('text') });
    expect(JSON.stringify(exact)).not.toContain(home.address_line1);
    expect(await attempts('mh.nvh', 'NV3')).toHaveLength(1);
    expect(await ask('mh.nvh', 'Victim is staying with family out of the area', reach, 'text')).toEqual({
      ok: true,
    });
  });

  it('a writer who may read the location is told it is the victim’s; repeated matches pause them and tell the lead agency', async () => {
    const home = await victimLocation('NV2');
    const reach = { caseIds: [h.fixture.cases.NV2!] };
    expect(await ask('spoc.nvp', 'Seen near 14 Other Road, ZZ8 8ZZ', reach)).toEqual({ ok: true });
    const tries = [`Call ${home.phone}`, `Lives at ${home.postcode}`, `At ${home.address_line1}`];
    for (const text of tries)
      expect(await ask('spoc.nvp', text, reach)).toEqual({
        ok: false,
        reason: 'LOCATION',
        message: FREE_TEXT_MESSAGES.sighted('minutes'),
      });
    expect(await attempts('spoc.nvp', 'NV2')).toHaveLength(3);
    const paused = await ask('spoc.nvp', 'Safety plan reviewed; no change.', reach);
    expect(paused).toMatchObject({ ok: false, reason: 'PAUSED' });
    const events: { payload: Record<string, unknown> }[] = await h.owner.query(
      `SELECT payload FROM cases.outbox
        WHERE type = 'free-text.writer-paused' AND aggregate_id = $1 AND payload->>'userId' = $2`,
      [h.fixture.cases.NV2, h.fixture.users['spoc.nvp']],
    );
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        caseId: h.fixture.cases.NV2,
        leadAgencyId: h.fixture.agencies.NVP,
        userId: h.fixture.users['spoc.nvp'],
      }),
    ]);
    expect(JSON.stringify(events)).not.toContain(home.postcode);
    // Other cases are unaffected.
    expect(await ask('spoc.nvp', 'Safety plan reviewed; no change.')).toEqual({ ok: true });
  });

  it("a location copied from another case the writer's agency takes part in is refused, and audited on that case", async () => {
    const other = await victimLocation('NV2');
    // The chair (police) writes on NV1 with NV2's victim postcode: NV1's readers need not know NV2.
    expect(await ask('chair.nvp', `Visit arranged at ${other.postcode}`)).toEqual({
      ok: false,
      reason: 'LOCATION',
      message: FREE_TEXT_MESSAGES.sighted('minutes'),
    });
    expect(await attempts('chair.nvp', 'NV2')).toEqual([
      expect.objectContaining({
        categories: ['D12'],
        owner_agency_id: h.fixture.agencies.NVP,
        purpose: expect.stringContaining("in another case's shared text"),
      }),
    ]);
    expect(JSON.stringify(await attempts('chair.nvp', 'NV2'))).not.toContain(other.postcode);
  });

  it("the subject's whereabouts (D3) are matched too: the advocate, who holds only a summary of them, learns nothing", async () => {
    const [subject]: { address_line1: string; postcode: string }[] = await h.owner.query(
      `SELECT l.address_line1, l.postcode FROM cases.locations l JOIN cases.persons p ON p.id = l.person_id
        WHERE l.case_id = $1 AND p.role = 'SUBJECT' ORDER BY l.created_at LIMIT 1`,
      [h.fixture.cases.NV1],
    );
    const exact = await ask('advocate.nva', `Subject now at ${subject!.postcode}`, undefined, 'content');
    const wrong = await ask('advocate.nva', 'Subject now at ZZ9 9ZZ', undefined, 'content');
    expect(exact).toEqual(wrong);
    expect(exact).toEqual({ ok: false, reason: 'LOCATION', message: FREE_TEXT_MESSAGES.blind('content') });
    const audited: { categories: string[] }[] = await h.owner.query(
      `SELECT categories FROM audit.events WHERE actor_id = $1 AND case_id = $2 AND entity_type = 'FreeText'`,
      [h.fixture.users['advocate.nva'], h.fixture.cases.NV1],
    );
    expect(audited).toEqual([{ categories: ['D3'] }]);
  });

  it('parallel guesses cannot slip past the day’s count: three are refused, the rest find the writer paused', async () => {
    const home = await victimLocation('NV3');
    const reach = { caseIds: [h.fixture.cases.NV3!] };
    const verdicts = await Promise.all(
      Array.from({ length: 8 }, () => ask('spoc.nvp', `Lives at ${home.postcode}`, reach)),
    );
    expect(verdicts.filter((v) => v.reason === 'LOCATION')).toHaveLength(FREE_TEXT_REFUSALS_PER_DAY);
    expect(verdicts.filter((v) => v.reason === 'PAUSED')).toHaveLength(8 - FREE_TEXT_REFUSALS_PER_DAY);
  });

  it("a meeting's title reaches every open case of its clinic", async () => {
    const home = await victimLocation('NV1');
    const verdict = await ask(
      'advocate.nva',
      `Clinic at ${home.postcode}`,
      { clinicId: h.fixture.clinics.NV! },
      'title',
    );
    expect(verdict).toMatchObject({ ok: false, reason: 'LOCATION' });
  });

  it('refuses the gateway key and user tokens: only the meetings service key may ask', async () => {
    const body = {
      userId: h.fixture.users['coord.nvc'],
      caseIds: [h.fixture.cases.NV1],
      field: 'x',
      text: 'x',
    };
    expect((await post(h.signer.mintForService('meetings', 'cases', randomUUID()), body)).status).toBe(401);
    expect((await post(h.signer.mintForUser(await h.actor('spoc.nvp'), 'cases'), body)).status).toBe(401);
    expect(
      (await post(meetings.mintForService('meetings', 'cases', randomUUID()), { text: 'x' })).status,
    ).toBe(400);
    // And the meetings key cannot reach GraphQL.
    const gql = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${meetings.mintForService('meetings', 'cases', randomUUID())}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query: '{ casesCount }' }),
    });
    expect(gql.status).toBe(401);
  });
});
