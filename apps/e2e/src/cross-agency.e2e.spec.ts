import { startStack, type Stack } from './stack.js';

const DETAIL = `query($id: ID!) { case(id: $id) { reference leadAgency { name }
  subject { givenName locations { addressLine1 } }
  victims { alias givenName locations(reason: SAFETY_PLANNING, purpose: "e2e check for the clinic review") { addressLine1 phone } voice { voiceSummary sharedSummary } } } }`;

describe('end to end through the gateway: each agency sees only its part', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ canaries: true });
  }, 90_000);
  afterAll(async () => s?.close());

  it('who am I, through the dev issuer and the directory', async () => {
    const res = await s.gql('chair.nvp', `{ me { displayName agency { code } roles clinics { code } } }`);
    expect(res.body.data).toEqual({
      me: {
        displayName: 'Demo Chair (North Vale Police)',
        agency: { code: 'NVP' },
        roles: ['CLINIC_CHAIR', 'POLICE_SPOC'],
        clinics: [{ code: 'NV' }],
      },
    });
  });

  it('police read the victim location; the psychologist gets the pseudonym and FORBIDDEN for the rest', async () => {
    const police = await s.gql('spoc.nvp', DETAIL, { id: s.fixture.cases.NV1 });
    expect(police.body.errors).toBeUndefined();
    expect(s.fixture.canaries.D12.some((c) => police.text.includes(c))).toBe(true);

    const mh = await s.gql('mh.nvh', DETAIL, { id: s.fixture.cases.NV1 });
    for (const canary of [...s.fixture.canaries.D12]) expect(mh.text).not.toContain(canary);
    const victim = (mh.body.data as { case: { victims: Record<string, unknown>[] } }).case.victims[0]!;
    expect(victim).toMatchObject({ alias: 'Victim A', givenName: null, locations: null });
    expect(mh.body.errors?.map((e) => e.extensions?.code)).toEqual(expect.arrayContaining(['FORBIDDEN']));
    expect(mh.text).not.toContain('serviceName');
  });

  it('no role without D12 receives a victim location canary through any gateway path', async () => {
    const list = `{ cases(first: 50) { edges { node { reference victims { locations(reason: SAFETY_PLANNING, purpose: "e2e for the clinic review") { addressLine1 phone } } } } } }`;
    for (const user of [
      'coord.nvc',
      'mh.nvh',
      'probation.nvps',
      'cps.nv',
      'auditor.nvp',
      'admin.nvc',
      'chair.sfh',
    ]) {
      for (const [query, variables] of [
        [DETAIL, { id: s.fixture.cases.NV1 }],
        [list, {}],
        [
          `{ casesCount(filter: { victimPostcode: "ZZ1 1VA" }, reason: SAFETY_PLANNING, purpose: "e2e for the clinic review") }`,
          {},
        ],
      ] as const) {
        const res = await s.gql(user, query, variables);
        for (const canary of s.fixture.canaries.D12)
          if (res.text.includes(canary)) throw new Error(`${user} received ${canary}`);
      }
    }
  });

  it('_entities is not part of the public graph; the subgraph refuses it without a gateway token', async () => {
    const viaGateway = await s.gql(
      'spoc.nvp',
      `{ _entities(representations: [{ __typename: "Case", id: "${s.fixture.cases.NV1}" }]) { __typename } }`,
    );
    expect(viaGateway.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const direct = await fetch(`${s.casesUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await s.token('spoc.nvp')}` },
      body: JSON.stringify({
        query: `{ _entities(representations: [{ __typename: "Case", id: "${s.fixture.cases.NV1}" }]) { __typename } }`,
      }),
    });
    // A user's token from the identity provider is not an internal token: refused.
    expect(direct.status).toBe(401);
  });

  it('scenario 13: probation leaves when the licence ends and loses access at once', async () => {
    const q = `query($id: ID!) { case(id: $id) { reference } }`;
    expect((await s.gql('probation.nvps', q, { id: s.fixture.cases.NV1 })).body.data).toEqual({
      case: { reference: 'NV-2026-0001' },
    });
    const end = await s.gql(
      'coord.nvc',
      `mutation($c: ID!, $a: ID!) { endParticipation(input: { caseId: $c, agencyId: $a, reason: "Licence ended" }) { reference } }`,
      { c: s.fixture.cases.NV1, a: s.fixture.agencies.NVPS },
    );
    expect(end.body.errors).toBeUndefined();
    expect(
      (await s.gql('probation.nvps', q, { id: s.fixture.cases.NV1 })).body.errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
  });
});
