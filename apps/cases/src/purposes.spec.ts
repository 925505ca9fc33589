import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * A purpose is a reason from a short list plus at least a sentence of free text: for D6, D12 and
 * D16 reads, for searches on D12 and for break-glass alike. A token purpose opens nothing, and
 * the error says what is missing.
 */
describe('purposes: a reason from the list and at least a sentence', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => h?.close());

  const reads: [string, string, string][] = [
    [
      'spoc.nvp',
      'D12',
      `query($id: ID!, $p: String!) { case(id: $id) { victims { locations(reason: SAFETY_PLANNING, purpose: $p) { addressLine1 } } } }`,
    ],
    [
      'mh.nvh',
      'D6',
      `query($id: ID!, $p: String!) { case(id: $id) { clinicalRecords(reason: RISK_ASSESSMENT, purpose: $p) { clinicalNotes } } }`,
    ],
    [
      'spoc.nvp',
      'D16',
      `query($id: ID!, $p: String!) { case(id: $id) { orders { conditions { protectedDetail(reason: ORDER_ENFORCEMENT, purpose: $p) { detail } } } } }`,
    ],
  ];

  it.each(reads)(
    '%s reading %s with a one-character purpose is refused, and told why',
    async (user, _c, q) => {
      const res = await h.gql(user, q, { id: h.fixture.cases.NV1, p: 'x' });
      expect(res.text).not.toContain('CANARY');
      expect(res.body.errors?.[0]).toMatchObject({
        message:
          'Describe the purpose in at least a sentence (3 words and 15 characters), as well as choosing a reason',
        extensions: { code: 'BAD_USER_INPUT', field: 'purpose' },
      });
    },
  );

  it.each(reads)(
    '%s reading %s with a reason and a sentence is let in and audited with both',
    async (user, category, q) => {
      const res = await h.gql(user, q, { id: h.fixture.cases.NV1, p: 'Preparing for the review on Tuesday' });
      expect(res.body.errors).toBeUndefined();
      expect(res.text).toContain(`CANARY-${category}-`);
    },
  );

  it('a reason outside the list is not a reason', async () => {
    const res = await h.gql(
      'spoc.nvp',
      `query($id: ID!) { case(id: $id) { victims { locations(reason: CURIOSITY, purpose: "Just having a look around") { addressLine1 } } } }`,
      { id: h.fixture.cases.NV1 },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.text).not.toContain('CANARY');
  });

  it('a search on D12 names the missing reason', async () => {
    const res = await h.gql(
      'spoc.nvp',
      `{ casesCount(filter: { victimPostcode: "ZZ1 1VA" }, purpose: "Checking a repeat caller address") }`,
    );
    expect(res.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Choose a reason from the list: SAFETY_PLANNING'),
      extensions: { code: 'BAD_USER_INPUT', field: 'reason' },
    });
  });

  it('break-glass meets the same bar', async () => {
    const open = `mutation($id: ID!, $p: String!) { breakGlass(caseId: $id, reason: AUDIT_OR_COMPLAINT, purpose: $p) { caseId } }`;
    const weak = await h.gql('auditor.nvp', open, { id: h.fixture.cases.NV1, p: 'Looking!!!!' });
    expect(weak.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'purpose' });
    const ok = await h.gql('auditor.nvp', open, {
      id: h.fixture.cases.NV1,
      p: 'Complaint reference DPO-2026-21 received',
    });
    expect(ok.body.errors).toBeUndefined();
  });
});
