import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

describe('cases subgraph smoke', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness();
  });
  afterAll(async () => h?.close());

  it('answers a police SPOC with the header and the victim location (with purpose)', async () => {
    const res = await h.gql(
      'spoc.nvp',
      `query($id: ID!) { case(id: $id) { id reference status leadAgency { name } participants { agency { code } }
         subject { givenName familyName locations { addressLine1 } }
         victims { alias givenName locations(reason: SAFETY_PLANNING, purpose: "Safety planning for the clinic review") { addressLine1 phone } voice { voiceSummary } } } }`,
      { id: h.fixture.cases.NV1 },
    );
    expect(res.body.errors).toBeUndefined();
    const c = res.body.data!.case as Record<string, unknown>;
    expect(c.reference).toBe('NV-2026-0001');
  });
});
