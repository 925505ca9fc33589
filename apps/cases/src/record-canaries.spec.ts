import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * Canaries in police intelligence (D4), clinical detail (D6), probation detail (D9) and
 * advocacy records (D14) never appear in any response body (data, errors, extensions) of a
 * role the matrix denies, on any path: detail, the case list, `_entities`, mutation payloads
 * and the audit log. D14 is per agency: one advocacy agency never sees another's.
 */
const ALL_USERS = [
  'chair.nvp',
  'coord.nvc',
  'spoc.nvp',
  'mh.nvh',
  'probation.nvps',
  'advocate.nva',
  'cps.nv',
  'auditor.nvp',
  'admin.nvc',
  'chair.sfh',
  'coord.sfc',
  'spoc.sfc',
  'mh.sfh',
  'probation.sfps',
  'advocate.sfa',
  'cps.sf',
  'auditor.sfc',
];

/** Who may read each category (entitlements.md), by role and agency type. */
const READERS: Record<'D4' | 'D6' | 'D9', string[]> = {
  D4: ['chair.nvp', 'spoc.nvp', 'spoc.sfc'],
  D6: ['mh.nvh', 'mh.sfh', 'chair.sfh'],
  D9: ['probation.nvps', 'probation.sfps'],
};
/** D14: each advocacy agency's own canaries only. */
const D14_OWNER: Record<string, string> = { 'advocate.nva': 'NVA', 'advocate.sfa': 'SFA' };

const RECORDS = `
  policeIntelligence { id intelligence offendingHistory version authorAgency { code } }
  policeSummary { relevantHistory }
  clinicalRecords(reason: RISK_ASSESSMENT, purpose: "Canary spec for the clinic review") { id diagnoses medication clinicalNotes reportText reportTool }
  formulation { summary victimSafety }
  assessments { id score rationale }
  probationDetail { id caseNotes oasysSummary sentencePlan }
  probationSummary { supervisionStatus victimConditions { text } }
  advocacyRecords { id disclosures health counselling needs }
  riskHistory { rationale }`;

describe('canaries of D4, D6, D9 and D14 never reach a denied role', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => h?.close());

  const queries = (): [string, string, Record<string, unknown>][] => [
    ...Object.entries(h.fixture.cases).map(
      ([key, id]) =>
        [`detail ${key}`, `query($id: ID!) { case(id: $id) { id ${RECORDS} } }`, { id }] as [
          string,
          string,
          Record<string, unknown>,
        ],
    ),
    [
      'list',
      `{ cases(first: 50) { edges { node { id reference ${RECORDS} } } pageInfo { hasNextPage } } }`,
      {},
    ],
    [
      'entities',
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Case { id ${RECORDS} } } }`,
      { reps: Object.values(h.fixture.cases).map((id) => ({ __typename: 'Case', id })) },
    ],
    [
      'mutation payload',
      `mutation($id: ID!) { updateCaseHeader(input: { id: $id, expectedVersion: 1, cjStatus: CHARGED }) { id ${RECORDS} } }`,
      { id: h.fixture.cases.NV2 },
    ],
    [
      'audit log',
      `{ auditEvents(first: 100) { edges { node { id action entityType categories purpose } } } }`,
      {},
    ],
  ];

  const bodies = async (username: string) => {
    const out: [string, string][] = [];
    for (const [name, query, variables] of queries())
      out.push([name, (await h.gql(username, query, variables)).text]);
    return out;
  };

  it('the seed carries canaries in every protected category', () => {
    for (const category of ['D4', 'D6', 'D9', 'D14'] as const)
      expect([category, h.fixture.canaries[category].length > 0]).toEqual([category, true]);
  });

  for (const username of ALL_USERS) {
    it(`${username}: no canary of a category it may not read, in data, errors or extensions`, async () => {
      for (const [name, text] of await bodies(username)) {
        for (const category of ['D4', 'D6', 'D9'] as const) {
          if (READERS[category].includes(username)) continue;
          for (const canary of h.fixture.canaries[category])
            if (text.includes(canary)) throw new Error(`${name} leaked ${category} ${canary} to ${username}`);
        }
        const own = D14_OWNER[username];
        for (const canary of h.fixture.canaries.D14)
          if (!(own && canary.includes(`CANARY-D14-${own}-`)) && text.includes(canary))
            throw new Error(`${name} leaked D14 ${canary} to ${username}`);
        // The markers are unique enough that no partial form can leak either.
        if (
          !READERS.D4.includes(username) &&
          !READERS.D6.includes(username) &&
          !READERS.D9.includes(username) &&
          !own
        )
          expect([name, /CANARY-D(4|6|9|14)-/.test(text)]).toEqual([name, false]);
      }
    });
  }

  it('positive control: permitted readers do receive the canaries on the same paths', async () => {
    const seen = async (username: string, name: string, marker: string) => {
      const found = (await bodies(username)).find(([n]) => n === name);
      return found ? found[1].includes(marker) : false;
    };
    expect(await seen('spoc.nvp', 'detail NV1', 'CANARY-D4-NVP-NV1-intelligence')).toBe(true);
    expect(await seen('spoc.nvp', 'list', 'CANARY-D4-NVP-NV2-offendingHistory')).toBe(true);
    expect(await seen('mh.nvh', 'entities', 'CANARY-D6-NVH-NV3-reportText')).toBe(true);
    expect(await seen('chair.sfh', 'detail SF1', 'CANARY-D6-SFH-SF1-diagnoses')).toBe(true);
    expect(await seen('probation.nvps', 'list', 'CANARY-D9-NVPS-NV1-oasysSummary')).toBe(true);
    expect(await seen('advocate.nva', 'entities', 'CANARY-D14-NVA-NV2-needs')).toBe(true);
    expect(await seen('advocate.sfa', 'detail SF1', 'CANARY-D14-SFA-SF1-disclosures')).toBe(true);
  });
});
