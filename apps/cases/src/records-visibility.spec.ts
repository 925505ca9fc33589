import type { DataSource } from 'typeorm';
import { CASES_DATA_SOURCE } from '@scp/cases';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * Per-role visibility of assessments, formulation, clinical detail and the agency records over
 * the fixed seed (NV1: police NVP, health NVH, probation NVPS, advocacy NVA, CPS CPSNV).
 * Expected values transcribe entitlements.md: + readable, - null with FORBIDDEN on the path,
 * NOT_FOUND for the whole case.
 */
const PROBES = [
  ['D4 intelligence', ['case', 'policeIntelligence', 'intelligence']],
  ['D5 police summary', ['case', 'policeSummary', 'relevantHistory']],
  ['D6 clinical', ['case', 'clinicalRecords', 0, 'diagnoses']],
  ['D7 formulation', ['case', 'formulation', 'summary']],
  ['D7(S) victim safety', ['case', 'formulation', 'victimSafety']],
  ['D8 assessment', ['case', 'assessments', 0, 'score']],
  ['D9 probation detail', ['case', 'probationDetail', 'caseNotes']],
  ['D10 probation summary', ['case', 'probationSummary', 'supervisionStatus']],
  ['D10 all conditions', ['case', 'probationSummary', 'conditions', 0, 'text']],
  ['D10(S) victim conditions', ['case', 'probationSummary', 'victimConditions', 0, 'text']],
  ['D14 advocacy', ['case', 'advocacyRecords', 0, 'needs']],
] as const;

const EXPECTED: Record<string, string> = {
  //                 D4 D5 D6 D7 D7S D8 D9 D10 D10c D10S D14
  'chair.nvp': '     +  +  -  +  +   +  -  +   +    +    -',
  'coord.nvc': '     -  -  -  -  -   -  -  -   -    -    -',
  'spoc.nvp': '      +  +  -  +  +   +  -  +   +    +    -',
  'mh.nvh': '        -  +  +  +  +   +  -  +   +    +    -',
  'probation.nvps': '-  +  -  +  +   +  +  +   +    +    -',
  'advocate.nva': '  -  +  -  -  +   +  -  -   -    +    +',
  'cps.nv': '        -  +  -  -  -   +  -  -   -    -    -',
  'auditor.nvp': 'NOT_FOUND',
  'admin.nvc': 'NOT_FOUND',
  'spoc.sfc': 'NOT_FOUND',
  'chair.sfh': 'NOT_FOUND',
  'mh.sfh': 'NOT_FOUND',
  'advocate.sfa': 'NOT_FOUND',
};

/** South Fen: a health chair (chair + MH role at SFH); a coordinator from the police agency. */
const EXPECTED_SF1: Record<string, string> = {
  //                 D4 D5 D6 D7 D7S D8 D9 D10 D10c D10S D14
  'chair.sfh': '     -  +  +  +  +   +  -  +   +    +    -',
  'coord.sfc': '     -  -  -  -  -   -  -  -   -    -    -',
  'spoc.sfc': '      +  +  -  +  +   +  -  +   +    +    -',
  'probation.sfps': '-  +  -  +  +   +  +  +   +    +    -',
  'advocate.sfa': '  -  +  -  -  +   +  -  -   -    +    +',
  'cps.sf': '        -  +  -  -  -   +  -  -   -    -    -',
  'mh.nvh': 'NOT_FOUND',
  'advocate.nva': 'NOT_FOUND',
};

const QUERY = `query($id: ID!) { case(id: $id) {
  id
  policeIntelligence { id intelligence offendingHistory }
  policeSummary { id relevantHistory investigationStatus bailConditions arrests authorAgency { code } }
  clinicalRecords(reason: RISK_ASSESSMENT, purpose: "Records visibility spec") { id diagnoses medication }
  formulation { id summary recommendations victimSafety }
  assessments { id tool status score }
  probationDetail { id caseNotes oasysSummary }
  probationSummary { id supervisionStatus conditions { text concernsVictim } victimConditions { text concernsVictim } rosh { knownAdult } }
  advocacyRecords { id needs disclosures authorAgency { code } }
} }`;

type Path = readonly (string | number)[];
const get = (obj: unknown, path: Path): unknown =>
  path.reduce<unknown>(
    (o, k) => (o === null || o === undefined ? o : (o as Record<string | number, unknown>)[k]),
    obj,
  );

