#!/usr/bin/env node
// Compiles every workspace package's src/ to dist/ with SWC (type checking is `npm run typecheck`).
// Usage: node libs/tooling/scripts/build.mjs [projectDir ...]   (no argument: every package)
import fs from 'node:fs';
import path from 'node:path';
import { transformFile } from '@swc/core';
import { workspaceDirs, repoRoot } from './workspace.mjs';

export const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

function* tsFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts'))
      yield full;
  }
}

/**
 * Compiles `dir/src` into `outDir` (default `dir/dist`, emptied first). The bench passes its own
 * folder (bench/lib/bench-build.mjs), so it never touches a package's dist/.
 */
export async function buildPackage(dir, { outDir = path.join(dir, 'dist') } = {}) {
  const src = path.join(dir, 'src');
  if (!fs.existsSync(src)) return 0;
  const out = outDir;
  fs.rmSync(out, { recursive: true, force: true });
  let count = 0;
  const jobs = [];
  for (const file of tsFiles(src)) {
    const target = path.join(out, path.relative(src, file)).replace(/\.ts$/, '.js');
    jobs.push(
      transformFile(file, { ...swcOptions, filename: file }).then((r) => {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, r.code);
        count++;
      }),
    );
  }
  await Promise.all(jobs);
  return count;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dirs = process.argv.slice(2).length
    ? process.argv.slice(2).map((d) => path.resolve(repoRoot, d))
    : workspaceDirs();
  const started = Date.now();
  let files = 0;
  for (const dir of dirs) files += await buildPackage(dir);
  console.log(`built ${files} files in ${dirs.length} packages (${Date.now() - started} ms)`);
}
