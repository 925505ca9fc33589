import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

/**
 * Structured risk assessments (D8) and the chair's agreed clinic risk level (D1): drafts versus
 * submissions, supersession, configurable DASH RIC thresholds, who may write which tool, and
 * scenario 5 (SRP judgements, agreed risk HIGH with rationale, history).
 */
type Gql = { message: string; path?: string[]; extensions?: Record<string, unknown> }[] | undefined;
const codes = (errors: Gql) => (errors ?? []).map((e) => e.extensions?.code);

const ASSESSMENT_FIELDS = `id tool toolVersion status score answersCount highThreshold highRisk concernLevel rationale version
  supersededById sDashAnswers { question answer comment } judgements { violence persistence recurrence psychosocialDamage }
  author { displayName } authorAgency { code }`;

interface Assessment {
  id: string;
  tool: string;
  status: string;
  score: number | null;
  highRisk: boolean | null;
  highThreshold: number | null;
  version: number;
  supersededById: string | null;
  sDashAnswers: { question: number; answer: string }[] | null;
  judgements: Record<string, string | null> | null;
  authorAgency: { code: string };
}

const CREATE = `mutation($input: CreateAssessmentInput!) { createAssessment(input: $input) { ${ASSESSMENT_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateAssessmentInput!) { updateAssessment(input: $input) { ${ASSESSMENT_FIELDS} } }`;
const SUBMIT = `mutation($id: ID!, $v: Int!) { submitAssessment(input: { id: $id, expectedVersion: $v }) { ${ASSESSMENT_FIELDS} } }`;
const LIST = `query($id: ID!) { case(id: $id) { id assessments { id tool status } } }`;
const AGREE = `mutation($input: AgreeRiskLevelInput!) { agreeRiskLevel(input: $input) { id agreedRiskLevel version } }`;
const HISTORY = `query($id: ID!) { case(id: $id) { agreedRiskLevel version riskHistory {
  id level previousLevel changed rationale caseVersion agreedBy { displayName } agreedByAgency { code }
  citedAssessments { id tool judgements { violence persistence } } } } }`;

const allAnswers = (yes: number) =>
  Array.from({ length: 11 }, (_, i) => ({ question: i + 1, answer: i < yes ? 'YES' : 'NO' }));
const SRP_JUDGEMENTS = {
  violence: 'MODERATE',
  persistence: 'HIGH',
  recurrence: 'HIGH',
  psychosocialDamage: 'MODERATE',
};

