#!/usr/bin/env node
// Refreshes libs/platform/calendar/data/bank-holidays.json from GOV.UK (the maintained source).
//
//   node libs/platform/calendar/scripts/refresh-bank-holidays.mjs            download and rewrite
//   node libs/platform/calendar/scripts/refresh-bank-holidays.mjs --check    report only, change nothing
//   node libs/platform/calendar/scripts/refresh-bank-holidays.mjs --from f   use a file saved earlier
//
// Needs network access (or --from). Review the diff and commit it: the service reads only the
// committed file, never the network, so a deadline never depends on GOV.UK being reachable.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const SOURCE = 'https://www.gov.uk/bank-holidays.json';
const TARGET = fileURLToPath(new URL('../data/bank-holidays.json', import.meta.url));
const DIVISION = 'england-and-wales';

const args = process.argv.slice(2);
const check = args.includes('--check');
const fromIndex = args.indexOf('--from');
const fromFile = fromIndex >= 0 ? args[fromIndex + 1] : undefined;

function fail(message) {
  console.error(`refresh-bank-holidays: ${message}`);
  process.exit(1);
}

async function download() {
  if (fromFile) return JSON.parse(fs.readFileSync(fromFile, 'utf8'));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 15000);
  try {
    const res = await fetch(SOURCE, { signal: controller.signal, headers: { accept: 'application/json' } });
    if (!res.ok) fail(`${SOURCE} answered ${res.status}`);
    return await res.json();
  } catch (error) {
    fail(`could not download ${SOURCE} (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    clearTimeout(timer);
  }
}

/** The same checks the library makes when it loads the file (src/working-calendar.ts), and a few more. */
function validated(data) {
  const division = data?.[DIVISION];
  if (!division || !Array.isArray(division.events) || !division.events.length)
    fail(`the download has no ${DIVISION} events`);
  const seen = new Set();
  const events = division.events.map((e) => {
    if (typeof e?.title !== 'string' || !e.title.trim()) fail('an event has no title');
    if (typeof e.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.date)) fail(`bad date ${e.date}`);
    const d = new Date(`${e.date}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== e.date) fail(`bad date ${e.date}`);
    if (seen.has(e.date)) fail(`${e.date} is listed twice`);
    seen.add(e.date);
    return { title: e.title, date: e.date, notes: String(e.notes ?? ''), bunting: Boolean(e.bunting) };
  });
  events.sort((a, b) => a.date.localeCompare(b.date));
  const years = [...new Set(events.map((e) => Number(e.date.slice(0, 4))))];
  for (let y = years[0]; y <= years.at(-1); y++) if (!years.includes(y)) fail(`no events in ${y}`);
  return { [DIVISION]: { division: DIVISION, events } };
}

const yearsOf = (file) => [...new Set(file[DIVISION].events.map((e) => e.date.slice(0, 4)))];

const next = validated(await download());
const current = fs.existsSync(TARGET) ? JSON.parse(fs.readFileSync(TARGET, 'utf8')) : null;
const before = current ? new Set(current[DIVISION].events.map((e) => e.date)) : new Set();
const after = new Set(next[DIVISION].events.map((e) => e.date));
const added = [...after].filter((d) => !before.has(d));
const removed = [...before].filter((d) => !after.has(d));
const nextYears = yearsOf(next);

console.log(
  `the source covers ${nextYears[0]}–${nextYears.at(-1)} (${after.size} England and Wales bank holidays)`,
);
if (current) {
  const currentYears = yearsOf(current);
  console.log(`the committed file covers ${currentYears[0]}–${currentYears.at(-1)}`);
  // GOV.UK publishes about two years ahead; years in the file that GOV.UK does not list yet were
  // written by hand from the statutory rules, and the download replaces them. Say so loudly.
  const dropped = currentYears.filter((y) => !nextYears.includes(y));
  if (dropped.length)
    console.warn(
      `warning: ${dropped.join(', ')} will no longer be covered; deadlines in those years will fail until GOV.UK lists them`,
    );
}
if (added.length) console.log(`added: ${added.join(', ')}`);
if (removed.length) console.log(`removed: ${removed.join(', ')}`);
if (!added.length && !removed.length) console.log('no change in dates');

if (check) process.exit(0);
fs.writeFileSync(TARGET, `${JSON.stringify(next, null, 2)}\n`);
console.log(`wrote ${TARGET}`);
