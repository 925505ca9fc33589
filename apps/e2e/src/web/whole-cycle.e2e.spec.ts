import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { eventually } from '@scp/platform-testing';
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
import { answerReferral } from './referral-steps.js';

/** An iPhone-sized window (CSS pixels), and the desktop one `signedIn` opens with. */
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

/** London's wall clock now: the day and the minutes since midnight. */
function londonNow(): { minutes: number } {
  const [h, m] = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(new Date())
    .split(':')
    .map(Number) as [number, number];
  return { minutes: h * 60 + m };
}
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Issue 15, the whole clinic cycle in the browser: one new referral taken from the police SPOC's
 * referral to the DPO's audit search, every role doing its own part on its own screens (no
 * GraphQL set-up; the API is read only to assert). Every page visited is checked with axe, some of
 * the new screens at 375x812 too; each save is timed from the click to its confirmation.
 */
describe('web: one referral through the whole clinic cycle, every role in the app', () => {
  let w: WebStack;
  const pages: Page[] = [];
  /** Each save, click to confirmation (ms), by name. */
  const saves: [string, number][] = [];
  const open = async (username: string) => {
    const page = await signedIn(w, username);
    pages.push(page);
    return page;
  };
  const nav = (page: Page, name: string | RegExp) =>
    page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name }).click();
  /** Clicks `button` (a locator) and waits for `confirmation` (a locator), recording the time. */
  const timed = async (
    what: string,
    button: ReturnType<Page['getByRole']>,
    confirmation: ReturnType<Page['getByRole']>,
  ) => {
    const started = performance.now();
    await button.click();
    await confirmation.waitFor();
    saves.push([what, performance.now() - started]);
  };
  const banner = (page: Page, text: string | RegExp) => page.getByRole('alert').getByText(text).first();
  /** axe at the desktop size, then on a 375 px phone (the page must not widen), then back. */
  const accessibleOnPhone = async (page: Page, where: string) => {
    await expectAccessible(page, where);
    await page.setViewportSize(PHONE);
    const width = (await page.evaluate('document.scrollingElement.scrollWidth')) as number;
    if (width > PHONE.width) throw new Error(`${where} is ${width} px wide on a 375 px phone`);
    await expectAccessible(page, `${where} on a phone`);
    await page.setViewportSize(DESKTOP);
  };

  beforeAll(async () => {
    w = await startWebStack({ canaries: true });
  }, 90_000);
  afterEach(async () => {
    // On a failure, what each open page showed (its URL and main text) for the log.
    if (process.env.SCP_CYCLE_DEBUG !== '1') return;
    for (const p of pages)
      process.stdout.write(
        `--- ${p.url()}\n${(
          await p
            .locator('main')
            .innerText()
            .catch(() => '')
        ).slice(0, 6000)}\n`,
      );
  });
  afterAll(async () => {
    for (const p of pages.splice(0)) await p.context().close();
    if (saves.length) {
      const sorted = saves.map(([, ms]) => ms).sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
      process.stdout.write(
        `whole-cycle saves: n=${sorted.length} p50=${at(0.5).toFixed(0)} ms p95=${at(0.95).toFixed(0)} ms max=${sorted.at(-1)!.toFixed(0)} ms\n` +
          saves.map(([what, ms]) => `  ${what}: ${ms.toFixed(0)} ms`).join('\n') +
          '\n',
      );
    }
    await w?.close();
  }, 30_000);

  it('referral → screening → meeting → partners → decisions → actions → victim update → audit → admin', async () => {
    const stamp = Date.now();
    // ── 1. Police refer the case. ───────────────────────────────────────────────────────────
    const spoc = await open('spoc.nvp');
    await expectAccessible(spoc, 'home (police)');
    await nav(spoc, 'Make a referral');
    await heading(spoc, 'Which clinic are you referring to?');
    await expectAccessible(spoc, 'referral: clinic');
    await spoc.getByLabel('North Vale Stalking Clinic').check();
    await spoc.getByLabel('Urgent').check();
    await spoc.getByRole('button', { name: 'Continue' }).click();
    await answerReferral(spoc, {
      reason: 'Turns up at the victim’s work and sends daily messages since the separation (synthetic).',
      crimeReference: `NV/${String(stamp).slice(-5)}/26`,
      subject: ['Cyclo', 'Wholerun'],
      victim: ['Vicky', 'Fullcircle'],
      sdashYes: 8,
    });
    await expectAccessible(spoc, 'referral: check your answers');
    await timed(
      'send the referral',
      spoc.getByRole('button', { name: 'Send the referral' }),
      spoc.getByRole('heading', { level: 1, name: 'Referral sent' }),
    );
    const referralRef = (await spoc.getByTestId('referral-reference').textContent())!.trim();
    await expectAccessible(spoc, 'referral sent');

    // ── 2. The coordinator screens and accepts it, with mental health, probation and the advocate. ─
    const coord = await open('coord.nvc');
    await expectAccessible(coord, 'home (coordinator)');
    await nav(coord, 'Referrals');
    await heading(coord, 'Referrals inbox');
    await expectAccessible(coord, 'referrals inbox');
    await coord.getByRole('link', { name: referralRef }).click();
    await heading(coord, `Referral ${referralRef}`);
    await expectAccessible(coord, 'referral (submitted)');
    await timed(
      'start screening',
      coord.getByRole('button', { name: 'Start screening' }),
      banner(coord, 'Screening started'),
    );
    await coord.getByLabel('Accept the referral').check();
    await coord.getByLabel('A clinic case').check();
    await coord.getByLabel('Lead agency').selectOption({ label: 'North Vale Police' });
    const taking = coord.getByRole('group', { name: 'Agencies that take part in the case' });
    for (const agency of [
      'North Vale Police',
      'North Vale Forensic Mental Health Service',
      'Probation Service North Vale',
      'Vale Stalking Advocacy',
    ])
      await taking.getByLabel(agency, { exact: true }).check();
    await expectAccessible(coord, 'referral: screening decision');
    await timed(
      'accept the referral',
      coord.getByRole('button', { name: 'Confirm the decision' }),
      banner(coord, 'Referral accepted'),
    );
    // The case is opened from the accepted referral (by an event): the page links it once it exists.
    const caseLink = coord.locator('main a[href^="/cases/"]').first();
    await eventually(async () => {
      if (await caseLink.isVisible()) return true;
      await coord.reload();
      await heading(coord, `Referral ${referralRef}`);
      return caseLink.isVisible();
    }, 20_000);
    const caseRef = (await caseLink.textContent())!.trim();
    const caseId = (await caseLink.getAttribute('href'))!.split('/').pop()!;
    await expectAccessible(coord, 'referral accepted');

    // ── 3. The coordinator schedules today's meeting, lists the case and publishes the agenda. ──
    // Later today when the day leaves room (then the partners' records offer to be the agency's
    // contribution, which is only offered before the meeting starts), else earlier today.
    const now = londonNow().minutes;
    const later = Math.ceil((now + 15) / 5) * 5;
    const [start, end] =
      later + 10 <= 23 * 60 + 59 ? [later, Math.min(later + 60, 23 * 60 + 59)] : [480, 540];
    const title = 'Whole-cycle clinic (synthetic)';
    await nav(coord, 'Clinic calendar');
    await heading(coord, 'Clinic calendar');
    await expectAccessible(coord, 'clinic calendar');
    await coord.getByRole('button', { name: 'Schedule a meeting' }).click();
    await heading(coord, 'Schedule a meeting');
    await expectAccessible(coord, 'schedule a meeting');
    await coord.getByLabel('Title').fill(title);
    await fillDate(coord, 'date', 0);
    await coord.getByLabel('Start time').fill(hhmm(start));
    await coord.getByLabel('End time').fill(hhmm(end));
    await coord.getByLabel('Place', { exact: true }).fill('Room 2, North Vale council offices (synthetic)');
    await timed(
      'schedule the meeting',
      coord.getByRole('button', { name: 'Schedule the meeting' }),
      coord.getByText('Meeting scheduled').first(),
    );
    await heading(coord, title);
    const meetingUrl = new URL(coord.url()).pathname;
    await coord.getByLabel('Type of item').selectOption('URGENT');
    await coord.getByLabel('Case', { exact: true }).selectOption(caseId);
    await coord.getByLabel('Time for the item, in minutes').fill('40');
    // The meetings service learns the new case by an event: until then it refuses the item.
    await eventually(async () => {
      await coord.getByRole('button', { name: 'Add to the agenda' }).click();
      const added = coord.getByRole('status').getByText(`Added ${caseRef} `);
      const refused = coord.locator('.govuk-error-summary');
      await Promise.race([added.waitFor(), refused.waitFor()]);
      if (await added.isVisible()) return true;
      await coord.getByLabel('Case', { exact: true }).selectOption(caseId);
      return false;
    }, 20_000);
    await coord.getByTestId('agenda-row').filter({ hasText: caseRef }).waitFor();
    // The partners of the case, and the police SPOC, are invited.
    for (const [person, agency] of [
      ['Demo SPOC (North Vale Police)', 'North Vale Police'],
      ['Demo Psychologist (North Vale NHS)', 'North Vale Forensic Mental Health Service'],
      ['Demo Probation Officer (North Vale)', 'Probation Service North Vale'],
      ['Demo Advocate (Vale Stalking Advocacy)', 'Vale Stalking Advocacy'],
    ] as const) {
      await coord.getByLabel('Person', { exact: true }).selectOption({ label: `${person} (${agency})` });
      await timed(
        'invite someone',
        coord.getByRole('button', { name: 'Invite', exact: true }),
        coord
          .getByRole('listitem')
          .filter({ hasText: new RegExp(`^${agency} – `) })
          .first(),
      );
    }
    await expectAccessible(coord, 'meeting (agenda being built)');
    await timed(
      'publish the agenda',
      coord.getByRole('button', { name: 'Publish the agenda' }),
      banner(coord, 'Agenda published'),
    );
    await expectAccessible(coord, 'meeting (agenda published)');

    // ── 4. Mental health, probation and the advocate give their input on the new case. ─────
    const contributionOffered = start > now;
    const mh = await open('mh.nvh');
    await mh.goto(`/cases/${caseId}`);
    await heading(mh, `Case ${caseRef}`);
    await expectAccessible(mh, 'case page (mental health)');
    await mh.getByRole('button', { name: 'Formulation and clinical records' }).click();
    await heading(mh, 'Formulation and clinical records');
    const formulation = mh.getByTestId('formulation-form');
    await formulation
      .getByLabel('Formulation summary')
      .fill('Rejected-type pursuit with escalating contact after the separation (synthetic).');
    await formulation
      .getByLabel('Protective factors')
      .fill('Stable employment; engages with the GP (synthetic).');
    await formulation
      .getByLabel('Risk-management recommendations')
      .fill('Psychological assessment; supervise contact with the victim (synthetic).');
    if (contributionOffered) {
      // Offered (and ticked) because the case is on the agenda of a meeting yet to start.
      const offer = formulation.getByLabel('Send this formulation as your agency’s contribution');
      await expect(offer.isChecked()).resolves.toBe(true);
    }
    await accessibleOnPhone(mh, 'mental health formulation');
    await screenshot(mh, 'cycle-partner-record-formulation');
    await timed(
      'mental health formulation',
      formulation.getByRole('button', { name: 'Save the formulation' }),
      banner(
        mh,
        contributionOffered
          ? 'Formulation saved and sent as your agency’s contribution'
          : /^Formulation saved/,
      ),
    );
    await expectAccessible(mh, 'mental health formulation (saved)');
    // The agency's assessment, which the agreed risk level can cite.
    await mh.goto(`/cases/${caseId}`);
    await heading(mh, `Case ${caseRef}`);
    await mh.getByRole('button', { name: 'Contribute your agency’s assessment' }).click();
    await heading(mh, 'Contribute your agency’s assessment');
    await mh.getByLabel('Stalking Risk Profile (SRP)').check();
    await mh.getByLabel('Version or edition of the tool').fill('2nd edition');
    for (const [domain, suffix] of [
      ['violence', '-2'],
      ['persistence', '-3'],
      ['recurrence', '-3'],
      ['psychosocialDamage', '-2'],
    ])
      await mh.locator(`#judgement-${domain}${suffix}`).check();
    await mh
      .getByLabel('Reasons for your judgement')
      .fill('Persistent pursuit despite warnings (synthetic).');
    await expectAccessible(mh, 'contribute an assessment');
    await timed(
      'mental health assessment',
      mh.getByRole('button', { name: 'Submit the assessment' }),
      banner(mh, 'Stalking Risk Profile (SRP) assessment submitted'),
    );
    await expectAccessible(mh, 'case page after the assessment');

    const probation = await open('probation.nvps');
    await probation.goto(`/cases/${caseId}`);
    await heading(probation, `Case ${caseRef}`);
    await expectAccessible(probation, 'case page (probation)');
    await probation.getByRole('button', { name: 'Probation summary and detail' }).click();
    await heading(probation, 'Probation summary and detail');
    const summary = probation.getByTestId('summary-form');
    await summary.getByLabel('Supervision status').fill('Not currently supervised (synthetic).');
    await summary.getByLabel('Compliance').fill('Previous order completed with good compliance (synthetic).');
    await expectAccessible(probation, 'probation records');
    await screenshot(probation, 'cycle-partner-record-probation');
    await timed(
      'probation summary',
      summary.getByRole('button', { name: /^Save (the|changes to the) probation summary$/ }),
      banner(probation, /^Probation summary (saved|updated)/),
    );
    await expectAccessible(probation, 'probation records (saved)');

    const advocate = await open('advocate.nva');
    await advocate.goto(`/cases/${caseId}`);
    await heading(advocate, `Case ${caseRef}`);
    await expectAccessible(advocate, 'case page (advocate)');
    await advocate.getByRole('button', { name: 'Victim’s voice and advocacy records' }).click();
    await heading(advocate, 'Victim’s voice and advocacy records');
    const voice = advocate.getByTestId('voice-1-form');
    await voice.getByLabel('Safety plan').fill('Agreed a safe route to work and a code word (synthetic).');
    await accessibleOnPhone(advocate, 'advocacy records');
    await timed(
      'advocate victim’s voice',
      voice.getByRole('button', { name: /victim’s voice/ }),
      banner(advocate, 'Victim’s voice saved'),
    );
    await advocate
      .getByTestId('new-advocacy-form')
      .getByLabel('Needs')
      .fill('Wants to be told before any release or bail (synthetic).');
    await timed(
      'advocacy record',
      advocate.getByTestId('new-advocacy-form').getByRole('button', { name: 'Save the advocacy record' }),
      banner(advocate, 'Advocacy record saved'),
    );
    await expectAccessible(advocate, 'advocacy records (saved)');

    // Partners with no record offered as the contribution send it from the meeting page.
    const contributors: [Page, string][] = [
      [probation, 'Not supervised; previous order completed (synthetic).'],
      [advocate, 'The victim wants an order and regular updates (synthetic).'],
    ];
    if (!contributionOffered) contributors.unshift([mh, 'See the formulation on the case (synthetic).']);
    for (const [page, text] of contributors) {
      await page.goto(meetingUrl);
      await heading(page, title);
      const accept = page.getByRole('button', { name: 'I accept the confidentiality statement' });
      await page.getByRole('heading', { name: 'Agenda' }).waitFor();
      if (await accept.isVisible()) {
        await accept.click();
        await page.getByText('You accepted the confidentiality statement').waitFor();
      }
      await page.getByLabel(`Contribution for ${caseRef}`).fill(text);
      await expectAccessible(page, 'meeting (contribution)');
      await timed(
        'contribution from the meeting page',
        page.getByRole('button', { name: 'Send the contribution' }),
        page.getByText(/^You sent a contribution/),
      );
    }
    await eventually(async () => {
      await coord.reload();
      await heading(coord, title);
      return (
        (await coord.getByTestId('agenda-row').filter({ hasText: caseRef }).getByText('Received').count()) >=
        1
      );
    }, 15_000);

    // ── 5. The chair runs the meeting. ───────────────────────────────────────────────────────
    const chair = await open('chair.nvp');
    await expectAccessible(chair, 'home (chair)');
    await chair.goto(meetingUrl);
    await heading(chair, title);
    await timed(
      'start the meeting',
      chair.getByRole('button', { name: 'Start the meeting' }),
      banner(chair, 'Meeting started'),
    );
    await chair.getByRole('button', { name: 'Run the meeting' }).click();
    await heading(chair, `Run the meeting: ${title}`);
    await expectAccessible(chair, 'run the meeting');
    const recommendations = [
      ['ORDER_APPLICATION', `Apply for a stalking protection order for ${caseRef} (synthetic).`, 'Agreed'],
      ['MH_ASSESSMENT', 'Offer the subject a forensic psychological assessment (synthetic).', 'Agreed'],
      ['VICTIM_SAFETY', 'Move the victim to a new address (synthetic).', 'Not agreed'],
    ] as const;
    for (const [category, text] of recommendations) {
      await chair.getByLabel('Type of recommendation').selectOption(category);
      await chair.getByLabel('Recommendation', { exact: true }).fill(text);
      await timed(
        'propose a recommendation',
        chair.getByRole('button', { name: 'Add the recommendation' }),
        chair.getByTestId('recommendation').filter({ hasText: text }),
      );
    }
    for (const [, text, decision] of recommendations) {
      const rec = chair.getByTestId('recommendation').filter({ hasText: text });
      await rec
        .getByLabel(/^Rationale for the decision/)
        .fill(
          decision === 'Agreed'
            ? 'The SRP and the police summary support it; all agencies agreed (synthetic).'
            : 'The victim does not want to move; the safety plan covers the route instead (synthetic).',
        );
      if (text.startsWith('Apply')) {
        await expectAccessible(chair, 'decide a recommendation');
        await rec.scrollIntoViewIfNeeded();
        await screenshot(chair, 'cycle-decide-recommendation', { fullPage: false });
      }
      await timed(
        'decide a recommendation',
        rec.getByRole('button', { name: new RegExp(`^${decision}\\W`) }),
        rec.getByText('Rationale', { exact: true }),
      );
    }
    await accessibleOnPhone(chair, 'run the meeting (decided)');

    // The agreed risk level, citing mental health's assessment.
    await chair.getByRole('link', { name: `Record the agreed risk level for ${caseRef}` }).click();
    await heading(chair, 'Agreed risk level');
    await chair.getByLabel('High', { exact: true }).check();
    await chair
      .getByLabel('Rationale')
      .fill(
        'Escalating contact and persistence judged high by the SRP; an order is being sought (synthetic).',
      );
    await chair
      .getByLabel(/^Stalking Risk Profile \(SRP\) by North Vale Forensic Mental Health Service/)
      .check();
    await accessibleOnPhone(chair, 'agreed risk level');
    await screenshot(chair, 'cycle-agreed-risk-level');
    await timed(
      'agreed risk level',
      chair.getByRole('button', { name: 'Record the agreed level' }),
      banner(chair, 'Risk level agreed: High'),
    );
    await chair
      .getByText(/^Stalking Risk Profile \(SRP\) by North Vale Forensic Mental Health Service/)
      .first()
      .waitFor();
    await expectAccessible(chair, 'agreed risk level (recorded)');
    await chair.getByRole('link', { name: 'Return to the meeting' }).click();
    await heading(chair, `Run the meeting: ${title}`);

    // An action owned by the police, from the agreed order recommendation.
    const actionTitle = `Apply to the magistrates for an SPO for ${caseRef} (synthetic)`;
    await chair.getByText(`Record an action for ${caseRef}`).click();
    await chair.getByLabel('Action', { exact: true }).fill(actionTitle);
    await chair.getByLabel('Owner agency').selectOption({ label: 'North Vale Police' });
    const due = dateParts(7);
    await chair.locator('input[id^="action-"][id$="-due"]').fill(due.day);
    await chair.locator('input[id^="action-"][id$="-due-month"]').fill(due.month);
    await chair.locator('input[id^="action-"][id$="-due-year"]').fill(due.year);
    await chair.getByLabel('High', { exact: true }).check();
    const from = chair.getByLabel('From recommendation (optional)');
    if (await from.count()) await from.selectOption({ label: recommendations[0][1] });
    await expectAccessible(chair, 'run the meeting (recording an action)');
    await timed(
      'record an action',
      chair.getByRole('button', { name: 'Record the action' }),
      chair.getByText(new RegExp(`${actionTitle.replace(/[()]/g, '\\$&')} – North Vale Police, due`)),
    );
    await timed(
      'end the meeting',
      chair.getByRole('button', { name: 'End the meeting' }),
      banner(chair, 'The meeting has ended. The minutes are in draft.'),
    );
    await heading(chair, `Minutes: ${title}`);
    await expectAccessible(chair, 'minutes (draft)');
    await timed(
      'approve the minutes',
      chair.getByRole('button', { name: 'Approve the minutes' }),
      banner(chair, 'Minutes approved'),
    );
    await heading(chair, `Approved minutes: ${title}`);
    await expectAccessible(chair, 'approved minutes');

    // ── 6. Police complete the action and record an arrest (a victim update falls due). ────
    await spoc.goto('/');
    await nav(spoc, 'Actions');
    await heading(spoc, 'My agency’s actions');
    await expectAccessible(spoc, 'actions');
    await spoc.getByRole('link', { name: 'Open', exact: true }).click();
    await spoc.getByRole('link', { name: actionTitle }).click();
    await heading(spoc, actionTitle);
    await expectAccessible(spoc, 'action');
    await spoc.getByLabel('Completed', { exact: true }).check();
    await spoc.getByLabel('Note').fill('Application lodged at the magistrates’ court (synthetic).');
    await timed(
      'complete the action',
      spoc.getByRole('button', { name: 'Save' }),
      banner(spoc, 'Action marked as completed'),
    );
    await expectAccessible(spoc, 'action completed');
    await spoc.goto(`/cases/${caseId}`);
    await heading(spoc, `Case ${caseRef}`);
    await expectAccessible(spoc, 'case page (police)');
    await spoc.getByRole('button', { name: 'Record an arrest, charge or bail' }).click();
    await heading(spoc, 'Record an arrest, charge or bail');
    await spoc.getByLabel('Arrest').check();
    await accessibleOnPhone(spoc, 'criminal-justice event');
    await screenshot(spoc, 'cycle-criminal-justice-event');
    await timed(
      'record an arrest',
      spoc.getByRole('button', { name: 'Record it' }),
      banner(spoc, /Arrest recorded\. The victim must be told by .+: see Victim updates\./),
    );
    await expectAccessible(spoc, 'case page after the arrest');

    // ── 7. The advocate tells the victim and records it. ────────────────────────────────────
    await advocate.goto('/');
    await nav(advocate, 'Victim updates');
    await heading(advocate, 'Victim updates');
    const update = advocate.getByRole('row').filter({ hasText: caseRef }).filter({ hasText: 'Arrest on' });
    await update.first().waitFor();
    await expectAccessible(advocate, 'victim updates');
    await update
      .first()
      .getByRole('button', { name: `Record the update for ${caseRef}` })
      .click();
    await advocate
      .getByLabel('What was the victim told?')
      .fill('Told of the arrest and that bail conditions will follow (synthetic).');
    await expectAccessible(advocate, 'victim updates (recording)');
    await timed(
      'victim update delivered',
      advocate.getByRole('button', { name: 'Record that the victim was told' }),
      banner(advocate, 'Update recorded'),
    );
    await eventually(async () => (await update.count()) === 0, 10_000);

    // ── 8. The DPO finds the reads of the case's sensitive data in the audit workspace. ─────
    const dpo = await open('auditor.nvp');
    await expectAccessible(dpo, 'home (DPO)');
    await nav(dpo, 'Audit log');
    await heading(dpo, 'Audit log');
    await dpo.getByLabel('Case ID (optional)').fill(caseId);
    await dpo.getByLabel('What happened (optional)').selectOption('VIEW');
    const table = dpo.getByRole('table', { name: 'Events, newest first' });
    // The search: timed until the table shows only reads of this case (the unfiltered list was there before).
    const searched = performance.now();
    await dpo.getByRole('button', { name: 'Show events' }).click();
    await dpo.waitForURL(/caseId=/);
    await eventually(async () => {
      const shown = await table.locator('tbody tr').allInnerTexts();
      return shown.length > 0 && shown.every((row) => /Read \(/.test(row));
    }, 15_000);
    saves.push(['audit search', performance.now() - searched]);
    expect(new URL(dpo.url()).searchParams.get('caseId')).toBe(caseId);
    await accessibleOnPhone(dpo, 'audit workspace (case reads)');
    // The filter as set and the first events below it.
    await dpo.getByLabel('What happened (optional)').evaluate((el) => el.scrollIntoView());
    await screenshot(dpo, 'cycle-audit-workspace', { fullPage: false });
    // The reads shown are the case's own, as the audit chain holds them.
    const [reads] = (await w.stack.owner.query(
      `SELECT count(*)::int AS n FROM audit.events WHERE case_id = $1 AND action = 'VIEW'`,
      [caseId],
    )) as { n: number }[];
    expect(reads!.n).toBeGreaterThan(0);
    // …and exports them: the CSV the page offers (every event the filter matches), itself audited.
    const [file] = await Promise.all([
      dpo.waitForEvent('download'),
      timed(
        'audit export',
        dpo.getByRole('button', { name: 'Download these events (CSV)' }),
        dpo.getByRole('status').getByText(/events? downloaded/),
      ),
    ]);
    expect(file.suggestedFilename()).toMatch(/^audit-events-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs
      .readFileSync((await file.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toMatch(/^seq,occurred_at,actor_id,.*,action,.*,case_id,/);
    const exported = Number(
      (
        await dpo
          .getByRole('status')
          .getByText(/events? downloaded/)
          .innerText()
      ).replace(/\D/g, ''),
    );
    expect(csv.length - 1).toBe(exported);
    for (const row of csv.slice(1)) expect(row).toMatch(new RegExp(`,VIEW,.*,${caseId},`));
    const [exportEvent] = (await w.stack.owner.query(
      `SELECT count(*)::int AS n FROM audit.events WHERE action = 'EXPORT' AND actor_id = $1`,
      [w.stack.fixture.users['auditor.nvp']],
    )) as { n: number }[];
    expect(exportEvent!.n).toBeGreaterThan(0);
    await expectAccessible(dpo, 'audit workspace (exported)');

    // ── 9. The admin deactivates the CPS lawyer, who cannot sign in. ─────────────────────────
    const cpsContext = await w.browser.newContext({ baseURL: w.webUrl, viewport: DESKTOP });
    const cps = await cpsContext.newPage();
    pages.push(cps);
    await cps.goto('/auth/demo');
    await heading(cps, 'Choose a demo user');
    await cps.getByLabel(/\(cps\.nv\)/).check();
    const admin = await open('admin.nvc');
    await admin.goto('/admin');
    await heading(admin, 'Administration');
    await expectAccessible(admin, 'administration');
    const name = 'Demo CPS Lawyer (North Vale)';
    await admin.getByRole('button', { name: `Change ${name}` }).click();
    const panel = admin.getByRole('region', { name: `Change ${name}` });
    await panel.waitFor();
    await accessibleOnPhone(admin, 'administration (changing a user)');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(admin, 'cycle-admin-user-edit', { fullPage: false });
    await timed(
      'deactivate a user',
      panel.getByRole('button', { name: `Deactivate ${name}` }),
      admin.getByText(`${name} deactivated`).first(),
    );
    await admin
      .getByRole('row', { name: /^Demo CPS Lawyer \(North Vale\)/ })
      .getByText('Inactive')
      .waitFor();
    // The sign-in page chosen before the change: refused, with the reason on the page.
    await cps.getByRole('button', { name: 'Sign in' }).click();
    await cps
      .locator('.govuk-error-summary')
      .getByRole('link', { name: 'That demo user cannot sign in' })
      .waitFor();
    await expectAccessible(cps, 'demo sign-in refused');
    await cps.reload();
    await heading(cps, 'Choose a demo user');
    await cps.getByLabel(/\(coord\.nvc\)/).waitFor();
    await expect(cps.getByLabel(/\(cps\.nv\)/).count()).resolves.toBe(0);

    // The coordinator's home dashboard at the end of the cycle.
    await coord.goto('/');
    await heading(coord, /^Hello, /);
    await coord.getByTestId('your-work').waitFor();
    await accessibleOnPhone(coord, 'home dashboard (coordinator)');
    await screenshot(coord, 'cycle-home-dashboard');
  }, 300_000);
});