describe('assessments (D8) and the agreed clinic risk level', () => {
  let h: CasesHarness;
  let caseId: string;

  const create = async (user: string, input: Record<string, unknown>) =>
    h.gql<{ createAssessment: Assessment }>(user, CREATE, {
      input: { caseId, assessedOn: '2026-02-02', ...input },
    });
  const submit = async (user: string, a: { id: string; version: number }) =>
    h.gql<{ submitAssessment: Assessment }>(user, SUBMIT, { id: a.id, v: a.version });
  const listFor = async (user: string) =>
    (
      await h.gql<{ case: { assessments: { id: string; status: string }[] | null } }>(user, LIST, {
        id: caseId,
      })
    ).body.data?.case?.assessments ?? null;

  beforeAll(async () => {
    h = await startCasesHarness({ canaries: true });
    // A fresh clinic case with every North Vale partner and no assessments yet.
    const a = h.fixture.agencies;
    const res = await h.gql<{ createCase: { id: string } }>(
      'chair.nvp',
      `mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }`,
      {
        input: {
          clinicId: h.fixture.clinics.NV,
          leadAgencyId: a.NVP,
          cjStatus: 'ON_BAIL',
          participants: ['NVH', 'NVPS', 'NVA', 'CPSNV'].map((code) => ({
            agencyId: a[code],
            roleInCase: 'PARTNER',
            sharingBasis: 'STATUTORY_GATEWAY',
            basisRationale: 'Crime and Disorder Act 1998 s115',
          })),
        },
      },
    );
    expect(res.body.errors).toBeUndefined();
    caseId = res.body.data!.createCase.id;
  });
  afterAll(async () => h?.close());

  it('S-DASH: 11 answers stored with comments, score = number of yes, recomputed on change', async () => {
    const answers = allAnswers(7).map((a) => (a.question === 1 ? { ...a, comment: 'Very frightened' } : a));
    const res = await create('spoc.nvp', { tool: 'S_DASH', toolVersion: 'v1', sDashAnswers: answers });
    expect(res.body.errors).toBeUndefined();
    const draft = res.body.data!.createAssessment;
    expect(draft).toMatchObject({ tool: 'S_DASH', status: 'DRAFT', score: 7, authorAgency: { code: 'NVP' } });
    expect(draft.sDashAnswers).toHaveLength(11);
    expect(draft.sDashAnswers![0]).toEqual({ question: 1, answer: 'YES', comment: 'Very frightened' });

    const changed = await h.gql<{ updateAssessment: Assessment }>('spoc.nvp', UPDATE, {
      input: {
        id: draft.id,
        expectedVersion: draft.version,
        sDashAnswers: [{ question: 11, answer: 'YES' }],
      },
    });
    expect(changed.body.errors).toBeUndefined();
    expect(changed.body.data!.updateAssessment.score).toBe(8);

    // The score is derived, never given; answers are numbered 1..11 once each.
    const withScore = await h.gql('spoc.nvp', UPDATE, {
      input: { id: draft.id, expectedVersion: changed.body.data!.updateAssessment.version, score: 11 },
    });
    expect(withScore.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'score' });
    const twice = await create('spoc.nvp', {
      tool: 'S_DASH',
      toolVersion: 'v1',
      sDashAnswers: [
        { question: 2, answer: 'YES' },
        { question: 2, answer: 'NO' },
      ],
    });
    expect(codes(twice.body.errors)).toEqual(['BAD_USER_INPUT']);

    const submitted = await submit('spoc.nvp', changed.body.data!.updateAssessment);
    expect(submitted.body.errors).toBeUndefined();
    expect(submitted.body.data!.submitAssessment.status).toBe('SUBMITTED');
  });

  it('an incomplete S-DASH cannot be submitted', async () => {
    const res = await create('spoc.nvp', {
      tool: 'S_DASH',
      toolVersion: 'v1',
      sDashAnswers: allAnswers(3).slice(0, 10),
    });
    const refused = await submit('spoc.nvp', res.body.data!.createAssessment);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'sDashAnswers',
    });
  });

  it('drafts are seen by the authoring agency only; submitted ones by every role with D8', async () => {
    const res = await create('mh.nvh', {
      tool: 'SRP',
      toolVersion: '2nd edition',
      judgements: { violence: 'LOW' },
    });
    expect(res.body.errors).toBeUndefined();
    const draft = res.body.data!.createAssessment;
    const seesDraft = async (user: string) => (await listFor(user))?.some((a) => a.id === draft.id) ?? false;

    expect(await seesDraft('mh.nvh')).toBe(true);
    for (const user of ['chair.nvp', 'spoc.nvp', 'probation.nvps', 'advocate.nva', 'cps.nv'])
      expect([user, await seesDraft(user)]).toEqual([user, false]);
    // Nor by id: a draft of another agency is "not found" to it.
    const poke = await h.gql('spoc.nvp', UPDATE, {
      input: { id: draft.id, expectedVersion: draft.version, rationale: 'x' },
    });
    expect(codes(poke.body.errors)).toEqual(['NOT_FOUND']);

    // An incomplete SRP is refused on submit, naming the missing domain.
    const early = await submit('mh.nvh', draft);
    expect(early.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'judgements.persistence',
    });

    const completed = await h.gql<{ updateAssessment: Assessment }>('mh.nvh', UPDATE, {
      input: {
        id: draft.id,
        expectedVersion: draft.version,
        judgements: SRP_JUDGEMENTS,
        rationale: 'Rejected-type pursuit',
      },
    });
    expect(completed.body.errors).toBeUndefined();
    const done = await submit('mh.nvh', completed.body.data!.updateAssessment);
    expect(done.body.errors).toBeUndefined();
    for (const user of ['chair.nvp', 'spoc.nvp', 'mh.nvh', 'probation.nvps', 'advocate.nva', 'cps.nv'])
      expect([user, await seesDraft(user)]).toEqual([user, true]);

    // The coordinator reads the header but not D8; outsiders do not see the case at all.
    const coord = await h.gql('coord.nvc', LIST, { id: caseId });
    expect(coord.body.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([
      ['FORBIDDEN', 'case.assessments'],
    ]);
    for (const user of ['auditor.nvp', 'admin.nvc', 'mh.sfh'])
      expect(codes((await h.gql(user, LIST, { id: caseId })).body.errors)).toEqual(['NOT_FOUND']);

    // Submitted assessments are final: changing one means submitting a new one.
    const frozen = await h.gql('mh.nvh', UPDATE, {
      input: {
        id: draft.id,
        expectedVersion: done.body.data!.submitAssessment.version,
        rationale: 'changed',
      },
    });
    expect(frozen.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it("a new submission supersedes the same agency's previous one of the same tool", async () => {
    const first = await create('spoc.nvp', { tool: 'SASH', toolVersion: '1', concernLevel: 'MEDIUM' });
    const firstDone = (await submit('spoc.nvp', first.body.data!.createAssessment)).body.data!
      .submitAssessment;
    const second = await create('spoc.nvp', { tool: 'SASH', toolVersion: '1', concernLevel: 'HIGH' });
    const secondDone = await submit('spoc.nvp', second.body.data!.createAssessment);
    expect(secondDone.body.errors).toBeUndefined();
    const all = await h.gql<{ case: { assessments: Assessment[] } }>(
      'chair.nvp',
      `query($id: ID!) { case(id: $id) { assessments(tool: SASH) { ${ASSESSMENT_FIELDS} } } }`,
      { id: caseId },
    );
    const byId = new Map(all.body.data!.case.assessments.map((a) => [a.id, a]));
    expect(byId.get(firstDone.id)).toMatchObject({
      status: 'SUPERSEDED',
      supersededById: secondDone.body.data!.submitAssessment.id,
    });
    expect(byId.get(secondDone.body.data!.submitAssessment.id)).toMatchObject({ status: 'SUBMITTED' });
    // Health's SASH is a separate line: it does not supersede police's.
    const mhSash = await create('mh.nvh', { tool: 'SASH', toolVersion: '1', concernLevel: 'LOW' });
    expect((await submit('mh.nvh', mhSash.body.data!.createAssessment)).body.errors).toBeUndefined();
    const current = await h.gql<{ case: { assessments: Assessment[] } }>(
      'cps.nv',
      `query($id: ID!) { case(id: $id) { assessments(tool: SASH, status: SUBMITTED) { id authorAgency { code } } } }`,
      { id: caseId },
    );
    expect(current.body.data!.case.assessments.map((a) => a.authorAgency.code).sort()).toEqual([
      'NVH',
      'NVP',
    ]);
  });

  it('DASH RIC: the high-risk threshold comes from configuration per tool version (14 by default)', async () => {
    const at14 = await create('spoc.nvp', {
      tool: 'DASH_RIC',
      toolVersion: '2009',
      answersCount: 27,
      score: 14,
    });
    expect(at14.body.data!.createAssessment).toMatchObject({ highThreshold: 14, highRisk: true });
    const at13 = await create('spoc.nvp', {
      tool: 'DASH_RIC',
      toolVersion: '2009',
      answersCount: 27,
      score: 13,
    });
    expect(at13.body.data!.createAssessment).toMatchObject({ highThreshold: 14, highRisk: false });

    await h.owner.query(
      `INSERT INTO cases.risk_tool_config (tool, tool_version, item_count, high_threshold, author_agency_types)
       VALUES ('DASH_RIC', 'LOCAL-16', 27, 16, '{POLICE}'), ('DASH_RIC', 'RETIRED', 27, 14, '{POLICE}')`,
    );
    await h.owner.query(`UPDATE cases.risk_tool_config SET active = false WHERE tool_version = 'RETIRED'`);
    const local = await create('spoc.nvp', {
      tool: 'DASH_RIC',
      toolVersion: 'LOCAL-16',
      answersCount: 27,
      score: 15,
    });
    expect(local.body.data!.createAssessment).toMatchObject({ highThreshold: 16, highRisk: false });
    const retired = await create('spoc.nvp', {
      tool: 'DASH_RIC',
      toolVersion: 'RETIRED',
      answersCount: 27,
      score: 15,
    });
    expect(retired.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'toolVersion',
    });

    const tooMany = await create('spoc.nvp', {
      tool: 'DASH_RIC',
      toolVersion: '2009',
      answersCount: 28,
      score: 3,
    });
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'answersCount',
    });
    const above = await create('spoc.nvp', {
      tool: 'DASH_RIC',
      toolVersion: '2009',
      answersCount: 10,
      score: 11,
    });
    expect(above.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'score' });
    const noScore = await create('spoc.nvp', { tool: 'DASH_RIC', toolVersion: '2009', answersCount: 27 });
    const refused = await submit('spoc.nvp', noScore.body.data!.createAssessment);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'score' });
  });

  it('write refusals: only police and mental health write D8, each its own agency and its own tools', async () => {
    const sash = { tool: 'SASH', toolVersion: '1', concernLevel: 'LOW' };
    for (const user of ['probation.nvps', 'advocate.nva', 'cps.nv', 'coord.nvc'])
      expect([user, codes((await create(user, sash)).body.errors)]).toEqual([user, ['FORBIDDEN']]);
    for (const user of ['auditor.nvp', 'admin.nvc', 'chair.sfh', 'spoc.sfc'])
      expect([user, codes((await create(user, sash)).body.errors)]).toEqual([user, ['NOT_FOUND']]);
    // Tools belong to agency types (configuration): health does not complete the police S-DASH.
    const mhSdash = await create('mh.nvh', {
      tool: 'S_DASH',
      toolVersion: 'v1',
      sDashAnswers: allAnswers(1),
    });
    expect(codes(mhSdash.body.errors)).toEqual(['FORBIDDEN']);
    // The chair of this clinic is a police officer: it writes through its police role.
    expect((await create('chair.nvp', sash)).body.errors).toBeUndefined();

    // Police may read health's submitted SRP but not change it.
    const srp = await create('mh.nvh', {
      tool: 'SRP',
      toolVersion: '1',
      judgements: SRP_JUDGEMENTS,
      rationale: 'Pursuit',
    });
    const srpDone = (await submit('mh.nvh', srp.body.data!.createAssessment)).body.data!.submitAssessment;
    const police = await h.gql('spoc.nvp', SUBMIT, { id: srpDone.id, v: srpDone.version });
    expect(codes(police.body.errors)).toEqual(['FORBIDDEN']);

    // A field of another tool is refused whole, not dropped.
    const mixed = await create('spoc.nvp', {
      tool: 'SASH',
      toolVersion: '1',
      concernLevel: 'LOW',
      judgements: { violence: 'HIGH' },
    });
    expect(mixed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'judgements' });
  });

  it('optimistic locking: a stale version is a conflict', async () => {
    const res = await create('spoc.nvp', { tool: 'SASH', toolVersion: '1', concernLevel: 'LOW' });
    const a = res.body.data!.createAssessment;
    expect(
      (
        await h.gql('spoc.nvp', UPDATE, {
          input: { id: a.id, expectedVersion: a.version, concernLevel: 'HIGH' },
        })
      ).body.errors,
    ).toBeUndefined();
    const stale = await h.gql('spoc.nvp', UPDATE, {
      input: { id: a.id, expectedVersion: a.version, concernLevel: 'MEDIUM' },
    });
    expect(codes(stale.body.errors)).toEqual(['CONFLICT']);
    expect(codes((await submit('spoc.nvp', a)).body.errors)).toEqual(['CONFLICT']);
  });

  it('free text other agencies read refuses the victim location', async () => {
    const res = await h.gql('spoc.nvp', CREATE, {
      input: {
        caseId: h.fixture.cases.NV1,
        assessedOn: '2026-02-02',
        tool: 'SASH',
        toolVersion: '1',
        concernLevel: 'HIGH',
        rationale: 'Subject waits outside zz1 1va most evenings',
      },
    });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rationale' });
    expect(res.text).not.toMatch(/ZZ1 1VA/i);
  });

  describe('agreed clinic risk level (scenario 5)', () => {
    let srpId: string;
    let caseVersion: number;

    beforeAll(async () => {
      // The psychologist records SRP judgements: persistence high, violence moderate.
      const srp = await create('mh.nvh', {
        tool: 'SRP',
        toolVersion: '1',
        judgements: SRP_JUDGEMENTS,
        rationale: 'Persistent rejected-type pursuit; violence judged moderate',
      });
      const done = await submit('mh.nvh', srp.body.data!.createAssessment);
      expect(done.body.errors).toBeUndefined();
      srpId = done.body.data!.submitAssessment.id;
      const formulation = await h.gql(
        'mh.nvh',
        `mutation($c: ID!) { createFormulation(input: { caseId: $c, summary: "Rejected-type pursuit", recommendations: "Apply for an SPO", victimSafety: "Vary the route to work" }) { id } }`,
        { c: caseId },
      );
      expect(formulation.body.errors).toBeUndefined();
      const header = await h.gql<{ case: { version: number } }>('chair.nvp', HISTORY, { id: caseId });
      caseVersion = header.body.data!.case.version;
    });

    it('only the chair of the case clinic sets it, with a rationale, citing submitted assessments of the case', async () => {
      const input = (over: Record<string, unknown> = {}) => ({
        input: {
          caseId,
          expectedVersion: caseVersion,
          level: 'HIGH',
          rationale: 'Persistence high on the SRP; breaches continue',
          citedAssessmentIds: [srpId],
          ...over,
        },
      });
      for (const user of ['coord.nvc', 'spoc.nvp', 'mh.nvh', 'probation.nvps', 'advocate.nva', 'cps.nv'])
        expect([user, codes((await h.gql(user, AGREE, input())).body.errors)]).toEqual([user, ['FORBIDDEN']]);
      for (const user of ['chair.sfh', 'auditor.nvp'])
        expect([user, codes((await h.gql(user, AGREE, input())).body.errors)]).toEqual([user, ['NOT_FOUND']]);

      const short = await h.gql('chair.nvp', AGREE, input({ rationale: '   short  ' }));
      expect(short.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      const draft = await create('mh.nvh', {
        tool: 'SAM',
        toolVersion: '1',
        judgements: { violence: 'LOW' },
      });
      const citesDraft = await h.gql(
        'chair.nvp',
        AGREE,
        input({ citedAssessmentIds: [draft.body.data!.createAssessment.id] }),
      );
      expect(citesDraft.body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'citedAssessmentIds',
      });
      const [otherCase] = await h.owner.query(`SELECT id FROM cases.assessments WHERE case_id = $1 LIMIT 1`, [
        h.fixture.cases.NV1,
      ]);
      const citesOther = await h.gql('chair.nvp', AGREE, input({ citedAssessmentIds: [otherCase.id] }));
      expect(citesOther.body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'citedAssessmentIds',
      });
      // Nothing of the refused attempts was recorded.
      expect(
        await h.owner.query(`SELECT id FROM cases.risk_agreements WHERE case_id = $1`, [caseId]),
      ).toEqual([]);

      const agreed = await h.gql<{ agreeRiskLevel: { agreedRiskLevel: string; version: number } }>(
        'chair.nvp',
        AGREE,
        input(),
      );
      expect(agreed.body.errors).toBeUndefined();
      expect(agreed.body.data!.agreeRiskLevel).toMatchObject({
        agreedRiskLevel: 'HIGH',
        version: caseVersion + 1,
      });

      // A stale case version is a conflict and records nothing.
      const stale = await h.gql('chair.nvp', AGREE, input({ level: 'LOW' }));
      expect(codes(stale.body.errors)).toEqual(['CONFLICT']);
      caseVersion += 1;
    });

    it('the history is queryable, with the previous level so change between reviews can be measured', async () => {
      const second = await h.gql('chair.nvp', AGREE, {
        input: {
          caseId,
          expectedVersion: caseVersion,
          level: 'MEDIUM',
          rationale: 'No contact for three months; SPO in force',
          citedAssessmentIds: [],
        },
      });
      expect(second.body.errors).toBeUndefined();
      caseVersion += 1;

      const res = await h.gql<{
        case: {
          agreedRiskLevel: string;
          riskHistory: {
            level: string;
            previousLevel: string | null;
            changed: boolean;
            rationale: string;
            agreedByAgency: { code: string };
            citedAssessments: { id: string; tool: string; judgements: Record<string, string> }[];
          }[];
        };
      }>('advocate.nva', HISTORY, { id: caseId });
      expect(res.body.errors).toBeUndefined();
      const { agreedRiskLevel, riskHistory } = res.body.data!.case;
      expect(agreedRiskLevel).toBe('MEDIUM');
      expect(riskHistory.map((r) => [r.level, r.previousLevel, r.changed])).toEqual([
        ['MEDIUM', 'HIGH', true],
        ['HIGH', null, true],
      ]);
      expect(riskHistory[1]!.rationale).toBe('Persistence high on the SRP; breaches continue');
      expect(riskHistory[1]!.agreedByAgency.code).toBe('NVP');
      expect(riskHistory[1]!.citedAssessments).toEqual([
        { id: srpId, tool: 'SRP', judgements: { violence: 'MODERATE', persistence: 'HIGH' } },
      ]);

      // The coordinator reads the header (D1) but not the cited assessments (D8).
      const coord = await h.gql<{ case: { riskHistory: { level: string; citedAssessments: unknown }[] } }>(
        'coord.nvc',
        HISTORY,
        { id: caseId },
      );
      expect(coord.body.data!.case.riskHistory.map((r) => r.level)).toEqual(['MEDIUM', 'HIGH']);
      expect(new Set(coord.body.errors!.map((e) => `${e.extensions?.code} ${e.path!.slice(-1)[0]}`))).toEqual(
        new Set(['FORBIDDEN citedAssessments']),
      );
    });

    it('each change writes a case.risk-level-agreed outbox event of ids and codes', async () => {
      const rows: { payload: Record<string, unknown> }[] = await h.owner.query(
        `SELECT payload FROM cases.outbox WHERE type = 'case.risk-level-agreed' AND aggregate_id = $1 ORDER BY created_at`,
        [caseId],
      );
      expect(rows.map((r) => [r.payload.level, r.payload.previousLevel])).toEqual([
        ['HIGH', null],
        ['MEDIUM', 'HIGH'],
      ]);
      expect(rows[0]!.payload).toMatchObject({ caseId, clinicId: h.fixture.clinics.NV });
      expect(JSON.stringify(rows)).not.toMatch(/Persistence high/);
    });

    it('the history cannot be rewritten by the service role', async () => {
      const grants: { privilege_type: string }[] = await h.owner.query(
        `SELECT privilege_type FROM information_schema.role_table_grants
          WHERE grantee = 'scp_app' AND table_schema = 'cases' AND table_name = 'risk_agreements'`,
      );
      expect(grants.map((g) => g.privilege_type).sort()).toEqual(['INSERT', 'SELECT']);
    });
  });
});