describe('per-role visibility of assessments, formulation and agency records (fixed seed)', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true });
  });
  afterAll(async () => h?.close());

  const cases: [string, Record<string, string>][] = [
    ['NV1', EXPECTED],
    ['SF1', EXPECTED_SF1],
  ];
  for (const [caseKey, table] of cases)
    for (const [username, expected] of Object.entries(table)) {
      it(`${caseKey}: ${username} sees exactly what the matrix grants`, async () => {
        const res = await h.gql(username, QUERY, { id: h.fixture.cases[caseKey] });
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
        expect((res.body.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN')).toEqual([]);
        const got = PROBES.map(([, path]) => {
          const value = get(res.body.data, path);
          if (value !== null && value !== undefined) return '+';
          const prefixes = path.map((_, i) => path.slice(0, i + 1).join('.'));
          if (!prefixes.some((p) => forbiddenPaths.has(p)))
            throw new Error(`${username}: ${path.join('.')} is empty without a FORBIDDEN error`);
          return '-';
        });
        expect(got.join(' ')).toEqual(expected.trim().split(/\s+/).join(' '));
      });
    }

  it('advocates see only the probation conditions that concern the victim; probation sees all and RoSH', async () => {
    const q = `query($id: ID!) { case(id: $id) { probationSummary { victimConditions { text concernsVictim } } } }`;
    const advocate = await h.gql<{ case: { probationSummary: { victimConditions: unknown[] } } }>(
      'advocate.nva',
      q,
      { id: h.fixture.cases.NV1 },
    );
    expect(advocate.body.errors).toBeUndefined();
    expect(advocate.body.data!.case.probationSummary.victimConditions).toEqual([
      { text: 'Not to contact Victim A directly or indirectly', concernsVictim: true },
    ]);
    expect(advocate.text).not.toContain('Attend all supervision appointments');

    const probation = await h.gql<{
      case: { probationSummary: { conditions: unknown[]; rosh: Record<string, string> } };
    }>(
      'probation.nvps',
      `query($id: ID!) { case(id: $id) { probationSummary { conditions { text concernsVictim } rosh { knownAdult public children staff assessedOn } } } }`,
      { id: h.fixture.cases.NV1 },
    );
    expect(probation.body.errors).toBeUndefined();
    expect(probation.body.data!.case.probationSummary.conditions).toHaveLength(2);
    expect(probation.body.data!.case.probationSummary.rosh).toEqual({
      knownAdult: 'HIGH',
      public: 'LOW',
      children: 'LOW',
      staff: 'MEDIUM',
      assessedOn: '2026-01-10',
    });
  });

  it("D14 is own agency only: another advocacy agency added to the case still sees none of NVA's records", async () => {
    // Fenland Victim Advocacy joins the North Vale clinic and then case NV1.
    await h.owner.query(
      `INSERT INTO cases.clinic_members (clinic_id, agency_id, isa_signed_on) VALUES ($1, $2, '2026-01-05')`,
      [h.fixture.clinics.NV, h.fixture.agencies.SFA],
    );
    const added = await h.gql(
      'chair.nvp',
      `mutation($c: ID!, $a: ID!) { addParticipant(input: { caseId: $c, agencyId: $a, roleInCase: PARTNER, sharingBasis: STATUTORY_GATEWAY, basisRationale: "Victim moved to Fenland" }) { id } }`,
      { c: h.fixture.cases.NV1, a: h.fixture.agencies.SFA },
    );
    expect(added.body.errors).toBeUndefined();

    const q = `query($id: ID!) { case(id: $id) { id reference advocacyRecords { id needs disclosures health counselling } } }`;
    const before = await h.gql<{ case: { reference: string; advocacyRecords: unknown[] } }>(
      'advocate.sfa',
      q,
      {
        id: h.fixture.cases.NV1,
      },
    );
    expect(before.body.errors).toBeUndefined();
    expect(before.body.data!.case.reference).toBeTruthy();
    expect(before.body.data!.case.advocacyRecords).toEqual([]);
    for (const canary of h.fixture.canaries.D14) expect(before.text).not.toContain(canary);

    // Its own record on NV1 is its alone; NVA does not see it either.
    const created = await h.gql<{ createAdvocacyRecord: { id: string; needs: string } }>(
      'advocate.sfa',
      `mutation($c: ID!) { createAdvocacyRecord(input: { caseId: $c, recordedOn: "2026-02-01", needs: "SFA-OWN-NOTE needs a safe phone" }) { id needs } }`,
      { c: h.fixture.cases.NV1 },
    );
    expect(created.body.errors).toBeUndefined();
    const after = await h.gql<{ case: { advocacyRecords: { needs: string }[] } }>('advocate.sfa', q, {
      id: h.fixture.cases.NV1,
    });
    expect(after.body.data!.case.advocacyRecords.map((r) => r.needs)).toEqual([
      'SFA-OWN-NOTE needs a safe phone',
    ]);
    for (const canary of h.fixture.canaries.D14) expect(after.text).not.toContain(canary);

    const nva = await h.gql<{ case: { advocacyRecords: { needs: string }[] } }>('advocate.nva', q, {
      id: h.fixture.cases.NV1,
    });
    expect(nva.text).not.toContain('SFA-OWN-NOTE');
    expect(nva.body.data!.case.advocacyRecords).toHaveLength(1);
    expect(nva.body.data!.case.advocacyRecords[0]!.needs).toContain('CANARY-D14-NVA-NV1');

    // Updating another agency's record is "not found", never "forbidden".
    const [nvaRecord] = await h.owner.query(
      `SELECT id, version FROM cases.advocacy_records WHERE case_id = $1 AND author_agency_id = $2`,
      [h.fixture.cases.NV1, h.fixture.agencies.NVA],
    );
    const foreign = await h.gql(
      'advocate.sfa',
      `mutation($id: ID!, $v: Int!) { updateAdvocacyRecord(input: { id: $id, expectedVersion: $v, needs: "overwritten" }) { id } }`,
      { id: nvaRecord.id, v: nvaRecord.version },
    );
    expect(foreign.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });

  it('every read of these records is audited per record, with the stated purpose for D6', async () => {
    const mh = await h.actor('mh.nvh');
    await h.gql('mh.nvh', QUERY, { id: h.fixture.cases.NV1 });
    const rows: {
      action: string;
      entity_type: string;
      categories: string[];
      purpose: string;
      case_id: string;
    }[] = await h.owner.query(
      `SELECT action, entity_type, categories, purpose, case_id FROM audit.events
          WHERE actor_id = $1 AND case_id = $2 ORDER BY seq`,
      [mh.userId, h.fixture.cases.NV1],
    );
    const clinical = rows.find((r) => r.action === 'VIEW' && r.entity_type === 'ClinicalRecord')!;
    expect(clinical.categories).toEqual(['D6']);
    expect(clinical.purpose).toContain('Records visibility spec');
    expect(rows.some((r) => r.action === 'VIEW' && r.entity_type === 'Formulation')).toBe(true);
    expect(rows.some((r) => r.action === 'VIEW' && r.entity_type === 'Assessment')).toBe(true);
    const denied = rows.filter((r) => r.action === 'ACCESS_DENIED').flatMap((r) => r.categories);
    expect(denied).toEqual(expect.arrayContaining(['D4', 'D9', 'D14']));
  });

  it('a D6 read without a purpose is refused and returns nothing of it', async () => {
    const res = await h.gql(
      'mh.nvh',
      `query($id: ID!) { case(id: $id) { clinicalRecords(reason: RISK_ASSESSMENT, purpose: "  ") { diagnoses } } }`,
      {
        id: h.fixture.cases.NV1,
      },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const canary of h.fixture.canaries.D6) expect(res.text).not.toContain(canary);
  });
  it('no N+1: a list page costs one statement per record table, whatever its size', async () => {
    const ds = h.app.get<DataSource>(CASES_DATA_SOURCE, { strict: false });
    const tables = [
      'assessments',
      'sdash_answers',
      'risk_agreements',
      'formulations',
      'clinical_records',
      'police_summaries',
      'police_intelligence',
      'probation_summaries',
      'probation_details',
      'advocacy_records',
    ];
    const list = `{ cases(first: 50) { edges { node { id
      assessments { id sDashAnswers { question } author { displayName } authorAgency { code } }
      riskHistory { id } formulation { victimSafety } clinicalRecords(reason: RISK_ASSESSMENT, purpose: "N+1 spec for the clinic review") { id diagnoses }
      policeSummary { arrests } policeIntelligence { intelligence } probationSummary { victimConditions { text } }
      probationDetail { caseNotes } advocacyRecords { id needs } } } } }`;
    // Every statement TypeORM sends (raw, repository and query builder alike) passes its logger.
    const original = ds.logger.logQuery.bind(ds.logger);
    const reads = (table: string) => new RegExp(`FROM "?cases"?\\."?${table}"?(?![\\w])`);
    for (const user of ['chair.nvp', 'spoc.nvp', 'mh.nvh', 'advocate.nva']) {
      const statements: string[] = [];
      ds.logger.logQuery = (sql, params, runner) => {
        statements.push(sql);
        return original(sql, params, runner);
      };
      try {
        const res = await h.gql<{ cases: { edges: unknown[] } }>(user, list);
        expect(res.body.data!.cases.edges.length).toBeGreaterThan(1);
      } finally {
        ds.logger.logQuery = original;
      }
      for (const table of tables) {
        const n = statements.filter((sql) => reads(table).test(sql)).length;
        expect([user, table, n <= 1]).toEqual([user, table, true]);
      }
      // The counter does see the batched statements (so the check above can fail).
      expect(statements.filter((sql) => reads('assessments').test(sql))).toHaveLength(1);
    }
  });
});
