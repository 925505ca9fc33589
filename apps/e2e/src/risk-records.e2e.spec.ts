import { startStack, type Stack } from './stack.js';

/**
 * Through the gateway: scenario 5 (the psychologist's SRP judgements, the shared formulation,
 * the chair's agreed risk HIGH with rationale) and the own-agency records that no other role
 * may receive (D4, D6, D9, D14).
 */
describe('end to end: risk judgements, agreed level and agency records', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ canaries: true });
  }, 90_000);
  afterAll(async () => s?.close());

  it('scenario 5: SRP persistence high, violence moderate; agreed risk HIGH with rationale, in the history', async () => {
    const caseId = s.fixture.cases.NV1;
    const created = await s.gql<{ createAssessment: { id: string; version: number } }>(
      'mh.nvh',
      `mutation($c: ID!) { createAssessment(input: { caseId: $c, tool: SRP, toolVersion: "1", assessedOn: "2026-02-03",
        judgements: { violence: MODERATE, persistence: HIGH, recurrence: HIGH, psychosocialDamage: MODERATE },
        rationale: "Persistent rejected-type pursuit" }) { id version } }`,
      { c: caseId },
    );
    expect(created.body.errors).toBeUndefined();
    const srp = created.body.data!.createAssessment;
    const submitted = await s.gql(
      'mh.nvh',
      `mutation($id: ID!, $v: Int!) { submitAssessment(input: { id: $id, expectedVersion: $v }) { status } }`,
      {
        id: srp.id,
        v: srp.version,
      },
    );
    expect(submitted.body.data).toEqual({ submitAssessment: { status: 'SUBMITTED' } });

    const header = await s.gql<{ case: { version: number } }>(
      'chair.nvp',
      `query($id: ID!) { case(id: $id) { version } }`,
      { id: caseId },
    );
    const agreed = await s.gql(
      'chair.nvp',
      `mutation($c: ID!, $v: Int!, $a: ID!) { agreeRiskLevel(input: { caseId: $c, expectedVersion: $v, level: HIGH,
        rationale: "SRP persistence high; two breaches since the last review", citedAssessmentIds: [$a] }) { agreedRiskLevel } }`,
      { c: caseId, v: header.body.data!.case.version, a: srp.id },
    );
    expect(agreed.body.data).toEqual({ agreeRiskLevel: { agreedRiskLevel: 'HIGH' } });

    const seen = await s.gql<{
      case: {
        agreedRiskLevel: string;
        riskHistory: {
          level: string;
          previousLevel: string | null;
          rationale: string;
          citedAssessments: { judgements: Record<string, string> }[];
        }[];
        formulation: { victimSafety: string; summary: string | null };
      };
    }>(
      'advocate.nva',
      `query($id: ID!) { case(id: $id) { agreedRiskLevel riskHistory { level previousLevel rationale citedAssessments { judgements { violence persistence } } }
        formulation { victimSafety summary } } }`,
      { id: caseId },
    );
    expect(seen.body.data!.case.agreedRiskLevel).toBe('HIGH');
    expect(seen.body.data!.case.riskHistory).toEqual([
      {
        level: 'HIGH',
        previousLevel: null,
        rationale: 'SRP persistence high; two breaches since the last review',
        citedAssessments: [{ judgements: { violence: 'MODERATE', persistence: 'HIGH' } }],
      },
    ]);
    // The advocate reads the victim-safety part of the formulation and nothing else of it.
    expect(seen.body.data!.case.formulation).toMatchObject({
      victimSafety: expect.any(String),
      summary: null,
    });
    expect(seen.body.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([
      ['FORBIDDEN', 'case.formulation.summary'],
    ]);
  });

  it('no D4, D6, D9 or other-agency D14 canary reaches a denied role through the gateway', async () => {
    const fields = `policeIntelligence { intelligence offendingHistory } clinicalRecords(reason: RISK_ASSESSMENT, purpose: "e2e for the clinic review") { diagnoses clinicalNotes reportText }
      probationDetail { caseNotes oasysSummary sentencePlan } advocacyRecords { disclosures health counselling needs }`;
    const detail = `query($id: ID!) { case(id: $id) { id ${fields} } }`;
    const list = `{ cases(first: 20) { edges { node { id ${fields} } } } }`;
    const denied: [string, ('D4' | 'D6' | 'D9' | 'D14')[]][] = [
      ['coord.nvc', ['D4', 'D6', 'D9', 'D14']],
      ['mh.nvh', ['D4', 'D9', 'D14']],
      ['probation.nvps', ['D4', 'D6', 'D14']],
      ['spoc.nvp', ['D6', 'D9', 'D14']],
      ['cps.nv', ['D4', 'D6', 'D9', 'D14']],
      ['advocate.sfa', ['D4', 'D6', 'D9']],
    ];
    for (const [user, categories] of denied)
      for (const [query, variables] of [
        [detail, { id: s.fixture.cases.NV1 }],
        [list, {}],
      ] as const) {
        const res = await s.gql(user, query, variables);
        for (const category of categories)
          for (const canary of s.fixture.canaries[category])
            if (res.text.includes(canary)) throw new Error(`${user} received ${canary}`);
        // Another advocacy agency's records never, whatever the path.
        if (user === 'advocate.sfa') expect(res.text).not.toContain('CANARY-D14-NVA-');
      }
    const own = await s.gql('advocate.nva', detail, { id: s.fixture.cases.NV1 });
    expect(own.text).toContain('CANARY-D14-NVA-NV1-needs');
    const police = await s.gql('spoc.nvp', list);
    expect(police.text).toContain('CANARY-D4-NVP-NV1-intelligence');
  });
});
