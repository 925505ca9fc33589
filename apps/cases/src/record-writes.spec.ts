import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * Who may write which agency record (entitlements.md): D4/D5 police, D6/D7 mental health,
 * D9/D10 probation, D14 the advocacy agency itself. A role without the grant is refused whole
 * (FORBIDDEN); a caller who cannot see the case or the record gets NOT_FOUND.
 */
type Gql = { extensions?: Record<string, unknown> }[] | undefined;
const codes = (errors: Gql) => (errors ?? []).map((e) => e.extensions?.code);

const NV_USERS = ['chair.nvp', 'coord.nvc', 'spoc.nvp', 'mh.nvh', 'probation.nvps', 'advocate.nva', 'cps.nv'];
const OUTSIDERS = ['auditor.nvp', 'admin.nvc', 'chair.sfh', 'spoc.sfc', 'advocate.sfa'];

/** [mutation, table, input fields, the NV users allowed to create it (the first one does)] */
const CREATES: [string, string, string, string[]][] = [
  [
    'createPoliceSummary',
    'police_summaries',
    'relevantHistory: "One harassment warning"',
    ['spoc.nvp', 'chair.nvp'],
  ],
  [
    'createPoliceIntelligence',
    'police_intelligence',
    'intelligence: "Graded report"',
    ['spoc.nvp', 'chair.nvp'],
  ],
  [
    'createFormulation',
    'formulations',
    'summary: "Rejected-type pursuit", victimSafety: "Vary the route"',
    ['mh.nvh'],
  ],
  [
    'createProbationSummary',
    'probation_summaries',
    'supervisionStatus: "Weekly reporting"',
    ['probation.nvps'],
  ],
  ['createProbationDetail', 'probation_details', 'caseNotes: "Reported on time"', ['probation.nvps']],
  [
    'createAdvocacyRecord',
    'advocacy_records',
    'recordedOn: "2026-02-01", needs: "Housing move"',
    ['advocate.nva'],
  ],
];

