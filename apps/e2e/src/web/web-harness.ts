import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { eventually, testRedisUrl, uniquePrefix } from '@scp/platform-testing';
import { createWebApp, loadWebConfig } from '@scp/web-app';
import { must, startStack, type Stack } from '../stack.js';

const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));
const CLIENT_INDEX = path.join(WEB_ROOT, 'dist/client/index.html');
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const CHROMIUM = '/usr/bin/chromium';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const stale = () =>
  !fs.existsSync(CLIENT_INDEX) ||
  fs.statSync(CLIENT_INDEX).mtimeMs < newestMtime(path.join(WEB_ROOT, 'client'));

/**
 * The Vite build the BFF serves: `npm test` builds it in its build step; a `--jest-only` run
 * after a change to the client rebuilds it here (stale generated types fail the build, as in CI).
 * Test files run in parallel workers: one builds (holding a lock directory), the others wait.
 */
export async function ensureClientBuild(): Promise<void> {
  const lock = path.join(WEB_ROOT, 'dist/.build-lock');
  for (const until = Date.now() + 120_000; stale();) {
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    let owner = false;
    try {
      fs.mkdirSync(lock);
      owner = true;
    } catch {
      // another worker is building
    }
    if (owner) {
      try {
        if (!stale()) return;
        const r = spawnSync(process.execPath, [path.join(WEB_ROOT, 'scripts/build.mjs')], {
          encoding: 'utf8',
        });
        if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
        return;
      } finally {
        fs.rmSync(lock, { recursive: true, force: true });
      }
    }
    if (Date.now() > until)
      throw new Error(`web build lock ${lock} held for 2 minutes; remove it if no build runs`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface WebStack {
  stack: Stack;
  webUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The platform (seeded, every subgraph its own process), the web BFF in front of its gateway, one Chromium. */
export async function startWebStack(opts: { canaries?: boolean } = {}): Promise<WebStack> {
  await ensureClientBuild();
  const stack = await startStack({ canaries: opts.canaries ?? true });
  // The meetings service learns the seeded cases by events; listing them waits for that.
  await eventually(async () => {
    // raw SQL: a test harness waiting on another service's replica table
    const rows: { n: number }[] = await stack.owner.query(
      'SELECT count(*)::int AS n FROM meetings.case_replica',
    );
    return rows[0]!.n >= Object.keys(stack.fixture.cases).length;
  }, 20_000);
  const web = createWebApp(
    loadWebConfig({
      GATEWAY_URL: stack.gatewayUrl,
      WEB_SERVICE_PRIVATE_KEY: stack.webKey.privateKeyPem,
      // Sessions in the run's Redis, as under `npm start` (a prefix of this stack's own).
      REDIS_URL: testRedisUrl(),
      WEB_REDIS_KEY_PREFIX: `${uniquePrefix('e2e-web')}:`,
      WEB_PORT: '0',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'development',
    }),
  );
  const { server, url } = await web.listen(0, '127.0.0.1');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    stack,
    webUrl: url,
    browser,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => (server as Server).close(() => resolve()));
      await web.close();
      await stack.close();
    },
  };
}

/** A GraphQL call as `username` straight to the gateway (test set-up), failing on any error. */
export async function gqlAs<T>(
  w: WebStack,
  username: string,
  query: string,
  variables?: Record<string, unknown>,
) {
  const r = await w.stack.gql<T>(username, query, variables);
  if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
  return r.body.data as T;
}

/** A fresh browser context (its own cookies) signed in as a demo user, on the home page. */
export async function signedIn(w: WebStack, username: string): Promise<Page> {
  const context = await w.browser.newContext({ baseURL: w.webUrl, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/auth/demo');
  await page.getByRole('heading', { level: 1, name: 'Choose a demo user' }).waitFor();
  await page.getByLabel(new RegExp(`\\(${username.replace('.', '\\.')}\\)`)).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: /^Hello, / }).waitFor();
  return page;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core on the page as it is now and returns its serious and critical violations. The
 * source is evaluated through the DevTools protocol, so the page's CSP stays as it is.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(
    () => typeof (globalThis as unknown as { axe?: unknown }).axe !== 'undefined',
  );
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: AxeViolation[] }> };
        document: unknown;
      }
    ).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ['violations'],
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Asserts (with a readable message) that the page has no serious or critical axe violations. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const found = await seriousViolations(page);
  if (found.length)
    throw new Error(
      `axe on ${where} (${page.url()}):\n${found.map((v) => `  ${v.impact} ${v.id}: ${v.help} ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`).join('\n')}`,
    );
}

