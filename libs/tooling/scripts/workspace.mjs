// Workspace layout helpers shared by the tooling scripts and jest.config.cjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Absolute directories of every npm workspace package. */
export function workspaceDirs() {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const dirs = [];
  for (const pattern of pkg.workspaces) {
    if (pattern.endsWith('/*')) {
      const base = path.join(repoRoot, pattern.slice(0, -2));
      for (const e of fs.readdirSync(base, { withFileTypes: true }))
        if (e.isDirectory() && fs.existsSync(path.join(base, e.name, 'package.json')))
          dirs.push(path.join(base, e.name));
    } else dirs.push(path.join(repoRoot, pattern));
  }
  return dirs;
}
