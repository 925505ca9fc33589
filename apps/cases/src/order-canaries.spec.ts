import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * Canaries: every seeded D16 value (what an order condition protects) and D22 value (what the
 * victim was told) carries a marker naming its category and case. For every role the matrix
 * denies the category, no response body — data, errors, extensions — on any path carries one:
 * detail, lists, `_entities`, dashboards, nested objects, mutation payloads and refusals.
 * Positive controls prove the same queries do carry them to the roles that may see them.
 */
const DENIED_D16 = [
  'coord.nvc',
  'mh.nvh',
  'probation.nvps',
  'cps.nv',
  'auditor.nvp',
  'admin.nvc',
  'chair.sfh',
  'coord.sfc',
  'mh.sfh',
  'probation.sfps',
  'cps.sf',
  'auditor.sfc',
];
const DENIED_D22 = DENIED_D16.filter((u) => u !== 'chair.sfh'); // a chair reads D22 of its clinic

const NESTED = `orders { id conditions { id servedText protectedDetail(reason: ORDER_ENFORCEMENT, purpose: "canary check for the clinic review") { kind detail } } }
  victimUpdates { id content trigger }
  criminalJusticeEvents { id type victimUpdates { id content } }
  victims { id victimCodeEntitlement }`;

describe('D16 and D22 canaries never reach a role the matrix denies', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => h?.close());

  const paths = async (): Promise<[string, string, Record<string, unknown>][]> => {
    const [condition] = await h.owner.query(
      `SELECT c.order_id AS "orderId", o.version FROM cases.order_conditions c JOIN cases.orders o ON o.id = c.order_id
        WHERE c.case_id = $1 AND c.protected_detail IS NOT NULL LIMIT 1`,
      [h.fixture.cases.NV1],
    );
    const [update] = await h.owner.query(
      `SELECT id, version FROM cases.victim_updates WHERE case_id = $1 AND content IS NOT NULL LIMIT 1`,
      [h.fixture.cases.NV1],
    );
    return [
      ['detail NV1', `query($id: ID!) { case(id: $id) { id ${NESTED} } }`, { id: h.fixture.cases.NV1 }],
      ['detail SF1', `query($id: ID!) { case(id: $id) { id ${NESTED} } }`, { id: h.fixture.cases.SF1 }],
      ['list', `{ cases(first: 50) { edges { node { id ${NESTED} } } } }`, {}],
      [
        'entities',
        `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Case { id ${NESTED} } } }`,
        { reps: Object.values(h.fixture.cases).map((id) => ({ __typename: 'Case', id })) },
      ],
      [
        'dashboards',
        `{ victimUpdatesDue(first: 50) { edges { node { id content case { id ${NESTED} } } } }
           victimUpdatesOverdue(first: 50) { edges { node { id content } } } }`,
        {},
      ],
      [
        'mutation payload',
        `mutation($input: AddOrderConditionInput!) { addOrderCondition(input: $input) { id conditions { protectedDetail(reason: ORDER_ENFORCEMENT, purpose: "x for the clinic review") { detail } } } }`,
        {
          input: { orderId: condition.orderId, expectedVersion: condition.version, servedText: 'Stay away.' },
        },
      ],
      [
        'refused write',
        `mutation($input: RecordVictimUpdateDeliveredInput!) { recordVictimUpdateDelivered(input: $input) { id content } }`,
        {
          input: {
            id: update.id,
            expectedVersion: update.version,
            deliveredAt: '2026-11-21T09:00:00Z',
            method: 'PHONE',
            content: 'Probe',
          },
        },
      ],
    ];
  };

  const leaks = (text: string, canaries: string[]) => canaries.filter((c) => text.includes(c));

  for (const user of DENIED_D16) {
    it(`${user}: no D16 canary on any path`, async () => {
      for (const [name, query, variables] of await paths()) {
        const res = await h.gql(user, query, variables);
        const found = leaks(res.text, h.fixture.canaries.D16);
        if (found.length) throw new Error(`${name} leaked ${found.join(', ')} to ${user}`);
      }
    });
  }

  for (const user of DENIED_D22) {
    it(`${user}: no D22 canary on any path`, async () => {
      for (const [name, query, variables] of await paths()) {
        const res = await h.gql(user, query, variables);
        const found = leaks(res.text, h.fixture.canaries.D22);
        if (found.length) throw new Error(`${name} leaked ${found.join(', ')} to ${user}`);
      }
    });
  }

  it("police and advocates of one clinic see none of the other clinic's D16 or D22", async () => {
    const sfMarks = h.fixture.canaries.D16.filter((c) => c.includes('-SF1-'));
    const nvMarks = [...h.fixture.canaries.D16, ...h.fixture.canaries.D22].filter((c) => c.includes('-NV1-'));
    expect(sfMarks.length).toBeGreaterThan(0);
    expect(nvMarks.length).toBeGreaterThan(0);
    for (const [user, foreign] of [
      ['spoc.sfc', nvMarks],
      ['advocate.sfa', nvMarks],
      ['spoc.nvp', sfMarks],
      ['advocate.nva', sfMarks],
    ] as const) {
      for (const [name, query, variables] of await paths()) {
        const res = await h.gql(user, query, variables);
        const found = leaks(res.text, [...foreign]);
        if (found.length) throw new Error(`${name} leaked ${found.join(', ')} to ${user}`);
      }
    }
  });

  it('positive control: the same paths carry the canaries to police, advocates and (D22) the chair', async () => {
    const all = await paths();
    const detail = all[0]!;
    const entities = all[3]!;
    const dashboards = all[4]!;
    const nvD16 = h.fixture.canaries.D16.filter((c) => c.includes('-NV1-'));
    for (const user of ['spoc.nvp', 'advocate.nva', 'chair.nvp']) {
      const res = await h.gql(user, detail[1], detail[2]);
      expect(res.body.errors).toBeUndefined();
      expect(leaks(res.text, nvD16)).toEqual(nvD16);
      expect(leaks(res.text, h.fixture.canaries.D22)).toEqual(h.fixture.canaries.D22);
    }
    const viaEntities = await h.gql('advocate.nva', entities[1], entities[2]);
    expect(leaks(viaEntities.text, nvD16)).toEqual(nvD16);
    const sf = await h.gql('spoc.sfc', all[1]![1], all[1]![2]);
    expect(leaks(sf.text, h.fixture.canaries.D16).length).toBeGreaterThan(0);
    // The chair reads D22 through the dashboards too (the case it belongs to is nested).
    const board = await h.gql('chair.nvp', dashboards[1], dashboards[2]);
    expect(board.body.errors).toBeUndefined();
    // Nothing of NV1 is undelivered in the seed; the chair's D16 comes from its police role.
    expect(leaks(board.text, h.fixture.canaries.D22)).toEqual([]);
  });

  it('a denied role gets FORBIDDEN on the field, not an empty value that could be mistaken for "none"', async () => {
    const res = await h.gql<{ case: { orders: { conditions: { protectedDetail: unknown }[] }[] } }>(
      'mh.nvh',
      `query($id: ID!) { case(id: $id) { orders { conditions { protectedDetail(reason: ORDER_ENFORCEMENT, purpose: "x for the clinic review") { detail } } } } }`,
      { id: h.fixture.cases.NV1 },
    );
    const paths = (res.body.errors ?? []).map((e) => [e.extensions?.code, e.path!.slice(-1)[0]]);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every(([code, field]) => code === 'FORBIDDEN' && field === 'protectedDetail')).toBe(true);
    expect(
      (res.body.errors ?? []).every((e) => JSON.stringify(e.extensions) === '{"code":"FORBIDDEN"}'),
    ).toBe(true);
  });
});
