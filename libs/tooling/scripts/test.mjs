#!/usr/bin/env node
// `npm test`: every check CI runs, in order, failing fast: Nx project graph → ESLint → Prettier →
// tsc → SWC build → Jest (one PostgreSQL + one Redis for the run, started by jest's globalSetup).
//
// Usage: node libs/tooling/scripts/test.mjs [options] [jest paths…] [-- extra jest args…]
//   --jest-only      only Jest (paths after it narrow the run), e.g. `--jest-only apps/cases`
//   --no-nx --no-lint --no-format --no-typecheck --no-build --no-jest   skip one step
//   --keep-going     run every step even after one fails (the exit code still reports the failure)
// Ends with one line `tests: <n> passed, <m> failed` and exits non-zero when anything failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runOnSupportedNode } from './node-runtime.mjs';
import { repoRoot } from './workspace.mjs';

// On an older Node, fetch Node 24 into .tools/ and run this script again on it (node-runtime.mjs).
await runOnSupportedNode(import.meta.url);

const RESULTS_FILE = path.join(repoRoot, 'tmp', 'jest-results.json');

function usage(message) {
  if (message) console.error(`test: ${message}`);
  console.error(
    'usage: node libs/tooling/scripts/test.mjs [--jest-only] [--no-nx|--no-lint|--no-format|--no-typecheck|' +
      '--no-build|--no-jest] [--keep-going] [jest paths…] [-- jest args…]',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { skip: new Set(), keepGoing: false, jestPaths: [], jestArgs: [] };
  const skippable = ['nx', 'lint', 'format', 'typecheck', 'build', 'jest'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      opts.jestArgs = argv.slice(i + 1);
      break;
    }
    if (arg === '--jest-only') for (const s of skippable.filter((s) => s !== 'jest')) opts.skip.add(s);
    else if (arg === '--keep-going') opts.keepGoing = true;
    else if (arg === '--help' || arg === '-h') usage();
    else if (arg.startsWith('--no-') && skippable.includes(arg.slice(5))) opts.skip.add(arg.slice(5));
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else opts.jestPaths.push(arg);
  }
  return opts;
}

function bin(name) {
  const file = path.join(repoRoot, 'node_modules', '.bin', name);
  if (!fs.existsSync(file)) {
    console.error(`test: ${path.relative(repoRoot, file)} is missing. Run \`npm install\` first.`);
    process.exit(1);
  }
  return file;
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

// Nx must not start a daemon or reach for Nx Cloud in CI or on a laptop: both are invisible state.
const baseEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // Children in our process group get a terminal's Ctrl-C themselves; a `kill` reaches only us.
    if (current && current.exitCode === null) current.kill(signal);
    process.exitCode = 130;
  });
}

