import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * Per-role visibility over one fixed seed (NV1: North Vale clinic; participants police NVP,
 * health NVH, probation NVPS, advocacy NVA, CPS CPSNV). Expected values transcribe
 * entitlements.md: + readable, - null with FORBIDDEN, and NOT_FOUND for the whole case.
 */
const PROBES = [
  ['D1 reference', ['case', 'reference']],
  ['D2 subject name', ['case', 'subject', 'givenName']],
  ['D3 subject address', ['case', 'subject', 'locations']],
  ['D3(S) proximity', ['case', 'subject', 'proximityConcern']],
  ['D11(P) alias', ['case', 'victims', 0, 'alias']],
  ['D11 victim name', ['case', 'victims', 0, 'givenName']],
  ['D12 victim address', ['case', 'victims', 0, 'locations']],
  ['D13 voice', ['case', 'victims', 0, 'voice', 'voiceSummary']],
  ['D13(P) shared voice', ['case', 'victims', 0, 'voice', 'sharedSummary']],
] as const;

const EXPECTED: Record<string, string> = {
  //                 D1 D2 D3 D3S D11P D11 D12 D13 D13P
  'chair.nvp': '     +  +  +  +   +    +   +   +   +',
  'coord.nvc': '     +  +  -  -   +    +   -   -   -',
  'spoc.nvp': '      +  +  +  +   +    +   +   +   +',
  'mh.nvh': '        +  +  +  +   +    -   -   -   +',
  'probation.nvps': '+  +  +  +   +    +   -   -   +',
  'advocate.nva': '  +  +  -  +   +    +   +   +   +',
  'cps.nv': '        +  +  -  -   +    +   -   +   +',
  'auditor.nvp': 'NOT_FOUND',
  'admin.nvc': 'NOT_FOUND',
  'spoc.sfc': 'NOT_FOUND',
  'chair.sfh': 'NOT_FOUND',
  'mh.sfh': 'NOT_FOUND',
  'advocate.sfa': 'NOT_FOUND',
};

const CASE_QUERY = `query($id: ID!) { case(id: $id) {
  id reference status
  subject { id givenName proximityConcern locations { addressLine1 postcode } }
  victims { id alias givenName locations(reason: SAFETY_PLANNING, purpose: "Visibility spec for the clinic review") { addressLine1 phone postcode } voice { voiceSummary sharedSummary } }
} }`;

type Path = readonly (string | number)[];
const get = (obj: unknown, path: Path): unknown =>
  path.reduce<unknown>(
    (o, k) => (o === null || o === undefined ? o : (o as Record<string | number, unknown>)[k]),
    obj,
  );

describe('per-role visibility of a case (fixed seed)', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => h?.close());

  for (const [username, expected] of Object.entries(EXPECTED)) {
    it(`${username} sees exactly what the matrix grants`, async () => {
      const res = await h.gql(username, CASE_QUERY, { id: h.fixture.cases.NV1 });
      if (expected === 'NOT_FOUND') {
        expect(res.body.data?.case ?? null).toBeNull();
        expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
        return;
      }
      const forbiddenPaths = new Set(
        (res.body.errors ?? [])
          .filter((e) => e.extensions?.code === 'FORBIDDEN')
          .map((e) => e.path!.join('.')),
      );
      const others = (res.body.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');
      expect(others).toEqual([]);
      const got = PROBES.map(([, path]) => {
        const value = get(res.body.data, path);
        if (value !== null && value !== undefined) return '+';
        // A forbidden field is null with FORBIDDEN on its path (or on the container above it).
        const prefixes = path.map((_, i) => path.slice(0, i + 1).join('.'));
        expect(prefixes.some((p) => forbiddenPaths.has(p))).toBe(true);
        return '-';
      });
      expect(got.join(' ')).toEqual(expected.trim().split(/\s+/).join(' '));
    });
  }

  it('a read of D12 without a purpose is refused, and nothing of it is returned', async () => {
    const res = await h.gql(
      'spoc.nvp',
      `query($id: ID!) { case(id: $id) { victims { locations(reason: SAFETY_PLANNING, purpose: "  ") { addressLine1 } } } }`,
      {
        id: h.fixture.cases.NV1,
      },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const canary of h.fixture.canaries.D12) expect(res.text).not.toContain(canary);
  });

  it('every read is audited with its categories, and D12 with the stated purpose', async () => {
    const advocate = await h.actor('advocate.nva');
    await h.gql('advocate.nva', CASE_QUERY, { id: h.fixture.cases.NV1 });
    const rows: { action: string; categories: string[]; purpose: string }[] = await h.owner.query(
      `SELECT action, categories, purpose FROM audit.events WHERE actor_id = $1 AND entity_id = $2 ORDER BY seq`,
      [advocate.userId, h.fixture.cases.NV1],
    );
    const view = rows.find((r) => r.action === 'VIEW')!;
    expect(view.categories).toEqual(expect.arrayContaining(['D1', 'D2', 'D11', 'D12', 'D13']));
    expect(view.purpose).toContain('Visibility spec');
    const denied = rows.find((r) => r.action === 'ACCESS_DENIED')!;
    expect(denied.categories).toEqual(['D3']);
  });
});
