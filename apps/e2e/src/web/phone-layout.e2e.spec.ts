import type { Page } from 'playwright-core';
import { must } from '../stack.js';
import {
  dateParts,
  expectAccessible,
  heading,
  meetingWithAgenda,
  screenshot,
  signedIn,
  startWebStack,
  type WebStack,
} from './web-harness.js';

/** An iPhone-sized window (CSS pixels). */
const PHONE = { width: 375, height: 812 };

/** A phrase of two or more words said twice with nothing between. */
const DOUBLED = /([A-Z][a-z’]+(?: [a-z’]+)+)\1/;

/** How wide the page's content is, against the window: more than 375 scrolls the page sideways. */
const PAGE_WIDTH = `document.scrollingElement.scrollWidth`;

/**
 * The web app on a phone (issue 15): for several roles, every main page fits 375 px (no table or
 * long word widens the page; tables scroll in their own focusable region), passes axe at that
 * size, and the navigation folds behind a "Menu" button instead of filling the screen.
 */
describe('web: the main pages on a 375 px phone', () => {
  let w: WebStack;
  let meetingId: string;
  const widths: string[] = [];

  beforeAll(async () => {
    w = await startWebStack({ canaries: false });
    // A meeting tomorrow with NV1 on its published agenda, the SPOC invited: a contribution due.
    meetingId = await meetingWithAgenda(w, {
      days: 1,
      title: 'Extraordinary clinic with a long title to wrap on a phone (synthetic)',
      caseKeys: ['NV1'],
      invite: [['spoc.nvp', 'NVP']],
      publish: true,
    });
    // An action with a long title owned by the police, due this week: the actions tables have a row
    // (a long row is what widened the actions list to 665 px before).
    await must(
      w.stack.gql,
      'chair.nvp',
      `mutation($i: CreateActionInput!) { createAction(input: $i) { id } }`,
      {
        i: {
          caseId: w.stack.fixture.cases.NV1,
          title: 'Review the safety plan with the victim and confirm the new alarm is working (synthetic)',
          ownerAgencyId: w.stack.fixture.agencies.NVP,
          dueOn: dateParts(3).iso,
          priority: 'HIGH',
        },
      },
    );
  }, 90_000);
  afterAll(async () => {
    // The widths seen, for the record of this layout (one line per page and role).
    process.stdout.write(`phone widths (px):\n${widths.join('\n')}\n`);
    await w?.close();
  }, 30_000);

  const onPhone = async (username: string) => {
    const page = await signedIn(w, username);
    await page.setViewportSize(PHONE);
    return page;
  };

  /** Goes to `path`, waits for its h1 and for the data to load, then checks width and axe. */
  const check = async (page: Page, username: string, path: string, h1: string | RegExp) => {
    await page.goto(path);
    await heading(page, h1);
    await page.waitForLoadState('networkidle');
    // The home page's counts came back from the API (not only the page frame).
    if (path === '/') await page.getByTestId('your-work').waitFor();
    const width = (await page.evaluate(PAGE_WIDTH)) as number;
    widths.push(`${username} ${path}: ${width}`);
    expect({ path, width }).toEqual({ path, width: expect.any(Number) });
    if (width > PHONE.width) throw new Error(`${path} as ${username} is ${width} px wide on a 375 px phone`);
    await expectAccessible(page, `${path} as ${username} on a phone`);
    // No words said twice with nothing between ("Agreed actionsAgreed actions": a heading and a
    // caption, or a hidden copy, running together).
    const text = (await page.evaluate(`document.querySelector('main').textContent`)) as string;
    expect({ path, doubled: DOUBLED.exec(text)?.[0] ?? null }).toEqual({ path, doubled: null });
  };

  it('the navigation folds behind a Menu button, opens, and closes on the next page', async () => {
    const page = await onPhone('spoc.nvp');
    await page.goto('/');
    await heading(page, /^Hello, /);
    const menu = page.getByRole('button', { name: 'Menu' });
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link').count()).resolves.toBe(0);
    // The heading is near the top, not below a screen of links.
    const top = await page.getByRole('heading', { level: 1 }).evaluate((h) => h.getBoundingClientRect().top);
    expect(top).toBeLessThan(330);
    await menu.click();
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
    await screenshot(page, 'phone-menu');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'My cases' }).click();
    await heading(page, /cases/i);
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    await expectAccessible(page, 'cases on a phone, menu closed');
    // On a wide screen there is no Menu button: the links show.
    await page.setViewportSize({ width: 1280, height: 900 });
    // The layout follows the resize on the next frame: wait for the button to go (isVisible would
    // read the moment before, which made this flaky under load).
    await menu.waitFor({ state: 'hidden', timeout: 5_000 });
    await expect(menu.isVisible()).resolves.toBe(false);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Home' }).waitFor();
    await page.context().close();
  }, 60_000);

  it('the home page counts the police SPOC’s contribution due for the meeting they are invited to, and the action due this week', async () => {
    const page = await onPhone('spoc.nvp');
    const work = page.getByTestId('your-work');
    await work.waitFor();
    // NV1 is on the agenda and the police take part in it: their contribution is due.
    const due = work.getByRole('link', {
      name: '1 contribution due for Extraordinary clinic with a long title to wrap on a phone (synthetic)',
    });
    await expect(due.getAttribute('href')).resolves.toBe(`/meetings/${meetingId}`);
    await work.getByRole('link', { name: /overdue actions?$/ }).waitFor();
    await expect(
      work.getByRole('link', { name: '1 action due this week' }).getAttribute('href'),
    ).resolves.toBe('/actions?view=DUE_THIS_WEEK');
    await expectAccessible(page, 'home on a phone, with work');
    await screenshot(page, 'phone-home');
    await page.context().close();
  }, 60_000);

  const PAGES: Record<string, [string, string | RegExp][]> = {
    'chair.nvp': [
      ['/', /^Hello, /],
      ['/referrals', /Referrals/],
      ['/meetings', 'Clinic calendar'],
      ['/cases', 'Cases'],
      ['/actions', /actions/i],
      ['/victim-updates', /Victim updates/],
      ['/notifications', 'Notifications'],
    ],
    'coord.nvc': [
      ['/', /^Hello, /],
      ['/referrals', /Referrals/],
      ['/cases', 'Cases'],
      ['/actions', /actions/i],
    ],
    'spoc.nvp': [
      ['/', /^Hello, /],
      ['/cases', 'My cases'],
      ['/actions', /actions/i],
      ['/victim-updates', /Victim updates/],
      ['/meetings', 'Meetings'],
      ['/referrals', /referrals/i],
    ],
    'advocate.nva': [
      ['/', /^Hello, /],
      ['/cases', 'My cases'],
      ['/victim-updates', /Victim updates/],
      ['/notifications', 'Notifications'],
      ['/notifications/preferences', 'Email preferences'],
    ],
    'auditor.nvp': [
      ['/', /^Hello, /],
      ['/audit', 'Audit log'],
    ],
  };

  for (const [username, pages] of Object.entries(PAGES))
    it(`${username}: ${pages.length} pages fit 375 px and pass axe`, async () => {
      const page = await onPhone(username);
      for (const [path, h1] of pages) await check(page, username, path, h1);
      await page.context().close();
    }, 120_000);

  it('the chair’s case and meeting pages fit too', async () => {
    const page = await onPhone('chair.nvp');
    await check(page, 'chair.nvp', `/cases/${w.stack.fixture.cases.NV1}`, /^Case /);
    // The case timeline is in the GOV.UK font, like the rest of the page.
    const font = await page.evaluate(`getComputedStyle(document.querySelector('.scp-timeline')).fontFamily`);
    expect(font).toMatch(/GDS Transport/);
    await check(page, 'chair.nvp', `/meetings/${meetingId}`, /Extraordinary clinic/);
    await page.context().close();
  }, 90_000);
});
