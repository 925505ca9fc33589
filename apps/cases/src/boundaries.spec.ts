import { randomUUID } from 'node:crypto';
import { InternalTokenSigner, generateDevKeyPair } from '@scp/platform-auth';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Case { id reference } } }`;

describe('subgraph boundary: only the gateway, with a valid token for this subgraph', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness();
  });
  afterAll(async () => h?.close());

  const post = async (
    headers: Record<string, string>,
    query: string,
    variables?: Record<string, unknown>,
  ) => {
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, text: await res.text() };
  };
  const reps = () => ({ reps: [{ __typename: 'Case', id: h.fixture.cases.NV1 }] });

  it('refuses _entities and _service without a token', async () => {
    for (const [q, v] of [
      [ENTITIES, reps()],
      ['{ _service { sdl } }', undefined],
      ['{ cases { edges { node { id } } } }', undefined],
    ] as const) {
      const res = await post({}, q, v);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.text).not.toContain('NV-2026');
    }
  });

  it('ignores forged x-user-* headers', async () => {
    const actor = await h.actor('spoc.nvp');
    const res = await post(
      { 'x-user-id': actor.userId, 'x-user-agency': actor.agencyId, 'x-user-roles': 'POLICE_SPOC' },
      ENTITIES,
      reps(),
    );
    expect(res.status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const past = new InternalTokenSigner({
      privateKey: h.keys.privateKeyPem,
      clock: () => Date.now() - 120_000,
    });
    const res = await post(
      { authorization: `Bearer ${past.mintForUser(await h.actor('spoc.nvp'), 'cases')}` },
      ENTITIES,
      reps(),
    );
    expect(res.status).toBe(401);
  });

  it('refuses a token minted for another subgraph', async () => {
    const res = await post(
      { authorization: `Bearer ${h.signer.mintForUser(await h.actor('spoc.nvp'), 'referrals')}` },
      ENTITIES,
      reps(),
    );
    expect(res.status).toBe(401);
  });

  it('refuses a token signed by another key', async () => {
    const other = new InternalTokenSigner({ privateKey: generateDevKeyPair().privateKeyPem });
    const res = await post(
      { authorization: `Bearer ${other.mintForUser(await h.actor('spoc.nvp'), 'cases')}` },
      ENTITIES,
      reps(),
    );
    expect(res.status).toBe(401);
  });

  it('refuses a service token on GraphQL and a user token on the internal endpoints', async () => {
    const service = await post(
      { authorization: `Bearer ${h.signer.mintForService('gateway', 'cases', randomUUID())}` },
      ENTITIES,
      reps(),
    );
    expect(JSON.parse(service.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(service.text).not.toContain('NV-2026');
    const internal = await fetch(`${h.url}/internal/actor`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.signer.mintForUser(await h.actor('admin.nvc'), 'cases')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ subject: 'spoc.nvp' }),
    });
    expect(internal.status).toBe(403);
  });

  it('with a valid token, _entities answers only what the caller may see', async () => {
    const res = await h.gql('spoc.sfc', ENTITIES, {
      reps: [
        { __typename: 'Case', id: h.fixture.cases.NV1 },
        { __typename: 'Case', id: h.fixture.cases.SF1 },
      ],
    });
    expect(res.body.data).toEqual({
      _entities: [null, { id: h.fixture.cases.SF1, reference: 'SF-2026-0001' }],
    });
  });
});

describe('bad input gets a coded error and writes nothing', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness();
  });
  afterAll(async () => h?.close());

  const counts = async () =>
    (
      await h.owner.query(
        `SELECT (SELECT count(*) FROM cases.cases) AS cases, (SELECT count(*) FROM cases.participants) AS participants,
                (SELECT count(*) FROM cases.persons) AS persons, (SELECT count(*) FROM cases.locations) AS locations,
                (SELECT count(*) FROM cases.outbox) AS outbox, (SELECT count(*) FROM audit.events WHERE action <> 'VIEW' AND action <> 'ACCESS_DENIED' AND action <> 'SEARCH') AS audit`,
      )
    )[0];

  const createCase = `mutation($input: CreateCaseInput!) { createCase(input: $input) { id reference status participants { agency { code } } } }`;

  it('creates a case for the chair, with participants, an outbox event and an audit event', async () => {
    const before = await counts();
    const res = await h.gql('chair.nvp', createCase, {
      input: {
        clinicId: h.fixture.clinics.NV,
        leadAgencyId: h.fixture.agencies.NVP,
        cjStatus: 'UNDER_INVESTIGATION',
        participants: [{ agencyId: h.fixture.agencies.NVA, roleInCase: 'PARTNER', sharingBasis: 'CONSENT' }],
      },
    });
    expect(res.body.errors).toBeUndefined();
    const after = await counts();
    expect(Number(after.cases) - Number(before.cases)).toBe(1);
    expect(Number(after.participants) - Number(before.participants)).toBe(2);
    expect(Number(after.outbox) - Number(before.outbox)).toBe(3);
    expect(Number(after.audit) - Number(before.audit)).toBe(1);
  });

  const bad: [string, string, string, Record<string, unknown>, string][] = [
    [
      'unknown clinic',
      'chair.nvp',
      createCase,
      {
        input: { clinicId: randomUUID(), leadAgencyId: randomUUID(), cjStatus: 'CHARGED', participants: [] },
      },
      'FORBIDDEN',
    ],
    [
      'invalid enum',
      'chair.nvp',
      createCase,
      {
        input: {
          clinicId: randomUUID(),
          leadAgencyId: randomUUID(),
          cjStatus: 'SOMETHING',
          participants: [],
        },
      },
      'BAD_USER_INPUT',
    ],
    ['malformed id', 'chair.nvp', `{ case(id: "not-a-uuid") { id } }`, {}, 'BAD_USER_INPUT'],
    [
      'unknown case',
      'chair.nvp',
      `query($id: ID!) { case(id: $id) { id } }`,
      { id: randomUUID() },
      'NOT_FOUND',
    ],
    ['page too large', 'chair.nvp', `{ cases(first: 1000) { edges { node { id } } } }`, {}, 'BAD_USER_INPUT'],
    ['bad cursor', 'chair.nvp', `{ cases(after: "!!") { edges { node { id } } } }`, {}, 'BAD_USER_INPUT'],
  ];
  for (const [name, user, query, variables, code] of bad) {
    it(`${name} → ${code}`, async () => {
      const before = await counts();
      const res = await h.gql(user, query, variables);
      expect(res.body.errors?.[0]?.extensions?.code).toBe(code);
      expect(await counts()).toEqual(before);
    });
  }

  it('oversize strings are refused with the field named', async () => {
    const before = await counts();
    const res = await h.gql(
      'chair.nvp',
      `mutation($input: EndParticipationInput!) { endParticipation(input: $input) { id } }`,
      { input: { caseId: h.fixture.cases.NV1, agencyId: h.fixture.agencies.NVA, reason: 'x'.repeat(5000) } },
    );
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await counts()).toEqual(before);
  });

  it('a participant without a rationale for a non-consent basis is refused and the case is not created', async () => {
    const before = await counts();
    const res = await h.gql('chair.nvp', createCase, {
      input: {
        clinicId: h.fixture.clinics.NV,
        leadAgencyId: h.fixture.agencies.NVP,
        cjStatus: 'CHARGED',
        participants: [
          { agencyId: h.fixture.agencies.NVH, roleInCase: 'PARTNER', sharingBasis: 'NOT_SOUGHT_RISK' },
        ],
      },
    });
    expect(res.body.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'participants.0.basisRationale',
    });
    expect(await counts()).toEqual(before);
  });

  it('a stale version is a CONFLICT and nothing changes', async () => {
    const update = `mutation($input: UpdateCaseHeaderInput!) { updateCaseHeader(input: $input) { version cjStatus } }`;
    const first = await h.gql('spoc.nvp', update, {
      input: { id: h.fixture.cases.NV2, expectedVersion: 1, cjStatus: 'CHARGED' },
    });
    expect(first.body.data).toEqual({ updateCaseHeader: { version: 2, cjStatus: 'CHARGED' } });
    const before = await counts();
    const stale = await h.gql('chair.nvp', update, {
      input: { id: h.fixture.cases.NV2, expectedVersion: 1, cjStatus: 'ON_BAIL' },
    });
    expect(stale.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
  });

  it('a write holding a category the role may not write is refused whole', async () => {
    const before = await counts();
    const mh = await h.gql(
      'mh.nvh',
      `mutation($input: AddLocationInput!) { addLocation(input: $input) { id } }`,
      {
        input: {
          personId: h.fixture.persons['NV1.victim'],
          kind: 'HOME',
          addressLine1: '1 Nowhere',
          supersedeCurrent: true,
        },
      },
    );
    expect(mh.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const advocate = await h.gql(
      'advocate.nva',
      `mutation($input: UpdateCaseHeaderInput!) { updateCaseHeader(input: $input) { id } }`,
      {
        input: { id: h.fixture.cases.NV1, expectedVersion: 1, nextReviewOn: '2027-02-01' },
      },
    );
    expect(advocate.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('scenario 11: the victim moves; the advocate records the new address; police and advocacy only can see either', async () => {
    const res = await h.gql(
      'advocate.nva',
      `mutation($input: AddLocationInput!) { addLocation(input: $input) { id caseId } }`,
      {
        input: {
          personId: h.fixture.persons['NV1.victim'],
          kind: 'HOME',
          addressLine1: '99 Newhome Close',
          postcode: 'ZZ1 9NH',
          supersedeCurrent: true,
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    const q = `query($id: ID!) { case(id: $id) { victims { locations(reason: SAFETY_PLANNING, purpose: "Scenario 11 for the clinic review") { addressLine1 current } } } }`;
    const police = await h.gql('spoc.nvp', q, { id: h.fixture.cases.NV1 });
    const locations = (
      police.body.data as { case: { victims: { locations: { addressLine1: string; current: boolean }[] }[] } }
    ).case.victims[0]!.locations;
    expect(locations[0]).toEqual({ addressLine1: '99 Newhome Close', current: true });
    expect(locations.some((l) => !l.current)).toBe(true);
    for (const user of ['mh.nvh', 'probation.nvps', 'cps.nv', 'coord.nvc']) {
      const other = await h.gql(user, q, { id: h.fixture.cases.NV1 });
      expect(other.text).not.toContain('Newhome');
    }
  });
});

describe('directory: the system admin manages it; coordinator and auditor read it; others do not', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness();
  });
  afterAll(async () => h?.close());

  const create = `mutation { createAgency(input: { code: "TESTAG", name: "Test Agency", type: ADVOCACY }) { id code version } }`;

  it('admin creates; coordinator and police are refused', async () => {
    expect((await h.gql('coord.nvc', create)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.gql('spoc.nvp', create)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ok = await h.gql('admin.nvc', create);
    expect(ok.body.errors).toBeUndefined();
    expect((await h.gql('admin.nvc', create)).body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('users: readable by coordinator and auditor, refused to partners; emails are DIR-only fields', async () => {
    const q = `{ users(first: 5) { nodes { displayName username email } hasNextPage } }`;
    for (const user of ['coord.nvc', 'auditor.nvp', 'admin.nvc']) {
      const res = await h.gql(user, q);
      expect(res.body.errors).toBeUndefined();
    }
    for (const user of ['spoc.nvp', 'mh.nvh', 'chair.nvp'])
      expect((await h.gql(user, q)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const owner = await h.gql('spoc.nvp', `query($id: ID!) { case(id: $id) { leadAgency { name } } }`, {
      id: h.fixture.cases.NV1,
    });
    expect(owner.body.data).toEqual({ case: { leadAgency: { name: 'North Vale Police' } } });
  });

  it('a role cannot be given to a user of the wrong agency type', async () => {
    const res = await h.gql(
      'admin.nvc',
      `mutation($a: ID!) { createUser(input: { username: "bad.role", displayName: "X", agencyId: $a, roles: [{ role: POLICE_SPOC }] }) { id } }`,
      {
        a: h.fixture.agencies.NVH,
      },
    );
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'roles.0.role' });
  });

  it('the admin sees no case content', async () => {
    const res = await h.gql('admin.nvc', `{ casesCount }`);
    expect(res.body.data).toEqual({ casesCount: 0 });
  });
});

describe('failures that are not the caller’s fault', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => h?.close());

  it('an impossible date is bad input, not a database error', async () => {
    const res = await h.gql(
      'spoc.nvp',
      `mutation($id: ID!) { updateCaseHeader(input: { id: $id, expectedVersion: 1, nextReviewOn: "2027-02-30" }) { id } }`,
      {
        id: h.fixture.cases.NV1,
      },
    );
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'nextReviewOn' });
  });

  it('a sensitive read whose audit write fails returns no data, and a failed write is rolled back and masked', async () => {
    await h.owner.query(`REVOKE INSERT ON audit.events FROM scp_app`);
    try {
      const read = await h.gql(
        'spoc.nvp',
        `query($id: ID!) { case(id: $id) { reference victims { locations(reason: SAFETY_PLANNING, purpose: "x for the clinic review") { addressLine1 } } } }`,
        {
          id: h.fixture.cases.NV1,
        },
      );
      expect(read.body.data ?? null).toBeNull();
      expect(read.body.errors).toEqual([
        {
          message: 'Internal error',
          extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) },
        },
      ]);
      for (const canary of h.fixture.canaries.D12) expect(read.text).not.toContain(canary);
      expect(read.text).not.toContain('NV-2026-0001');

      const write = await h.gql(
        'spoc.nvp',
        `mutation($id: ID!) { updateCaseHeader(input: { id: $id, expectedVersion: 1, cjStatus: CHARGED }) { id } }`,
        {
          id: h.fixture.cases.NV1,
        },
      );
      expect(write.body.errors?.[0]).toMatchObject({
        message: 'Internal error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(write.text).not.toMatch(/permission denied|audit\.events|events/);
      const [row] = await h.owner.query(`SELECT version, cj_status FROM cases.cases WHERE id = $1`, [
        h.fixture.cases.NV1,
      ]);
      expect(row).toEqual({ version: 1, cj_status: 'ON_BAIL' });
      expect(
        await h.owner.query(`SELECT count(*)::int AS n FROM cases.outbox WHERE type = 'case.updated'`),
      ).toEqual([{ n: 0 }]);
    } finally {
      await h.owner.query(`GRANT INSERT ON audit.events TO scp_app`);
    }
  });
});
