import { freeTextCheck } from './free-text-check.controller.js';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

describe('free-text check for the meetings service', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: false });
  });
  afterAll(async () => h?.close());

  it("refuses text that carries the case's victim location, passes other text", async () => {
    const caseId = h.fixture.cases.NV1!;
    const rows: { postcode: string }[] = await h.owner.query(
      `SELECT l.postcode FROM cases.locations l JOIN cases.persons p ON p.id = l.person_id
        WHERE l.case_id = $1 AND p.role <> 'SUBJECT' AND l.postcode IS NOT NULL LIMIT 1`,
      [caseId],
    );
    expect(rows.length).toBe(1);
    expect(
      await freeTextCheck(h.owner, caseId, `Victim now lives at ${rows[0]!.postcode.toLowerCase()}`),
    ).toEqual({
      ok: false,
    });
    expect(await freeTextCheck(h.owner, caseId, 'Safety plan reviewed; no change.')).toEqual({ ok: true });
  });
});