describe('writes of assessments-adjacent records, role by role', () => {
  let h: CasesHarness;
  let caseId: string;

  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true });
    const a = h.fixture.agencies;
    const res = await h.gql<{ createCase: { id: string } }>(
      'chair.nvp',
      `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`,
      {
        input: {
          clinicId: h.fixture.clinics.NV,
          leadAgencyId: a.NVP,
          cjStatus: 'ON_LICENCE',
          participants: ['NVH', 'NVPS', 'NVA', 'CPSNV'].map((code) => ({
            agencyId: a[code],
            roleInCase: 'PARTNER',
            sharingBasis: 'STATUTORY_GATEWAY',
            basisRationale: 'Crime and Disorder Act 1998 s115',
          })),
        },
      },
    );
    caseId = res.body.data!.createCase.id;
  });
  afterAll(async () => h?.close());

  for (const [mutation, table, fields, allowed] of CREATES) {
    it(`${mutation}: refused to every role the matrix does not let write it`, async () => {
      const q = `mutation($c: ID!) { ${mutation}(input: { caseId: $c, ${fields} }) { id version } }`;
      for (const user of NV_USERS.filter((u) => !allowed.includes(u)))
        expect([user, codes((await h.gql(user, q, { c: caseId })).body.errors)]).toEqual([
          user,
          ['FORBIDDEN'],
        ]);
      for (const user of OUTSIDERS)
        expect([user, codes((await h.gql(user, q, { c: caseId })).body.errors)]).toEqual([
          user,
          ['NOT_FOUND'],
        ]);
      // Nothing was written by the refused attempts.
      expect(await h.owner.query(`SELECT id FROM cases.${table} WHERE case_id = $1`, [caseId])).toEqual([]);
      const ok = await h.gql<Record<string, { id: string; version: number }>>(allowed[0]!, q, { c: caseId });
      expect(ok.body.errors).toBeUndefined();
      expect(ok.body.data![mutation]!.version).toBe(1);
      const rows: { author_agency_id: string }[] = await h.owner.query(
        `SELECT author_agency_id FROM cases.${table} WHERE case_id = $1`,
        [caseId],
      );
      expect(rows.map((r) => r.author_agency_id)).toEqual([(await h.actor(allowed[0]!)).agencyId]);
    });
  }

  it('one shared summary per case: a second create is a conflict, not a second record', async () => {
    const again = await h.gql(
      'spoc.nvp',
      `mutation($c: ID!) { createPoliceSummary(input: { caseId: $c, arrests: "None" }) { id } }`,
      { c: caseId },
    );
    expect(codes(again.body.errors)).toEqual(['CONFLICT']);
  });

  it('clinical detail (D6): mental health only; returns an acknowledgement, read back with a purpose', async () => {
    const q = `mutation($c: ID!) { createClinicalRecord(input: { caseId: $c, recordedOn: "2026-02-01", diagnoses: "WRITE-D6-MARK" }) { id caseId } }`;
    for (const user of NV_USERS.filter((u) => u !== 'mh.nvh'))
      expect([user, codes((await h.gql(user, q, { c: caseId })).body.errors)]).toEqual([user, ['FORBIDDEN']]);
    const ok = await h.gql<{ createClinicalRecord: { id: string; caseId: string } }>('mh.nvh', q, {
      c: caseId,
    });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.text).not.toContain('WRITE-D6-MARK');
    const read = await h.gql(
      'mh.nvh',
      `query($id: ID!) { case(id: $id) { clinicalRecords(reason: RISK_ASSESSMENT, purpose: "Preparing the formulation") { id diagnoses author { displayName } } } }`,
      { id: caseId },
    );
    expect(read.text).toContain('WRITE-D6-MARK');
    // A report may only belong to an SRP/SAM assessment of the same case.
    const [other] = await h.owner.query(`SELECT id FROM cases.assessments WHERE case_id = $1 LIMIT 1`, [
      h.fixture.cases.NV1,
    ]);
    const linked = await h.gql(
      'mh.nvh',
      `mutation($c: ID!, $a: ID!) { createClinicalRecord(input: { caseId: $c, recordedOn: "2026-02-01", reportText: "Full report", assessmentId: $a }) { id } }`,
      { c: caseId, a: other.id },
    );
    expect(linked.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'assessmentId',
    });
  });

  it('updates: the writer agency type only; readers without write are refused, non-readers get not found', async () => {
    const [summary] = await h.owner.query(
      `SELECT id, version FROM cases.police_summaries WHERE case_id = $1`,
      [h.fixture.cases.NV1],
    );
    const q = `mutation($id: ID!, $v: Int!) { updatePoliceSummary(input: { id: $id, expectedVersion: $v, arrests: "Arrested twice" }) { id arrests version updatedBy { displayName } } }`;
    for (const user of ['mh.nvh', 'probation.nvps', 'advocate.nva', 'cps.nv'])
      expect([
        user,
        codes((await h.gql(user, q, { id: summary.id, v: summary.version })).body.errors),
      ]).toEqual([user, ['FORBIDDEN']]);
    expect(codes((await h.gql('coord.nvc', q, { id: summary.id, v: summary.version })).body.errors)).toEqual([
      'NOT_FOUND',
    ]);
    const ok = await h.gql<{ updatePoliceSummary: { arrests: string; version: number } }>('spoc.nvp', q, {
      id: summary.id,
      v: summary.version,
    });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.updatePoliceSummary).toMatchObject({
      arrests: 'Arrested twice',
      version: summary.version + 1,
    });
    const stale = await h.gql('spoc.nvp', q, { id: summary.id, v: summary.version });
    expect(codes(stale.body.errors)).toEqual(['CONFLICT']);

    const [intel] = await h.owner.query(
      `SELECT id, version FROM cases.police_intelligence WHERE case_id = $1`,
      [h.fixture.cases.NV1],
    );
    const qi = `mutation($id: ID!, $v: Int!) { updatePoliceIntelligence(input: { id: $id, expectedVersion: $v, intelligence: "x" }) { id } }`;
    for (const user of ['mh.nvh', 'probation.nvps', 'advocate.nva', 'cps.nv', 'coord.nvc'])
      expect([user, codes((await h.gql(user, qi, { id: intel.id, v: intel.version })).body.errors)]).toEqual([
        user,
        ['NOT_FOUND'],
      ]);

    const [formulation] = await h.owner.query(
      `SELECT id, version FROM cases.formulations WHERE case_id = $1`,
      [h.fixture.cases.NV1],
    );
    const qf = `mutation($id: ID!, $v: Int!) { updateFormulation(input: { id: $id, expectedVersion: $v, victimSafety: "Panic alarm tested" }) { id victimSafety } }`;
    for (const user of ['chair.nvp', 'spoc.nvp', 'probation.nvps', 'advocate.nva'])
      expect([
        user,
        codes((await h.gql(user, qf, { id: formulation.id, v: formulation.version })).body.errors),
      ]).toEqual([user, ['FORBIDDEN']]);
    const mh = await h.gql('mh.nvh', qf, { id: formulation.id, v: formulation.version });
    expect(mh.body.errors).toBeUndefined();

    const [probation] = await h.owner.query(
      `SELECT id, version FROM cases.probation_summaries WHERE case_id = $1`,
      [h.fixture.cases.NV1],
    );
    const qp = `mutation($id: ID!, $v: Int!) { updateProbationSummary(input: { id: $id, expectedVersion: $v,
      conditions: [{ text: "No contact with Victim A", concernsVictim: true }, { text: "Curfew 7pm to 7am", concernsVictim: false }],
      rosh: { knownAdult: VERY_HIGH, assessedOn: "2026-02-01" } }) { id rosh { knownAdult public } conditions { text } } }`;
    for (const user of ['chair.nvp', 'spoc.nvp', 'mh.nvh'])
      expect([
        user,
        codes((await h.gql(user, qp, { id: probation.id, v: probation.version })).body.errors),
      ]).toEqual([user, ['FORBIDDEN']]);
    // Advocates read the limited view (so they learn it exists): refused; the others cannot see it.
    expect(
      codes((await h.gql('advocate.nva', qp, { id: probation.id, v: probation.version })).body.errors),
    ).toEqual(['FORBIDDEN']);
    for (const user of ['coord.nvc', 'cps.nv'])
      expect([
        user,
        codes((await h.gql(user, qp, { id: probation.id, v: probation.version })).body.errors),
      ]).toEqual([user, ['NOT_FOUND']]);
    const pr = await h.gql<{
      updateProbationSummary: { rosh: Record<string, string>; conditions: unknown[] };
    }>('probation.nvps', qp, { id: probation.id, v: probation.version });
    expect(pr.body.errors).toBeUndefined();
    // RoSH groups not given keep their value; the condition list is replaced.
    expect(pr.body.data!.updateProbationSummary.rosh).toEqual({ knownAdult: 'VERY_HIGH', public: 'LOW' });
    expect(pr.body.data!.updateProbationSummary.conditions).toHaveLength(2);
    const advocate = await h.gql<{ case: { probationSummary: { victimConditions: { text: string }[] } } }>(
      'advocate.nva',
      `query($id: ID!) { case(id: $id) { probationSummary { victimConditions { text } } } }`,
      { id: h.fixture.cases.NV1 },
    );
    expect(advocate.body.data!.case.probationSummary.victimConditions).toEqual([
      { text: 'No contact with Victim A' },
    ]);
    expect(advocate.text).not.toContain('Curfew');
  });

  it('shared free text refuses the victim location; police intelligence may hold what police already hold', async () => {
    const [summary] = await h.owner.query(
      `SELECT id, version FROM cases.police_summaries WHERE case_id = $1`,
      [h.fixture.cases.NV1],
    );
    const refused = await h.gql(
      'spoc.nvp',
      `mutation($id: ID!, $v: Int!) { updatePoliceSummary(input: { id: $id, expectedVersion: $v, bailConditions: "Not to enter zz1 1va" }) { id } }`,
      { id: summary.id, v: summary.version },
    );
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'bailConditions',
    });
    const [probation] = await h.owner.query(
      `SELECT id, version FROM cases.probation_summaries WHERE case_id = $1`,
      [h.fixture.cases.NV1],
    );
    const condition = await h.gql(
      'probation.nvps',
      `mutation($id: ID!, $v: Int!) { updateProbationSummary(input: { id: $id, expectedVersion: $v, conditions: [{ text: "Exclusion from ZZ1 1VA", concernsVictim: true }] }) { id } }`,
      { id: probation.id, v: probation.version },
    );
    expect(codes(condition.body.errors)).toEqual(['BAD_USER_INPUT']);
    // Probation may not read the victim's location: a postcode that is not hers gets the same
    // answer, word for word, so the refusal tells probation nothing (docs/free-text.md).
    const guess = await h.gql(
      'probation.nvps',
      `mutation($id: ID!, $v: Int!) { updateProbationSummary(input: { id: $id, expectedVersion: $v, conditions: [{ text: "Exclusion from ZZ1 9ZZ", concernsVictim: true }] }) { id } }`,
      { id: probation.id, v: probation.version },
    );
    expect(guess.body.errors).toEqual(condition.body.errors);
    const [intel] = await h.owner.query(
      `SELECT id, version FROM cases.police_intelligence WHERE case_id = $1`,
      [h.fixture.cases.NV1],
    );
    const allowed = await h.gql(
      'spoc.nvp',
      `mutation($id: ID!, $v: Int!) { updatePoliceIntelligence(input: { id: $id, expectedVersion: $v, intelligence: "Seen near ZZ1 1VA" }) { id } }`,
      { id: intel.id, v: intel.version },
    );
    expect(allowed.body.errors).toBeUndefined();
  });

  it('every write is audited with the record, its category and the owning agency', async () => {
    const spoc = await h.actor('spoc.nvp');
    const rows: { action: string; entity_type: string; categories: string[]; owner_agency_id: string }[] =
      await h.owner.query(
        `SELECT action, entity_type, categories, owner_agency_id FROM audit.events
          WHERE actor_id = $1 AND action IN ('CREATE', 'UPDATE') AND entity_type <> 'Case' ORDER BY seq`,
        [spoc.userId],
      );
    expect(rows).toEqual(
      expect.arrayContaining([
        {
          action: 'CREATE',
          entity_type: 'PoliceSummary',
          categories: ['D5'],
          owner_agency_id: h.fixture.agencies.NVP,
        },
        {
          action: 'UPDATE',
          entity_type: 'PoliceIntelligence',
          categories: ['D4'],
          owner_agency_id: h.fixture.agencies.NVP,
        },
      ]),
    );
  });
});
