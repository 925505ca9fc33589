import type { Page } from 'playwright-core';
import {
  dateParts,
  expectAccessible,
  fillDate,
  heading,
  screenshot,
  signedIn,
  startWebStack,
  type WebStack,
} from './web-harness.js';

/**
 * The web app in a real browser against the running platform: the chair, the police SPOC and the
 * mental-health clinician at work. Every page a flow visits is checked with axe-core. Each test
 * makes the data it needs, so none depends on another's order.
 */
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
    for (const key of ['NV1', 'NV2']) {
      await page.getByLabel('Case', { exact: true }).selectOption(w.stack.fixture.cases[key]!);
      await page.getByLabel('Time for the item, in minutes').fill('45');
      await page.getByRole('button', { name: 'Add to the agenda' }).click();
      await page
        .getByRole('status')
        .getByText(/^Added /)
        .waitFor();
    }
    const rows = page.getByTestId('agenda-row');
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
    await heading(spoc, 'Why are you referring this case?');
    await expectAccessible(spoc, 'referral: reason');
    await spoc
      .getByLabel('Reason for the referral')
      .fill('Repeated unwanted contact after the relationship ended (synthetic).');
    await spoc.getByLabel('Following').check();
    await spoc.getByLabel('Unwanted contact').check();
    await spoc.getByLabel(/Crime references/).fill('NV/12345/26');
    await spoc.getByRole('button', { name: 'Continue' }).click();
    await heading(spoc, 'Who is the subject?');
    await expectAccessible(spoc, 'referral: subject');
    await spoc.getByLabel('Given name').fill('India');
    await spoc.getByLabel('Family name').fill('Syntheticson');
    await spoc.getByRole('button', { name: 'Continue' }).click();
    await heading(spoc, 'Who is the victim?');
    await expectAccessible(spoc, 'referral: victim');
    await spoc.getByLabel('Given name (optional)').fill('Juliet');
    await spoc.getByLabel('Family name (optional)').fill('Madeupton');
    await spoc.getByRole('button', { name: 'Continue' }).click();
    await heading(spoc, 'Criminal justice status and the basis for sharing');
    await expectAccessible(spoc, 'referral: sharing');
    await spoc.getByLabel('Criminal justice status').selectOption('UNDER_INVESTIGATION');
    await spoc.getByLabel('Statutory gateway').check();
    await spoc.getByLabel('Rationale').fill('Crime and Disorder Act 1998 s115 (synthetic)');
    await spoc.getByRole('button', { name: 'Continue' }).click();
    await heading(spoc, 'S-DASH screening');
    for (let q = 1; q <= 11; q++) await spoc.locator(q <= 7 ? `#sdash-${q}` : `#sdash-${q}-2`).check();
    await expectAccessible(spoc, 'referral: S-DASH');
    await spoc.getByRole('button', { name: 'Continue' }).click();
    await heading(spoc, 'Check your answers before sending the referral');
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
    const start = dateParts(0).iso;
    const { scheduleMeeting } = await must<{ scheduleMeeting: { id: string } }>(
      'chair.nvp',
      `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
      {
        i: {
          clinicId: w.stack.fixture.clinics.NV,
          kind: 'EXTRAORDINARY',
          title: 'Extraordinary clinic (synthetic)',
          startsAt: `${start}T09:00:00Z`,
          endsAt: `${start}T10:00:00Z`,
          place: 'Room 1 (synthetic)',
        },
      },
    );
    const meetingId = scheduleMeeting.id;
    await must('chair.nvp', `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id } }`, {
      i: { meetingId, kind: 'URGENT', caseId: w.stack.fixture.cases.NV2, durationMinutes: 30 },
    });
    for (const to of ['AGENDA_PUBLISHED', 'IN_PROGRESS']) {
      const { meeting } = await must<{ meeting: { version: number } }>(
        'chair.nvp',
        `query($id: ID!) { meeting(id: $id) { version } }`,
        {
          id: meetingId,
        },
      );
      await must(
        'chair.nvp',
        `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status } }`,
        {
          i: { meetingId, version: meeting.version, to },
        },
      );
    }

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
});
