// The bench build (the packages compiled as usual, with the category guard module replaced by
// category-guard.bench.mjs, which can bypass it) in a folder of its own, .bench-build/, so that
// `npm run bench` beside `npm start` never empties or swaps the tree's dist/ folders or the web
// app's built pages (issue #20 item 8).
//
// .bench-build/<package dir>/ mirrors each workspace package: its package.json (copied), dist/
// (compiled here with the bench flag on), and a symlink for every other entry (src/, data/,
// supergraph.graphql …), so files a module finds relative to itself are where it expects them.
// .bench-build/node_modules/@scp/<name> points at the mirrors; bench/lib/bench-resolve.mjs
// sends the bench's own `@scp/*` imports there, and the mirrors' imports of each other resolve
// there by Node's usual walk up the folders. Third-party packages resolve from the clone's
// node_modules, one level further up.
import fs from 'node:fs';
import path from 'node:path';
import { buildPackage } from '../../libs/tooling/scripts/build.mjs';
import { repoRoot, workspaceDirs } from '../../libs/tooling/scripts/workspace.mjs';

export const BENCH_BUILD_DIR = path.join(repoRoot, '.bench-build');

/**
 * The guard bypass lives here, not in production source: the real module moves aside to
 * category-guard.guarded.js and the bench's stand-in, which re-exports it, takes its name.
 */
export function swapInBenchGuard(dist) {
  const real = path.join(dist, 'category-guard.js');
  if (!fs.existsSync(real)) throw new Error(`bench build: ${real} not built`);
  fs.renameSync(real, path.join(dist, 'category-guard.guarded.js'));
  fs.copyFileSync(path.join(import.meta.dirname, 'category-guard.bench.mjs'), real);
}

/** Rebuilds .bench-build/ from scratch; returns the number of files compiled. */
export async function buildBenchTree(outRoot = BENCH_BUILD_DIR) {
  fs.rmSync(outRoot, { recursive: true, force: true });
  const scope = path.join(outRoot, 'node_modules', '@scp');
  fs.mkdirSync(scope, { recursive: true });
  let files = 0;
  for (const dir of workspaceDirs()) {
    const mirror = path.join(outRoot, path.relative(repoRoot, dir));
    fs.mkdirSync(mirror, { recursive: true });
    for (const entry of fs.readdirSync(dir)) {
      if (entry === 'dist' || entry === 'node_modules') continue;
      if (entry === 'package.json') fs.copyFileSync(path.join(dir, entry), path.join(mirror, entry));
      else fs.symlinkSync(path.join(dir, entry), path.join(mirror, entry));
    }
    files += await buildPackage(dir, { outDir: path.join(mirror, 'dist') });
    if (path.relative(repoRoot, dir) === path.join('libs', 'platform', 'graphql'))
      swapInBenchGuard(path.join(mirror, 'dist'));
    const { name } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    fs.symlinkSync(path.relative(scope, mirror), path.join(scope, name.slice('@scp/'.length)));
  }
  return files;
}
