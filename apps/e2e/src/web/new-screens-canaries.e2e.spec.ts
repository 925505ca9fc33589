import type { Page } from 'playwright-core';
import { signedIn, startWebStack, type WebStack } from './web-harness.js';

type Category = 'D3' | 'D4' | 'D6' | 'D9' | 'D12' | 'D13' | 'D14' | 'D16' | 'D22';

/**
 * Issue 15, "done when": the canary checks on page text, network responses and print view cover
 * the new screens. The seed marks every sensitive value with `CANARY-<category>-…`; each role
 * visits every screen issue 15 added (a case's partner records, risk level, criminal-justice
 * events, participants, escalation, the victim's view at closure; victim updates, notifications,
 * home), and no category the matrix (entitlements.md) denies that role appears in what the page
 * shows, what it printed, or any answer the browser received — even on a screen the role may not
 * use, where the page must say so without leaking what it would have shown.
 */
const FORBIDDEN: Record<string, Category[]> = {
  // Police (D13 read): no clinical, probation or advocacy detail.
  'spoc.nvp': ['D6', 'D9', 'D14'],
  'mh.nvh': ['D4', 'D9', 'D12', 'D14', 'D16', 'D22'],
  'probation.nvps': ['D4', 'D6', 'D12', 'D14', 'D16', 'D22'],
  // The advocate reads the subject's whereabouts as a proximity flag only.
  'advocate.nva': ['D3', 'D4', 'D6', 'D9'],
  'cps.nv': ['D3', 'D4', 'D6', 'D9', 'D12', 'D14', 'D16', 'D22'],
  'coord.nvc': ['D3', 'D4', 'D6', 'D9', 'D12', 'D13', 'D14', 'D16', 'D22'],
};

const CASE_SCREENS = [
  '',
  '/risk-level',
  '/criminal-justice',
  '/police-records',
  '/probation-records',
  '/mental-health-records',
  '/advocacy-records',
  '/participants',
  '/escalate',
  '/closure-view',
];
const OTHER_SCREENS = ['/', '/victim-updates', '/notifications', '/actions?view=ALL'];

describe('web: canaries on the new screens — page text, print view and every network answer', () => {
  let w: WebStack;
  beforeAll(async () => {
    w = await startWebStack({ canaries: true });
  }, 180_000);
  afterAll(async () => w?.close());

  /** Every answer of the API (and files) the page receives while `visit` runs. */
  const recording = (page: Page) => {
    const bodies: { url: string; body: Promise<string> }[] = [];
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.pathname === '/graphql' || url.pathname.startsWith('/files/'))
        bodies.push({ url: url.pathname, body: res.text().catch(() => '') });
    });
    return bodies;
  };

  it.each(Object.keys(FORBIDDEN))(
    '%s: no denied category on any new screen, printed or on the wire',
    async (username) => {
      const forbidden = FORBIDDEN[username]!;
      const values = forbidden.flatMap((c) => w.stack.fixture.canaries[c].map((v) => [c, v] as const));
      const marker = new RegExp(`CANARY-(${forbidden.join('|')})-`);
      let seen = '';
      const check = (text: string, where: string) => {
        seen += text;
        const found = marker.exec(text)?.[0] ?? values.find(([, v]) => text.includes(v))?.[0];
        if (found) throw new Error(`${username}: ${where} holds a ${found} canary`);
      };
      const page = await signedIn(w, username);
      const bodies = recording(page);
      const nv1 = `/cases/${w.stack.fixture.cases.NV1}`;
      for (const path of [...CASE_SCREENS.map((s) => `${nv1}${s}`), ...OTHER_SCREENS]) {
        await page.goto(path);
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        check(await page.locator('body').innerText(), `the page ${path}`);
        await page.emulateMedia({ media: 'print' });
        check(await page.locator('body').innerText(), `the print view of ${path}`);
        await page.emulateMedia({ media: 'screen' });
      }
      expect(bodies.length).toBeGreaterThan(10);
      for (const { url, body } of bodies) check(await body, `an answer from ${url}`);
      // Not blind: what the role may read does reach it (police read their intelligence, D4; the
      // advocate the victim's voice, D13), so a screen showing nothing would fail here.
      const allowed = { 'spoc.nvp': 'CANARY-D4-', 'advocate.nva': 'CANARY-D13-' }[username];
      if (allowed) expect(seen).toContain(allowed);
      await page.context().close();
    },
    120_000,
  );
});