/** The h1 of the page, once it says `name`. */
export const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name }).waitFor();

const SHOTS = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

/**
 * With SCP_SCREENSHOTS=1, saves a screenshot for the README (docs/screenshots/<name>.png): the
 * full page, or only the window with `fullPage: false` (long pages make large files).
 */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.SCP_SCREENSHOTS !== '1') return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: opts.fullPage ?? true });
}

/** A London date `days` from now, as day, month and year strings (for GOV.UK date inputs). */
export function dateParts(days: number): { day: string; month: string; year: string; iso: string } {
  const d = new Date(Date.now() + days * 86400_000);
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d);
  const [year, month, day] = iso.split('-') as [string, string, string];
  return { day: String(Number(day)), month: String(Number(month)), year, iso };
}

/** Fills a GOV.UK date input whose first field has the id `id`. */
export async function fillDate(page: Page, id: string, days: number): Promise<void> {
  const d = dateParts(days);
  await page.locator(`#${id}`).fill(d.day);
  await page.locator(`#${id}-month`).fill(d.month);
  await page.locator(`#${id}-year`).fill(d.year);
}

/**
 * A North Vale meeting `days` from now (09:00–10:00 UTC) scheduled by the chair, with the cases
 * `caseKeys` on its agenda and the users `invite` (username → agency key) invited; its agenda
 * is published when `publish` is set. Answers the meeting's id.
 */
export async function meetingWithAgenda(
  w: WebStack,
  opts: { days: number; title: string; caseKeys: string[]; invite?: [string, string][]; publish?: boolean },
): Promise<string> {
  const f = w.stack.fixture;
  const day = dateParts(opts.days).iso;
  const ok = <T>(user: string, q: string, v: Record<string, unknown>) => must<T>(w.stack.gql, user, q, v);
  const { scheduleMeeting } = await ok<{ scheduleMeeting: { id: string } }>(
    'chair.nvp',
    `mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }`,
    {
      i: {
        clinicId: f.clinics.NV,
        kind: 'EXTRAORDINARY',
        title: opts.title,
        startsAt: `${day}T09:00:00Z`,
        endsAt: `${day}T10:00:00Z`,
        place: 'Room 1 (synthetic)',
      },
    },
  );
  const meetingId = scheduleMeeting.id;
  for (const key of opts.caseKeys)
    await ok('chair.nvp', `mutation($i: AddAgendaItemInput!) { addAgendaItem(input: $i) { id } }`, {
      i: { meetingId, kind: 'URGENT', caseId: f.cases[key], durationMinutes: 30 },
    });
  for (const [user, agency] of opts.invite ?? [])
    await ok('coord.nvc', `mutation($i: InviteAttendeeInput!) { inviteAttendee(input: $i) { id } }`, {
      i: { meetingId, userId: f.users[user], agencyId: f.agencies[agency] },
    });
  if (opts.publish) {
    const { meeting } = await ok<{ meeting: { version: number } }>(
      'chair.nvp',
      `query($id: ID!) { meeting(id: $id) { version } }`,
      { id: meetingId },
    );
    await ok(
      'chair.nvp',
      `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status } }`,
      {
        i: { meetingId, version: meeting.version, to: 'AGENDA_PUBLISHED' },
      },
    );
  }
  return meetingId;
}

/** The same as `gqlAs` (the meeting specs' name for it). */
export const gqlOk = gqlAs;

/**
 * A North Vale extraordinary meeting today (09:00 to 10:00 UTC), scheduled by its chair with one
 * urgent item for the case `caseKey`, its agenda published and the meeting started: its id and the item's.
 */
export async function meetingUnderWay(
  w: WebStack,
  title: string,
  caseKey: string,
): Promise<{ meetingId: string; itemId: string }> {
  const meetingId = await meetingWithAgenda(w, { days: 0, title, caseKeys: [caseKey], publish: true });
  const { meeting } = await gqlAs<{ meeting: { version: number; agenda: { id?: string }[] } }>(
    w,
    'chair.nvp',
    `query($id: ID!) { meeting(id: $id) { version agenda { ... on AgendaItem { id } } } }`,
    { id: meetingId },
  );
  await gqlAs(
    w,
    'chair.nvp',
    `mutation($i: ChangeMeetingStatusInput!) { changeMeetingStatus(input: $i) { status } }`,
    {
      i: { meetingId, version: meeting.version, to: 'IN_PROGRESS' },
    },
  );
  return { meetingId, itemId: meeting.agenda[0]!.id! };
}
