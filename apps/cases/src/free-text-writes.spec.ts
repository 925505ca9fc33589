import { FREE_TEXT_MESSAGES } from '@scp/cases';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * The cases service's own free-text writes go through the same rule as the meetings service's
 * (docs/free-text.md): here the victim's voice, which partners read, and a participation's end.
 */
describe('free text the cases service stores', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: false });
  });
  afterAll(async () => h?.close());

  const victimHome = async (caseKey: string) => {
    const rows: { address_line1: string; postcode: string }[] = await h.owner.query(
      `SELECT l.address_line1, l.postcode FROM cases.locations l JOIN cases.persons p ON p.id = l.person_id
        WHERE l.case_id = $1 AND p.role = 'VICTIM' ORDER BY l.created_at LIMIT 1`,
      [h.fixture.cases[caseKey]],
    );
    return rows[0]!;
  };

  it("the victim's shared summary: the advocate's exact postcode and a wrong one are refused alike; plain text is stored", async () => {
    const { postcode } = await victimHome('NV2');
    const voice = (sharedSummary: string, expectedVersion?: number) =>
      h.gql('advocate.nva', `mutation($i: UpdateVictimVoiceInput!) { updateVictimVoice(input: $i) { id } }`, {
        i: { personId: h.fixture.persons['NV2.victim'], sharedSummary, expectedVersion },
      });
    const [current]: { version: number }[] = await h.owner.query(
      `SELECT version FROM cases.victim_voice WHERE person_id = $1`,
      [h.fixture.persons['NV2.victim']],
    );
    const exact = await voice(`Victim has moved to ${postcode}`, current?.version);
    const wrong = await voice('Victim has moved to ZZ9 9ZZ', current?.version);
    expect(exact.body.errors).toEqual(wrong.body.errors);
    expect(exact.body.errors?.[0]).toMatchObject({
      message: FREE_TEXT_MESSAGES.blind('sharedSummary'),
      extensions: { code: 'BAD_USER_INPUT', field: 'sharedSummary' },
    });
    expect(
      (await voice('Victim has moved; the advocate holds the details', current?.version)).body.errors,
    ).toBeUndefined();
  });

  it("a participation's end reason is checked for the coordinator like any shared text", async () => {
    const { address_line1 } = await victimHome('NV1');
    const end = (reason: string) =>
      h.gql('coord.nvc', `mutation($i: EndParticipationInput!) { endParticipation(input: $i) { id } }`, {
        i: { caseId: h.fixture.cases.NV1, agencyId: h.fixture.agencies.NVH, reason },
      });
    const refused = await end(`Victim moved to ${address_line1}`);
    expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(refused.text).not.toContain(address_line1);
    const [still]: { n: number }[] = await h.owner.query(
      `SELECT count(*)::int AS n FROM cases.participants WHERE case_id = $1 AND agency_id = $2 AND left_at IS NULL`,
      [h.fixture.cases.NV1, h.fixture.agencies.NVH],
    );
    expect(still!.n).toBe(1);
  });
  it("a break-glass purpose, which the lead agency's DPO reads, is checked; no grant is made", async () => {
    const { postcode } = await victimHome('NV1');
    const open = (purpose: string) =>
      h.gql(
        'auditor.nvp',
        `mutation($id: ID!, $p: String!) { breakGlass(caseId: $id, reason: AUDIT_OR_COMPLAINT, purpose: $p) { caseId } }`,
        { id: h.fixture.cases.NV1, p: purpose },
      );
    const exact = await open(`Complaint from the resident of ${postcode} about contact`);
    const wrong = await open('Complaint from the resident of ZZ9 9ZZ about contact');
    expect(exact.body.errors).toEqual(wrong.body.errors);
    expect(exact.body.errors?.[0]).toMatchObject({
      message: FREE_TEXT_MESSAGES.blind('purpose'),
      extensions: { code: 'BAD_USER_INPUT', field: 'purpose' },
    });
    const [grants]: { n: number }[] = await h.owner.query(
      `SELECT count(*)::int AS n FROM cases.break_glass_grants WHERE case_id = $1`,
      [h.fixture.cases.NV1],
    );
    expect(grants!.n).toBe(0);
  });

  it("a new case's participant rationale is checked against the clinic's open cases; no case is opened", async () => {
    const { address_line1 } = await victimHome('NV2');
    const a = h.fixture.agencies;
    const count = async () =>
      ((await h.owner.query(`SELECT count(*)::int AS n FROM cases.cases`)) as { n: number }[])[0]!.n;
    const before = await count();
    const res = await h.gql(
      'chair.nvp',
      `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`,
      {
        input: {
          clinicId: h.fixture.clinics.NV,
          leadAgencyId: a.NVP,
          cjStatus: 'ON_BAIL',
          participants: [
            {
              agencyId: a.NVH,
              roleInCase: 'PARTNER',
              sharingBasis: 'STATUTORY_GATEWAY',
              basisRationale: `Treats the victim, who lives at ${address_line1}`,
            },
          ],
        },
      },
    );
    expect(res.body.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'participants.0.basisRationale',
    });
    expect(res.text).not.toContain(address_line1);
    expect(await count()).toBe(before);
  });
});
