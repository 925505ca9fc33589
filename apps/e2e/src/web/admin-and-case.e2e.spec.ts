import {
  expectAccessible,
  fillDate,
  heading,
  screenshot,
  signedIn,
  startWebStack,
  type WebStack,
} from './web-harness.js';

/**
 * The system admin's and the DPO's parts in the browser (issue 15): a deactivated user can neither
 * sign in nor keep using the session they had open; a clinic gains a member; the DPO produces a
 * subject access pack.
 */
describe('web: administration and subject access', () => {
  let w: WebStack;

  beforeAll(async () => {
    w = await startWebStack({ canaries: false });
  }, 180_000);
  afterAll(async () => w?.close(), 30_000);

  it('the admin deactivates a user: their open session stops working and they cannot sign in again', async () => {
    // The probation officer is signed in and working.
    const officer = await signedIn(w, 'probation.sfps');
    await officer.goto('/cases');
    await heading(officer, 'My cases');

    const admin = await signedIn(w, 'admin.nvc');
    await admin.goto('/admin');
    await heading(admin, 'Administration');
    await expectAccessible(admin, 'administration');
    const name = 'Demo Probation Officer (South Fen)';
    await admin.getByRole('button', { name: `Change ${name}` }).click();
    const panel = admin.getByRole('region', { name: `Change ${name}` });
    await expectAccessible(admin, 'administration (changing a user)');
    await screenshot(admin, 'admin-change-user');
    await panel.getByRole('button', { name: `Deactivate ${name}` }).click();
    await admin.getByText(`${name} deactivated`).waitFor();
    const row = admin.getByRole('row', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) });
    await row.getByText('Inactive').waitFor();

    // The open session: its next request is refused and the browser is sent to sign in.
    await officer.goto('/cases');
    await officer.getByRole('heading', { level: 1, name: 'Choose a demo user' }).waitFor();
    const status = await officer.evaluate(async () => {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-scp-csrf': '1' },
        body: JSON.stringify({ query: '{ me { userId } }' }),
      });
      return res.status;
    });
    expect(status).toBe(401);
    // Signing in again: the user is not offered, and asking by name is refused.
    await expect(officer.getByLabel(/\(probation\.sfps\)/).count()).resolves.toBe(0);
    const signIn = await officer.evaluate(async () => {
      const res = await fetch('/auth/demo-sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-scp-csrf': '1' },
        body: JSON.stringify({ username: 'probation.sfps' }),
      });
      return res.status;
    });
    expect(signIn).toBe(401);

    // Reactivated, the officer signs in again.
    await admin.getByRole('button', { name: `Change ${name}` }).click();
    await admin.getByRole('button', { name: `Reactivate ${name}` }).click();
    await admin.getByText(`${name} reactivated`).waitFor();
    const back = await signedIn(w, 'probation.sfps');
    await back.context().close();
    await officer.context().close();
    await admin.context().close();
  }, 120_000);

  it('the admin records a clinic member’s information sharing agreement', async () => {
    const admin = await signedIn(w, 'admin.nvc');
    await admin.goto('/admin');
    await heading(admin, 'Administration');
    await admin.getByRole('button', { name: /Change South Fen.* members/ }).click();
    await admin
      .getByRole('combobox', { name: 'Member agency' })
      .selectOption({ label: 'North Vale Forensic Mental Health Service (member)' });
    await admin.locator('#member-isa').fill('2');
    await admin.locator('#member-isa-month').fill('3');
    await admin.locator('#member-isa-year').fill('2026');
    await expectAccessible(admin, 'administration (clinic members)');
    await admin.getByRole('button', { name: 'Save the member' }).click();
    await admin.getByText(/is a member of South Fen/).waitFor();
    const rows: { isa: string }[] = await w.stack.owner.query(
      `SELECT to_char(m.isa_signed_on, 'YYYY-MM-DD') AS isa FROM cases.clinic_members m
         JOIN cases.clinics c ON c.id = m.clinic_id WHERE c.id = $1 AND m.agency_id = $2`,
      [w.stack.fixture.clinics.SF, w.stack.fixture.agencies.NVH],
    );
    expect(rows).toEqual([{ isa: '2026-03-02' }]);
    await admin.context().close();
  }, 120_000);

  it('the DPO opens a case by break-glass and produces a subject access pack, downloaded through the web server', async () => {
    const nv1 = w.stack.fixture.cases.NV1!;
    const page = await signedIn(w, 'auditor.nvp');
    await page.goto(`/audit/break-glass?caseId=${nv1}`);
    await heading(page, 'Open a case by break-glass');
    await page
      .getByRole('combobox', { name: 'Why do you need to open it?' })
      .selectOption('AUDIT_OR_COMPLAINT');
    await page
      .getByRole('textbox', { name: 'Say why, in a sentence' })
      .fill('Subject access request SAR-2026-0142');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await heading(page, 'Case opened by break-glass');
    await page.getByRole('link', { name: 'Produce a subject access pack from this case' }).click();
    await heading(page, 'Produce a subject access pack');
    await page.getByRole('radio').first().check();
    await page.getByRole('textbox', { name: 'Who receives the pack?' }).fill('Data subject, SAR 2026-0142');
    await page
      .getByRole('textbox', { name: 'Why is the pack produced?' })
      .fill('Subject access request SAR-2026-0142');
    await expectAccessible(page, 'subject access pack');
    await page.getByRole('button', { name: 'Produce the pack' }).click();
    await heading(page, 'Subject access pack produced');
    await expectAccessible(page, 'subject access pack produced');
    await screenshot(page, 'dpo-subject-access-pack');
    const pdf = await page.getByRole('link', { name: 'Download the pack (PDF)' }).getAttribute('href');
    const json = await page.getByRole('link', { name: 'Download the pack (JSON)' }).getAttribute('href');
    const pdfRes = await page.request.get(pdf!);
    expect(pdfRes.status()).toBe(200);
    expect((await pdfRes.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const jsonRes = await page.request.get(json!);
    expect(jsonRes.status()).toBe(200);
    expect(JSON.parse((await jsonRes.body()).toString())).toEqual(expect.any(Object));
    // Produced as a disclosure, in the audit chain.
    const events: { n: number }[] = await w.stack.owner.query(
      `SELECT count(*)::int AS n FROM audit.events WHERE action = 'DISCLOSURE' AND case_id = $1`,
      [nv1],
    );
    expect(events[0]!.n).toBeGreaterThan(0);
    await page.context().close();
  }, 120_000);

  it('case extras: the chair adds an agency and escalates, the advocate records the victim’s view, police add a person', async () => {
    const nv2 = w.stack.fixture.cases.NV2!;
    const chair = await signedIn(w, 'chair.nvp');
    await chair.goto(`/cases/${nv2}`);
    await chair.getByRole('button', { name: 'Change the agencies taking part' }).click();
    await heading(chair, 'Agencies taking part');
    await chair
      .getByRole('combobox', { name: 'Agency', exact: true })
      .selectOption({ label: 'North Vale Forensic Mental Health Service' });
    await expectAccessible(chair, 'agencies taking part');
    await chair.getByRole('button', { name: 'Add the agency' }).click();
    await chair.getByText('North Vale Forensic Mental Health Service now takes part').waitFor();
    await chair
      .getByRole('table', { name: 'Taking part now' })
      .getByText('North Vale Forensic Mental Health Service')
      .waitFor();

    await chair.goto(`/cases/${nv2}`);
    await chair.getByRole('button', { name: 'Escalate to MAPPA or MARAC' }).click();
    await heading(chair, 'Escalate to MAPPA or MARAC');
    await chair.getByRole('radio', { name: /^MARAC/ }).check();
    await chair.getByRole('textbox', { name: 'Their reference' }).fill('MARAC-2026-031');
    await fillDate(chair, 'escalated-on', 0);
    await expectAccessible(chair, 'escalate a case');
    await chair.getByRole('button', { name: 'Escalate the case' }).click();
    await chair.getByText('Case escalated to MARAC').waitFor();
    await chair.context().close();

    const advocate = await signedIn(w, 'advocate.nva');
    await advocate.goto(`/cases/${nv2}`);
    await advocate.getByRole('button', { name: 'Record the victim’s view of closure' }).click();
    await heading(advocate, 'The victim’s view of closure');
    await advocate.getByRole('radio', { name: 'Yes' }).check();
    await advocate
      .getByRole('textbox', { name: 'The victim’s view, in your words' })
      .fill('Content for the case to close now the order is in place');
    await expectAccessible(advocate, 'victim’s view of closure');
    await advocate.getByRole('button', { name: 'Record the view' }).click();
    await advocate.getByText('The victim’s view of closure is recorded').waitFor();
    await advocate.context().close();

    const spoc = await signedIn(w, 'spoc.nvp');
    await spoc.goto(`/cases/${nv2}`);
    await heading(spoc, /^Case /);
    // Police are not offered the victim's view of closure (the advocate records it).
    await expect(
      spoc.getByRole('button', { name: 'Record the victim’s view of closure' }).count(),
    ).resolves.toBe(0);
    await spoc.getByRole('button', { name: 'Add a person' }).click();
    await heading(spoc, 'Add a person');
    await spoc.getByRole('radio', { name: 'Third party' }).check();
    await spoc.getByRole('textbox', { name: 'Relationship to the subject (optional)' }).fill('Sibling');
    await expectAccessible(spoc, 'add a person');
    await spoc.getByRole('button', { name: 'Add the person' }).click();
    await spoc.getByText('Third party added').waitFor();
    await spoc.context().close();
  }, 120_000);

  it('the referrer changes a draft, and withdraws the referral once submitted', async () => {
    type R = { id: string; version: number; status: string };
    const created = await w.stack.gql<{ createReferral: R }>(
      'spoc.nvp',
      `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id version status } }`,
      {
        input: {
          clinicId: w.stack.fixture.clinics.NV,
          urgency: 'ROUTINE',
          reason: 'Repeated unwanted contact since the relationship ended',
          behaviours: ['UNWANTED_CONTACT'],
          cjStatus: 'UNDER_INVESTIGATION',
          sharingBasis: 'CONSENT',
          subject: { givenName: 'Mike', familyName: 'Referralson' },
          victim: {
            givenName: 'November',
            familyName: 'Sampleford',
            relationshipToSubject: 'Former partner',
          },
          sdash: { answers: [true, false, false, false, false, false, false, false, false, false, false] },
        },
      },
    );
    const draft = created.body.data!.createReferral;
    const spoc = await signedIn(w, 'spoc.nvp');
    await spoc.goto(`/referrals/${draft.id}`);
    await spoc.getByRole('button', { name: 'Change the referral' }).click();
    await heading(spoc, 'Change the referral');
    await spoc.getByRole('radio', { name: 'Urgent' }).check();
    await expectAccessible(spoc, 'change a referral');
    await spoc.getByRole('button', { name: 'Save the changes' }).click();
    await spoc.getByText('Referral changed').waitFor();

    const edited = await w.stack.gql<{ referral: R & { urgency: string } }>(
      'spoc.nvp',
      `query($id: ID!) { referral(id: $id) { id version status urgency } }`,
      { id: draft.id },
    );
    expect(edited.body.data!.referral.urgency).toBe('URGENT');
    const submitted = await w.stack.gql<{ submitReferral: R }>(
      'spoc.nvp',
      `mutation($input: ReferralTransitionInput!) { submitReferral(input: $input) { id version status } }`,
      { input: { id: draft.id, expectedVersion: edited.body.data!.referral.version } },
    );
    expect(submitted.body.data!.submitReferral.status).toBe('SUBMITTED');

    await spoc.goto(`/referrals/${draft.id}`);
    await expect(spoc.getByRole('button', { name: 'Change the referral' }).count()).resolves.toBe(0);
    await spoc.getByRole('button', { name: 'Withdraw the referral' }).click();
    await heading(spoc, 'Withdraw the referral');
    await spoc.getByRole('textbox', { name: 'Why are you withdrawing it?' }).fill('The victim asked to stop');
    await expectAccessible(spoc, 'withdraw a referral');
    await spoc.getByRole('button', { name: 'Withdraw the referral' }).click();
    await spoc.getByText('Referral withdrawn').waitFor();
    await spoc.context().close();
  }, 120_000);
});