/** Runs a command with inherited output (or captured, when `quiet`); resolves to its exit code. */
function run(command, args, { env = baseEnv, quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env,
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    });
    current = child;
    let output = '';
    if (quiet) {
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
    }
    child.on('error', (err) => {
      output += String(err);
      resolve({ code: 127, output });
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

const opts = parseArgs(process.argv.slice(2));

const steps = [
  {
    id: 'nx',
    title: 'Nx project graph',
    hint: 'the workspace graph (project.json / package.json files) is invalid; run `npx nx show projects` to see why',
    async run() {
      const r = await run(bin('nx'), ['show', 'projects'], { quiet: true });
      if (r.code !== 0) process.stderr.write(r.output);
      else r.detail = `${r.output.split('\n').filter((l) => l.trim()).length} projects`;
      return r;
    },
  },
  {
    id: 'lint',
    title: 'ESLint',
    hint: 'fix the problems above (`npx eslint <path> --fix` fixes some); warnings count as errors',
    run: () => run(bin('eslint'), ['.', '--max-warnings', '0']),
  },
  {
    id: 'format',
    title: 'Prettier',
    hint: 'run `npm run format` (prettier --write .) and commit the result',
    run: () => run(bin('prettier'), ['--check', '.', '--log-level', 'warn']),
  },
  {
    id: 'typecheck',
    title: 'TypeScript',
    hint: 'type errors above (`npm run typecheck` repeats this step alone)',
    async run() {
      const r = await run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
      if (r.code !== 0) return r;
      // ── web (issue #8): the browser part of apps/web has its own DOM/JSX tsconfig ──
      return run(bin('tsc'), ['-p', 'apps/web/tsconfig.json', '--noEmit']);
    },
  },
  {
    id: 'build',
    title: 'SWC build',
    hint: 'a file SWC cannot compile (tests map packages to src, so only the build sees this)',
    async run() {
      const r = await run(process.execPath, [path.join(repoRoot, 'libs/tooling/scripts/build.mjs')], {
        quiet: true,
      });
      if (r.code !== 0) {
        process.stderr.write(r.output);
        return r;
      }
      const detail = r.output.trim().split('\n').pop();
      // ── web (issue #8): generated GraphQL types fresh, then the Vite build (after SWC, which empties dist) ──
      const web = await run(process.execPath, [path.join(repoRoot, 'apps/web/scripts/build.mjs')], {
        quiet: true,
      });
      if (web.code !== 0) process.stderr.write(web.output);
      else web.detail = `${detail}; ${web.output.trim().split('\n').pop()}`;
      return web;
    },
  },
  {
    id: 'jest',
    title: 'Jest',
    hint: 'see the failures above; rerun one file with `npm test -- --jest-only <path>`',
    async run() {
      fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
      fs.rmSync(RESULTS_FILE, { force: true });
      const nodeOptions = [process.env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' ');
      const r = await run(
        bin('jest'),
        [
          '--ci',
          '--maxWorkers=2',
          '--json',
          `--outputFile=${RESULTS_FILE}`,
          ...opts.jestArgs,
          ...opts.jestPaths,
        ],
        { env: { ...baseEnv, NODE_OPTIONS: nodeOptions } },
      );
      r.summary = summarizeJest(r.code);
      return r;
    },
  },
];

/** Reads Jest's JSON results: counts, plus the names of what failed (Jest's own output has the details). */
function summarizeJest(code) {
  if (!fs.existsSync(RESULTS_FILE)) {
    return {
      passed: 0,
      failed: 0,
      skipped: 0,
      lines: [`jest wrote no results (exit ${code}): it failed to start`],
    };
  }
  const results = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8'));
  const lines = [];
  let brokenSuites = 0;
  for (const suite of results.testResults ?? []) {
    const file = path.relative(repoRoot, suite.name);
    const failedTests = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
    if (failedTests.length === 0 && suite.status === 'failed') {
      // The file did not run at all (syntax error, failing import, beforeAll throwing outside a test).
      brokenSuites++;
      lines.push(`${file}: failed to run`);
    }
    for (const t of failedTests) lines.push(`${file}: ${t.fullName}`);
  }
  return {
    passed: results.numPassedTests ?? 0,
    failed: (results.numFailedTests ?? 0) + brokenSuites,
    skipped: (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0),
    lines,
  };
}

const started = Date.now();
const report = [];
let failure;
let jestSummary;
for (const step of steps) {
  if (opts.skip.has(step.id)) continue;
  if (failure && !opts.keepGoing) break;
  if (process.exitCode === 130) break;
  console.log(`\n▶ ${step.title}`);
  const t0 = Date.now();
  const r = await step.run();
  const ms = Date.now() - t0;
  if (r.summary) jestSummary = r.summary;
  const ok = r.code === 0;
  report.push({ title: step.title, ok, ms, detail: r.detail });
  if (ok) console.log(`✔ ${step.title} passed in ${seconds(ms)}${r.detail ? ` (${r.detail})` : ''}`);
  else {
    console.error(`✖ ${step.title} failed (exit ${r.code}) after ${seconds(ms)}: ${step.hint}`);
    failure ??= { step, code: r.code };
  }
}

console.log('\n── summary ──');
for (const r of report) console.log(`${r.ok ? '✔' : '✖'} ${r.title.padEnd(18)} ${seconds(r.ms).padStart(8)}`);
const skippedSteps = steps.filter((s) => !report.some((r) => r.title === s.title)).map((s) => s.title);
if (skippedSteps.length) console.log(`  not run: ${skippedSteps.join(', ')}`);
console.log(`  total ${seconds(Date.now() - started)}`);

if (jestSummary) {
  const shown = jestSummary.lines.slice(0, 30);
  for (const line of shown) console.log(`  ✖ ${line}`);
  if (jestSummary.lines.length > shown.length)
    console.log(`  … and ${jestSummary.lines.length - shown.length} more`);
  if (jestSummary.skipped) console.log(`  (${jestSummary.skipped} skipped or todo)`);
}
const passed = jestSummary?.passed ?? 0;
const failed = jestSummary?.failed ?? 0;
console.log(`tests: ${passed} passed, ${failed} failed`);

if (failure) process.exit(failure.code || 1);
if (failed > 0) process.exit(1);
if (process.exitCode === 130) process.exit(130);
