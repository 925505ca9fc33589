import {
  expectAccessible,
  heading,
  screenshot,
  signedIn,
  startWebStack,
  type WebStack,
} from './web-harness.js';

/**
 * The data protection officer's part in the browser (issue 15): from the home page to the refusals
 * in the audit log, and into a case of their agency by break-glass, with its purpose refused when
 * it carries a location and accepted when it does not.
 */
describe('web: the DPO reads the audit log and opens a case by break-glass', () => {
  let w: WebStack;
  let nv1: string;
  let nv1Reference: string;

  beforeAll(async () => {
    w = await startWebStack({ canaries: false });
    nv1 = w.stack.fixture.cases.NV1!;
    const res = await w.stack.gql<{ case: { reference: string } }>(
      'chair.nvp',
      `query($id: ID!) { case(id: $id) { reference } }`,
      { id: nv1 },
    );
    nv1Reference = res.body.data!.case.reference;
    // A refusal to find: the probation officer asks for the clinicians' clinical records.
    await w.stack.gql(
      'probation.nvps',
      `query($id: ID!) { case(id: $id) { clinicalRecords(reason: RISK_ASSESSMENT, purpose: "Checking the risk review") { id } } }`,
      { id: nv1 },
    );
  }, 90_000);
  afterAll(async () => w?.close(), 30_000);

  it('home → refused access → the event → break-glass into the case → the case page', async () => {
    const page = await signedIn(w, 'auditor.nvp');
    await page.getByRole('link', { name: 'Refused access' }).click();
    await heading(page, 'Audit log');
    const table = page.getByRole('table', { name: 'Events, newest first' });
    await table.waitFor();
    await expect(table.getByText(/^Refused/).count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page, 'audit log (refusals)');
    await screenshot(page, 'dpo-audit-refusals');

    await page.goto(`/audit/break-glass?caseId=${nv1}`);
    await heading(page, 'Open a case by break-glass');
    await page
      .getByRole('combobox', { name: 'Why do you need to open it?' })
      .selectOption('AUDIT_OR_COMPLAINT');
    const purpose = page.getByRole('textbox', { name: 'Say why, in a sentence' });
    await purpose.fill('Complaint from the resident of ZZ9 9ZZ about a disclosure');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page
      .getByRole('alert')
      .getByText('purpose is shared with other agencies', { exact: false })
      .waitFor();
    await expectAccessible(page, 'break-glass with an error');

    await purpose.fill('Complaint DPO-2026-21 about a disclosure');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await heading(page, 'Case opened by break-glass');
    await page.getByRole('link', { name: 'Go to the case' }).click();
    await heading(page, `Case ${nv1Reference}`);
    await expectAccessible(page, 'case page (DPO by break-glass)');

    // The break-glass is in the log, with the purpose the DPO gave.
    await page.goto('/audit?action=BREAK_GLASS');
    await page
      .getByRole('table', { name: 'Events, newest first' })
      .getByText('Complaint DPO-2026-21 about a disclosure')
      .waitFor();
    await page.context().close();
  }, 120_000);
});
