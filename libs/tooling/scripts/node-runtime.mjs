#!/usr/bin/env node
// The project runs on Node 24 LTS (see docs/runtime.md). Machines that still carry an older Node
// (Node 20 reached end of life on 30 April 2026) get the official Node 24 binary from the npm
// registry's `node-<platform>-<arch>` package, unpacked into `.tools/` inside the clone: nothing
// outside the clone is touched, and the next run finds it there.
//
// Used three ways:
// - `npm start` and `npm test` call `runOnSupportedNode()` first: on an old Node they re-run
//   themselves on Node 24 (with it first on PATH, so npm, Jest and every tool they start use it);
// - `.ci/run` evaluates `node libs/tooling/scripts/node-runtime.mjs --env` before `npm install`,
//   so the install itself runs on Node 24 (no EBADENGINE warnings);
// - `--check` exits 0 when the running Node is supported, 1 otherwise.
//
// Builtins only: this runs before `npm install`, on whatever Node the machine has.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The Node version `.tools/` gets: the one verified with every pin in package.json. */
export const NODE_VERSION = '24.22.3';
/** The oldest Node the project accepts (package.json `engines`). */
export const MIN_NODE = { major: 24, minor: 11 };

/** True when `version` (default: this process) is Node 24.11 or newer. */
export function isSupportedNode(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return major > MIN_NODE.major || (major === MIN_NODE.major && minor >= MIN_NODE.minor);
}

/** Where `.tools/` keeps the unpacked binary for this platform. */
export function toolsNodeDir(platform = process.platform, arch = process.arch) {
  return path.join(repoRoot, '.tools', `node-v${NODE_VERSION}-${platform}-${arch}`);
}

class RuntimeError extends Error {}

/**
 * The directory of a supported Node (its `bin/node`), installing it into `.tools/` when missing.
 * Throws a RuntimeError whose message says what to do when that is impossible.
 */
export function ensureSupportedNode({ log = (s) => console.error(s) } = {}) {
  const dir = toolsNodeDir();
  const bin = path.join(dir, 'bin', 'node');
  if (fs.existsSync(bin)) return dir;
  const pkg = `node-${process.platform}-${process.arch}@${NODE_VERSION}`;
  const advice =
    `Install Node ${MIN_NODE.major} LTS (${MIN_NODE.major}.${MIN_NODE.minor} or newer) and run the command again; ` +
    `this machine has Node ${process.versions.node}.`;
  if (!['linux', 'darwin'].includes(process.platform)) throw new RuntimeError(advice);
  log(
    `▶ Node ${process.versions.node} is out of support: fetching Node ${NODE_VERSION} (${pkg}) into .tools/`,
  );
  const t0 = Date.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-node-'));
  try {
    const npm = spawnSync(
      'npm',
      ['pack', pkg, '--pack-destination', scratch, '--silent', '--no-audit', '--no-fund'],
      { cwd: scratch, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const tarball = fs.readdirSync(scratch).find((f) => f.endsWith('.tgz'));
    if (npm.status !== 0 || !tarball) {
      throw new RuntimeError(
        `Could not fetch ${pkg} from the npm registry (${(npm.stderr || npm.error?.message || '').trim().split('\n').pop()}). ${advice}`,
      );
    }
    const partial = `${dir}.partial-${process.pid}`;
    fs.mkdirSync(partial, { recursive: true });
    const tar = spawnSync(
      'tar',
      ['-xzf', path.join(scratch, tarball), '-C', partial, '--strip-components=1'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      },
    );
    if (tar.status !== 0)
      throw new RuntimeError(`Could not unpack ${tarball}: ${tar.stderr.trim()}. ${advice}`);
    const probe = spawnSync(path.join(partial, 'bin', 'node'), ['--version'], { encoding: 'utf8' });
    if (probe.stdout?.trim() !== `v${NODE_VERSION}`) {
      throw new RuntimeError(
        `The unpacked Node did not run (${probe.error?.message ?? probe.stderr}). ${advice}`,
      );
    }
    // Rename into place last, so an interrupted fetch never leaves a half-unpacked Node behind.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(partial, dir);
    log(
      `✔ Node ${NODE_VERSION} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (${path.relative(repoRoot, dir)})`,
    );
    return dir;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The environment that puts the Node in `dir` first, for npm and every tool started under it. */
export function envFor(dir, env = process.env) {
  return {
    ...env,
    PATH: `${path.join(dir, 'bin')}${path.delimiter}${env.PATH ?? ''}`,
    // Native addons built by node-gyp compile against this Node's own headers (the package ships them),
    // not against a system Node's (a user npmrc may point `nodedir` at /usr).
    npm_config_nodedir: dir,
  };
}

/**
 * On a supported Node, returns at once. Otherwise runs `script` again on Node 24 with the same
 * arguments, waits for it, and exits with its status: the caller's code after this line never runs
 * on the old Node.
 */
export async function runOnSupportedNode(scriptUrl) {
  if (isSupportedNode()) return;
  let dir;
  try {
    dir = ensureSupportedNode();
  } catch (e) {
    if (e instanceof RuntimeError) {
      console.error(`✖ ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  const child = spawn(path.join(dir, 'bin', 'node'), [fileURLToPath(scriptUrl), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: envFor(dir),
  });
  // A terminal's Ctrl-C reaches the child itself (same process group): only wait for it. A `kill`
  // aimed at this process alone is passed on.
  process.on('SIGINT', () => {});
  for (const s of ['SIGTERM', 'SIGHUP']) process.on(s, () => child.kill(s));
  const code = await new Promise((resolve) =>
    child.on('exit', (status, signal) =>
      resolve(status ?? (signal ? 128 + (os.constants.signals[signal] ?? 1) : 1)),
    ),
  );
  process.exit(code);
}

// ── command line ──
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2];
  if (arg === '--check') process.exit(isSupportedNode() ? 0 : 1);
  if (arg === '--env') {
    // Shell lines for `eval`: nothing when this Node is supported already.
    if (isSupportedNode()) process.exit(0);
    try {
      const env = envFor(ensureSupportedNode());
      const q = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
      console.log(`export PATH=${q(env.PATH)}\nexport npm_config_nodedir=${q(env.npm_config_nodedir)}`);
    } catch (e) {
      console.error(`✖ ${e.message}`);
      process.exit(1);
    }
    process.exit(0);
  }
  console.error('usage: node libs/tooling/scripts/node-runtime.mjs --check | --env');
  process.exit(2);
}
