import type { Page } from 'playwright-core';
import {
  dateParts,
  expectAccessible,
  fillDate,
  heading,
  meetingUnderWay,
  screenshot,
  signedIn,
  startWebStack,
  type WebStack,
} from './web-harness.js';
import { answerReferral } from './referral-steps.js';

/**
 * The web app in a real browser against the running platform: the chair, the police SPOC and the
 * mental-health clinician at work. Every page a flow visits is checked with axe-core. Each test
 * makes the data it needs, so none depends on another's order.
 */
/**
 * The focused element's name (its label, or its text) and whether a focus indicator shows: the
 * GOV.UK focus style is a yellow outline, box shadow or background; radios and checkboxes hide
 * the input and draw it on their label. A string, evaluated in the page (this file has no DOM types).
 */
const FOCUS_PROBE = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { name: '', tag: '', visible: false };
  const label = el.id ? document.querySelector('label[for="' + el.id + '"]') : null;
  const choice = el.tagName === 'INPUT' && (el.type === 'radio' || el.type === 'checkbox');
  const style = choice && label ? getComputedStyle(label, '::before') : getComputedStyle(el);
  const visible =
    (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && style.outlineColor !== 'rgba(0, 0, 0, 0)') ||
    style.boxShadow !== 'none' ||
    style.backgroundColor === 'rgb(255, 221, 0)';
  return { name: ((label ? label.textContent : el.textContent) || '').trim(), tag: el.tagName, visible };
})()`;

describe('web: clinic chair and partners in the browser', () => {
  let w: WebStack;
  const pages: Page[] = [];
  const open = async (username: string) => {
    const page = await signedIn(w, username);
    pages.push(page);
    return page;
  };
  const must = async <T>(user: string, q: string, v?: Record<string, unknown>) => {
    const r = await w.stack.gql<T>(user, q, v);
    if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
    return r.body.data as T;
  };
  const reference = async (key: string) =>
    (
      await must<{ case: { reference: string } }>(
        'chair.nvp',
        `query($id: ID!) { case(id: $id) { reference } }`,
        { id: w.stack.fixture.cases[key] },
      )
    ).case.reference;

  beforeAll(async () => {
    w = await startWebStack({ canaries: true });
  }, 90_000);
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.context().close();
  });
  afterAll(async () => w?.close(), 30_000);

  it('a chair schedules a meeting, builds the agenda and publishes it', async () => {
    const page = await open('chair.nvp');
    await expectAccessible(page, 'home');
    await screenshot(page, 'home-chair');
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Clinic calendar' })
      .click();
    await heading(page, 'Clinic calendar');
    await expectAccessible(page, 'clinic calendar');
    await page.getByRole('button', { name: 'Schedule a meeting' }).click();
    await heading(page, 'Schedule a meeting');
    // The GOV.UK error summary, with inline messages, before anything reaches the API.
    await page.getByRole('button', { name: 'Schedule the meeting' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await page
      .locator('.govuk-error-summary')
      .getByRole('link', { name: 'Enter a title for the meeting' })
      .waitFor();
    await expectAccessible(page, 'schedule a meeting (with errors)');
    await screenshot(page, 'schedule-meeting-errors');
    await page.getByLabel('Title').fill('North Vale clinic (synthetic)');
    await fillDate(page, 'date', 14);
    await page.getByLabel('Start time').fill('10:00');
    await page.getByLabel('End time').fill('1pm');
    await page.getByLabel('Place', { exact: true }).fill('Room 4, North Vale station (synthetic)');
    await page.getByRole('button', { name: 'Schedule the meeting' }).click();
    await heading(page, 'North Vale clinic (synthetic)');
    await page.getByText('Meeting scheduled').waitFor();
    await page.getByText('10am to 1pm (UK time)').waitFor();

    const [nv1, nv2] = [await reference('NV1'), await reference('NV2')];
    const rows = page.getByTestId('agenda-row');
    for (const [i, [key, ref]] of (
      [
        ['NV1', nv1],
        ['NV2', nv2],
      ] as const
    ).entries()) {
      await page.getByLabel('Case', { exact: true }).selectOption(w.stack.fixture.cases[key]!);
      await page.getByLabel('Time for the item, in minutes').fill('45');
      await page.getByRole('button', { name: 'Add to the agenda' }).click();
      // This case's own confirmation (the first one's is still on the page while the second is
      // sent), and the refetched agenda showing it, before the next case is chosen: a refetch
      // landing after the next choice would reset the form under it.
      await page.getByRole('status').getByText(`Added ${ref} `).waitFor();
      await rows.nth(i).waitFor();
    }
    await rows.nth(1).waitFor();
    await expect(rows.nth(0).textContent()).resolves.toContain(nv1);
    // Move the second case up: the time slots follow the order.
    await page.getByRole('button', { name: `Move up ${nv2}` }).click();
    await rows.nth(0).filter({ hasText: nv2 }).waitFor();
    await expect(rows.nth(0).textContent()).resolves.toMatch(/10am to 10:45am/);
    await expectAccessible(page, 'meeting (agenda being built)');
    await screenshot(page, 'meeting-agenda');
    await page.getByRole('button', { name: 'Publish the agenda' }).click();
    await page.getByRole('alert').getByText('Agenda published').waitFor();
    await page.locator('.govuk-summary-list').getByText('Agenda published').waitFor();
    await expectAccessible(page, 'meeting (agenda published)');
  }, 90_000);

  it('a police SPOC makes a referral (check your answers) that the chair accepts', async () => {
    const spoc = await open('spoc.nvp');
    await spoc
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: 'Make a referral' })
      .click();
    await heading(spoc, 'Which clinic are you referring to?');
    await expectAccessible(spoc, 'referral: clinic');
    await spoc.getByRole('button', { name: 'Continue' }).click();
    await spoc.locator('.govuk-error-summary').getByRole('link', { name: 'Select the clinic' }).waitFor();
    await spoc.getByLabel('North Vale Stalking Clinic').check();
    await spoc.getByLabel('Urgent').check();
    await spoc.getByRole('button', { name: 'Continue' }).click();
    await answerReferral(spoc, {
      reason: 'Repeated unwanted contact after the relationship ended (synthetic).',
      crimeReference: 'NV/12345/26',
      subject: ['India', 'Syntheticson'],
      victim: ['Juliet', 'Madeupton'],
      sdashYes: 7,
    });
    await spoc.getByText('7 of 11').waitFor();
    await expectAccessible(spoc, 'referral: check your answers');
    await screenshot(spoc, 'referral-check-answers');
    await spoc.getByRole('button', { name: 'Send the referral' }).click();
    await heading(spoc, 'Referral sent');
    const ref = (await spoc.getByTestId('referral-reference').textContent())!.trim();
    expect(ref).toMatch(/\S/);
    await expectAccessible(spoc, 'referral sent');

    const chair = await open('chair.nvp');
    await chair.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Referrals' }).click();
    await heading(chair, 'Referrals inbox');
    await chair.getByRole('link', { name: ref }).waitFor();
    await expectAccessible(chair, 'referrals inbox');
    await screenshot(chair, 'referrals-inbox');
    await chair.getByRole('link', { name: ref }).click();
    await heading(chair, `Referral ${ref}`);
    await chair.getByRole('button', { name: 'Start screening' }).click();
    await chair.getByRole('alert').getByText('Screening started').waitFor();
    await chair.getByLabel('Accept the referral').check();
    await chair.getByLabel('A clinic case').check();
    await chair
      .getByRole('group', { name: 'Agencies that take part in the case' })
      .getByLabel('North Vale Forensic Mental Health Service')
      .check();
    await expectAccessible(chair, 'referral: screening decision');
    await screenshot(chair, 'referral-screening');
    await chair.getByRole('button', { name: 'Confirm the decision' }).click();
    await chair.getByRole('alert').getByText('Referral accepted').waitFor();
    await chair.locator('.govuk-tag', { hasText: 'Accepted' }).first().waitFor();
    await expectAccessible(chair, 'referral accepted');
  }, 90_000);

  it('a mental-health clinician contributes the agency’s assessment (structured judgements)', async () => {
    const mh = await open('mh.nvh');
    await mh.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'My cases' }).click();
    await heading(mh, 'My cases');
    await expectAccessible(mh, 'my cases');
    const nv1 = await reference('NV1');
    await mh.getByLabel(/Search by case reference/).fill(nv1);
    await mh.getByRole('button', { name: 'Search' }).click();
    await mh.getByRole('link', { name: nv1 }).click();
    await heading(mh, `Case ${nv1}`);
    await expectAccessible(mh, 'case page (mental health)');
    await screenshot(mh, 'case-page-mental-health');
    await mh.getByRole('button', { name: 'Contribute your agency’s assessment' }).click();
    await heading(mh, 'Contribute your agency’s assessment');
    await mh.getByLabel('Stalking Risk Profile (SRP)').check();
    await mh.getByLabel('Version or edition of the tool').fill('2nd edition');
    for (const [domain, level] of [
      ['violence', 'Moderate'],
      ['persistence', 'High'],
      ['recurrence', 'High'],
      ['psychosocialDamage', 'Moderate'],
    ])
      await mh
        .locator(`#judgement-${domain}${level === 'Low' ? '' : level === 'Moderate' ? '-2' : '-3'}`)
        .check();
    await mh.getByRole('button', { name: 'Submit the assessment' }).click();
    // The rationale is required: the error summary links to it.
    await mh
      .locator('.govuk-error-summary')
      .getByRole('link', { name: 'Enter the reasons for your judgement' })
      .waitFor();
    await expectAccessible(mh, 'assessment (with errors)');
    await mh.getByLabel('Reasons for your judgement').fill('Persistent rejected-type pursuit (synthetic).');
    await screenshot(mh, 'assessment');
    await mh.getByRole('button', { name: 'Submit the assessment' }).click();
    await heading(mh, `Case ${nv1}`);
    await mh.getByRole('alert').getByText('Stalking Risk Profile (SRP) assessment submitted').waitFor();
    await mh
      .getByText('Violence Moderate, persistence High, recurrence High, psychosocial damage Moderate')
      .first()
      .waitFor();
    await expectAccessible(mh, 'case page after the assessment');
  }, 90_000);

  it('the chair records an action in the meeting and the police owner completes it', async () => {
    const { meetingId } = await meetingUnderWay(w, 'Extraordinary clinic (synthetic)', 'NV2');

    const chair = await open('chair.nvp');
    await chair.goto(`/meetings/${meetingId}`);
    await heading(chair, 'Extraordinary clinic (synthetic)');
    await chair.getByRole('button', { name: 'Run the meeting' }).click();
    await heading(chair, 'Run the meeting: Extraordinary clinic (synthetic)');
    await chair.getByText(/^Record an action for /).click();
    await chair.getByLabel('Action', { exact: true }).fill('Apply for an interim SPO (synthetic)');
    await chair.getByLabel('Owner agency').selectOption({ label: 'North Vale Police' });
    const due = dateParts(5);
    await chair.locator('input[id^="action-"][id$="-due"]').fill(due.day);
    await chair.locator('input[id^="action-"][id$="-due-month"]').fill(due.month);
    await chair.locator('input[id^="action-"][id$="-due-year"]').fill(due.year);
    await chair.getByLabel('High').check();
    await expectAccessible(chair, 'run the meeting');
    await screenshot(chair, 'run-meeting');
    await chair.getByRole('button', { name: 'Record the action' }).click();
    await chair.getByText(/Apply for an interim SPO \(synthetic\) – North Vale Police, due/).waitFor();

    const spoc = await open('spoc.nvp');
    await spoc.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Actions' }).click();
    await heading(spoc, 'My agency’s actions');
    await expectAccessible(spoc, 'actions (overdue)');
    await spoc.getByRole('link', { name: 'Open', exact: true }).click();
    await spoc.getByRole('link', { name: 'Apply for an interim SPO (synthetic)' }).click();
    await heading(spoc, 'Apply for an interim SPO (synthetic)');
    await expectAccessible(spoc, 'action');
    await spoc.getByLabel('Completed', { exact: true }).check();
    await spoc.getByRole('button', { name: 'Save' }).click();
    await spoc
      .locator('.govuk-error-summary')
      .getByRole('link', { name: 'Enter a note about what was done' })
      .waitFor();
    await spoc.getByLabel('Note').fill('Interim SPO applied for at the magistrates’ court (synthetic).');
    await screenshot(spoc, 'action-update');
    await spoc.getByRole('button', { name: 'Save' }).click();
    await spoc.getByRole('alert').getByText('Action marked as completed').waitFor();
    await spoc.locator('.govuk-summary-list .govuk-tag', { hasText: 'Completed' }).waitFor();
    await expectAccessible(spoc, 'action completed');
    await spoc
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: /^Notifications/ })
      .click();
    await heading(spoc, 'Notifications');
    await expectAccessible(spoc, 'notifications inbox');
    await spoc.goto('/actions?view=ALL');
    await spoc.getByRole('link', { name: 'Apply for an interim SPO (synthetic)' }).waitFor();
    await expect(spoc.locator('main').textContent()).resolves.toContain('Completed');
  }, 90_000);
  it('police record an order with its conditions and the subject’s notification, and a breach a supervisor approved as no crime', async () => {
    const spoc = await open('spoc.nvp');
    await spoc.goto(`/cases/${w.stack.fixture.cases.NV2}`);
    await heading(spoc, `Case ${await reference('NV2')}`);
    await spoc.getByRole('button', { name: 'Record an order' }).click();
    await heading(spoc, 'Record an order or conditions');
    await spoc.getByRole('button', { name: 'Record the order' }).click();
    await spoc
      .locator('.govuk-error-summary')
      .getByRole('link', { name: 'Select the type of order' })
      .waitFor();
    await spoc.getByLabel('Type of order').selectOption({ label: 'Interim stalking protection order' });
    await spoc.getByText(/must notify the police within 3 days of service/).waitFor();
    await spoc.getByLabel('In force').check();
    await fillDate(spoc, 'served', 0);
    await spoc.getByRole('button', { name: 'Record the order' }).click();
    await spoc
      .locator('.govuk-error-summary')
      .getByRole('link', { name: 'Enter the date the order was made' })
      .waitFor();
    await fillDate(spoc, 'granted', -1);
    await spoc.getByLabel('Until further order').check();
    await spoc.getByRole('button', { name: 'Add a condition' }).click();
    await spoc
      .getByLabel('Condition 1: the text the subject is served with')
      .fill('Not to contact the victim directly or indirectly (synthetic).');
    await spoc.getByLabel('What the condition protects (optional)').selectOption({ label: 'Exclusion zone' });
    await spoc
      .getByLabel('The protected address, workplace or zone')
      .fill('Exclusion zone around a synthetic street (canary-free test text)');
    await expectAccessible(spoc, 'record an order');
    await screenshot(spoc, 'record-order');
    await spoc.getByRole('button', { name: 'Record the order' }).click();
    await spoc.getByRole('alert').getByText('Interim stalking protection order recorded').waitFor();
    await spoc.getByRole('link', { name: 'Interim stalking protection order' }).click();
    await heading(spoc, 'Interim stalking protection order');
    await expectAccessible(spoc, 'order');
    // The protected detail is not on the order page: only the served text is.
    await expect(spoc.locator('main').textContent()).resolves.not.toContain('Exclusion zone around');
    await fillDate(spoc, 'notification-received', 0);
    await spoc.getByRole('button', { name: 'Record the notification' }).click();
    await spoc.getByRole('alert').getByText('The subject’s notification is recorded').waitFor();
    await spoc.getByText(/^Received /).waitFor();
    await spoc
      .getByLabel('The text the subject is served with')
      .fill('Not to enter the named area (synthetic).');
    await spoc.getByRole('button', { name: 'Add the condition' }).click();
    await spoc.getByRole('alert').getByText('Condition added').waitFor();
    await spoc.getByText('Not to enter the named area (synthetic).').waitFor();

    // A breach not recorded as a crime names another officer of the force from the list offered.
    await spoc.goto(`/cases/${w.stack.fixture.cases.NV2}/breach`);
    await heading(spoc, 'Record a breach');
    await fillDate(spoc, 'occurred', -1);
    await spoc.getByLabel('Time').fill('07:30');
    await spoc.getByLabel('Contact', { exact: true }).check();
    await spoc
      .getByLabel('Order breached (optional)')
      .selectOption({ label: 'Interim stalking protection order (in force)' });
    await spoc.getByLabel('No, a supervisor approved why not').check();
    await spoc.getByRole('button', { name: 'Record the breach' }).click();
    const summary = spoc.locator('.govuk-error-summary');
    await summary.getByRole('link', { name: 'Enter why the breach was not recorded as a crime' }).waitFor();
    await summary.getByRole('link', { name: 'Select the officer who approved the reason' }).waitFor();
    const offered = await spoc
      .getByLabel('Officer who approved the reason')
      .locator('option')
      .allTextContents();
    expect(offered).toEqual(['Select an officer', 'Demo Chair (North Vale Police)']);
    await spoc
      .getByLabel('Why was it not recorded as a crime?')
      .fill('Already recorded under the course of conduct (synthetic).');
    await spoc
      .getByLabel('Officer who approved the reason')
      .selectOption({ label: 'Demo Chair (North Vale Police)' });
    await expectAccessible(spoc, 'record a breach (no crime)');
    await spoc.getByRole('button', { name: 'Record the breach' }).click();
    await spoc
      .getByRole('alert')
      .getByText(/^Breach recorded/)
      .waitFor();
    const { case: c } = await must<{
      case: {
        breaches: {
          nodes: { crimeReference: string | null; reasonApprovedBy: { displayName: string } | null }[];
        };
      };
    }>(
      'chair.nvp',
      `query($id: ID!) { case(id: $id) { breaches { nodes { crimeReference reasonApprovedBy { displayName } } } } }`,
      {
        id: w.stack.fixture.cases.NV2,
      },
    );
    expect(c.breaches.nodes.at(-1)).toEqual({
      crimeReference: null,
      reasonApprovedBy: { displayName: 'Demo Chair (North Vale Police)' },
    });
  }, 90_000);

  it('police add a document shared with the clinician, who downloads it; the advocate, not chosen, never sees it', async () => {
    const name = `police-summary-${Date.now()}.txt`;
    const text = 'Police shared summary for the clinic (synthetic).\n';
    const spoc = await open('spoc.nvp');
    await spoc.goto(`/cases/${w.stack.fixture.cases.NV1}`);
    await spoc.getByRole('button', { name: 'Add a document' }).click();
    await heading(spoc, 'Add a document');
    await spoc.getByRole('button', { name: 'Add the document' }).click();
    await spoc.locator('.govuk-error-summary').getByRole('link', { name: 'Select a file' }).waitFor();
    await spoc
      .getByLabel('Upload a file')
      .setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
    await spoc.getByLabel('What does it contain?').selectOption({ label: 'Police shared summary' });
    await spoc.getByLabel('North Vale Forensic Mental Health Service').check();
    await expectAccessible(spoc, 'add a document');
    await spoc.getByRole('button', { name: 'Add the document' }).click();
    await spoc.getByRole('alert').getByText(`${name} added to the case`).waitFor();

    const mh = await open('mh.nvh');
    await mh.goto(`/cases/${w.stack.fixture.cases.NV1}`);
    await mh.getByRole('link', { name: new RegExp(name.replace('.', '\\.')) }).click();
    await heading(mh, name);
    await expectAccessible(mh, 'document');
    const [download] = await Promise.all([
      mh.waitForEvent('download'),
      mh.getByRole('button', { name: 'Download the document' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(name);
    const file = await download.path();
    const fs = await import('node:fs');
    expect(fs.readFileSync(file, 'utf8')).toBe(text);

    const advocate = await open('advocate.nva');
    await advocate.goto(`/cases/${w.stack.fixture.cases.NV1}`);
    await heading(advocate, `Case ${await reference('NV1')}`);
    await expect(advocate.locator('main').textContent()).resolves.not.toContain(name);
  }, 90_000);

  it('police open a victim’s locations by stating why (audited, with that reason) and record a new one; the clinician has no way in', async () => {
    const purpose = `Safety visit planning ${Date.now()} (synthetic)`;
    const spoc = await open('spoc.nvp');
    await spoc.goto(`/cases/${w.stack.fixture.cases.NV2}`);
    await spoc.getByRole('link', { name: /^Locations and contact details/ }).click();
    await heading(spoc, /^Locations and contact: /);
    await expectAccessible(spoc, 'victim locations (purpose)');
    await spoc.getByRole('button', { name: 'Show the locations' }).click();
    await spoc
      .locator('.govuk-error-summary')
      .getByRole('link', { name: 'Enter why you need the locations' })
      .waitFor();
    await spoc.getByLabel('Why do you need them?').selectOption('SAFETY_PLANNING');
    await spoc.getByLabel('Say why, in a sentence').fill(purpose);
    await spoc.getByRole('button', { name: 'Show the locations' }).click();
    await spoc.getByText(`Opened for: Safety planning for the victim: ${purpose}`).waitFor();
    const [event] = await w.stack.owner.query(
      `SELECT action, categories FROM audit.events WHERE actor_id = $1 AND purpose = $2 AND 'D12' = ANY(categories)`,
      [w.stack.fixture.users['spoc.nvp'], `Safety planning for the victim: ${purpose}`],
    );
    expect(event).toMatchObject({ action: 'VIEW' });
    await spoc.getByLabel('Kind of location').selectOption({ label: 'Work' });
    await spoc.getByLabel('Address line 1').fill('Unit 9, Synthetic Trading Estate');
    await spoc.getByLabel('Town or city').fill('Testville');
    await spoc.getByLabel('Postcode').fill('ZZ99 9ZW');
    await expectAccessible(spoc, 'victim locations (record)');
    await spoc.getByRole('button', { name: 'Record the location' }).click();
    await spoc.getByRole('alert').getByText('Work location recorded').waitFor();
    await spoc.getByText('Unit 9, Synthetic Trading Estate, Testville, ZZ99 9ZW').waitFor();

    // The order's protected detail, likewise only with a reason (this test makes its own order).
    const { recordOrder } = await must<{ recordOrder: { id: string } }>(
      'spoc.nvp',
      `mutation($i: RecordOrderInput!) { recordOrder(input: $i) { id } }`,
      {
        i: {
          caseId: w.stack.fixture.cases.NV2,
          typeCode: 'INTERIM_SPO',
          status: 'APPLIED',
          appliedOn: dateParts(-1).iso,
          conditions: [
            {
              servedText: 'Not to attend the protected workplace (synthetic).',
              protectedKind: 'WORKPLACE',
              protectedDetail: 'Synthetic workplace behind the test depot',
            },
          ],
        },
      },
    );
    await spoc.goto(`/cases/${w.stack.fixture.cases.NV2}/orders/${recordOrder.id}`);
    await heading(spoc, 'Interim stalking protection order');
    await expect(spoc.locator('main').textContent()).resolves.not.toContain('behind the test depot');
    await spoc.getByLabel('Why do you need it?').selectOption('ORDER_ENFORCEMENT');
    await spoc.getByLabel('Say why, in a sentence').fill(`Checking the workplace ${Date.now()} (synthetic)`);
    await spoc.getByRole('button', { name: 'Show what they protect' }).click();
    await spoc.getByText('Workplace: Synthetic workplace behind the test depot').waitFor();
    await expectAccessible(spoc, 'order protected detail');

    // The clinician's case page offers no way to the victim's locations; the API refuses them too.
    const mh = await open('mh.nvh');
    await mh.goto(`/cases/${w.stack.fixture.cases.NV1}`);
    await heading(mh, `Case ${await reference('NV1')}`);
    await expect(mh.getByRole('link', { name: /^Locations and contact details/ }).count()).resolves.toBe(0);
  }, 90_000);

  it('keyboard only: a skip link first, a visible focus on every stop, and a form completed and sent without a mouse', async () => {
    const spoc = await open('spoc.nvp');
    await spoc.goto(`/cases/${w.stack.fixture.cases.NV2}/breach`);
    await heading(spoc, 'Record a breach');
    /** The focused element's name, and whether the GOV.UK focus style (yellow outline or box shadow) shows. */
    const focused = () =>
      spoc.evaluate(FOCUS_PROBE) as Promise<{ name: string; tag: string; visible: boolean }>;
    // Each page focuses its h1 on arrival; from the top of the document the skip link comes first.
    await spoc.evaluate(
      "document.body.setAttribute('tabindex', '-1'); document.body.focus(); document.body.removeAttribute('tabindex')",
    );
    await spoc.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ name: 'Skip to main content', visible: true });
    await spoc.keyboard.press('Enter');
    /** Tabs forward to the control named `name`, asserting a visible focus on each stop on the way. */
    const tabTo = async (name: string | RegExp) => {
      for (let i = 0; i < 60; i++) {
        await spoc.keyboard.press('Tab');
        const f = await focused();
        if (!f.visible) throw new Error(`no visible focus on ${f.tag} "${f.name}"`);
        if (typeof name === 'string' ? f.name === name : name.test(f.name)) return;
      }
      throw new Error(`could not reach "${String(name)}" with the Tab key`);
    };
    // Sent empty from the keyboard: the error summary takes the focus, and its links lead to the fields.
    await tabTo('Record the breach');
    await spoc.keyboard.press('Enter');
    await spoc.locator('.govuk-error-summary:focus').waitFor();
    await tabTo('Enter the date of the breach');
    await spoc.keyboard.press('Enter');
    expect((await focused()).name).toBe('Day');
    // Yesterday: a breach cannot be in the future.
    const d = dateParts(-1);
    await spoc.keyboard.type(d.day);
    await tabTo('Month');
    await spoc.keyboard.type(d.month);
    await tabTo('Year');
    await spoc.keyboard.type(d.year);
    await tabTo('Time');
    await spoc.keyboard.type('06:45');
    await tabTo('Contact');
    await spoc.keyboard.press('Space');
    await tabTo('Crime reference');
    await spoc.keyboard.type('NV/KEYBOARD/0001');
    await tabTo('Record the breach');
    await spoc.keyboard.press('Enter');
    await spoc
      .getByRole('alert')
      .getByText(/^Breach recorded/)
      .waitFor();
  }, 90_000);
});
