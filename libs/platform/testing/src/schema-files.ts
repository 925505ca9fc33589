import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** prisma-free-schemas/ at the repository root. */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../../../prisma-free-schemas/', import.meta.url));
export const supergraphPath = path.join(SCHEMAS_DIR, 'supergraph.graphql');
export const sdlPath = (service: string) => path.join(SCHEMAS_DIR, service, 'schema.graphql');

/** Default subgraph URLs written into the supergraph; the gateway overrides them per environment. */
export const SUBGRAPH_DEFAULT_URLS: Readonly<Record<string, string>> = {
  cases: 'http://127.0.0.1:4001/graphql',
  referrals: 'http://127.0.0.1:4002/graphql',
  meetings: 'http://127.0.0.1:4003/graphql',
  notifications: 'http://127.0.0.1:4004/graphql',
};

export const writingSchemas = () => process.env.SCP_WRITE_SCHEMAS === '1';

export function readCommitted(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

/**
 * The committed SDL of a subgraph, after writing `sdl` first when run by `npm run schemas:update`.
 * A subgraph's schema spec compares the runtime SDL with what this returns.
 */
export function committedSdl(service: string, sdl: string): string | null {
  const file = sdlPath(service);
  if (writingSchemas()) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, sdl);
  }
  return readCommitted(file);
}

/** The committed SDL of every subgraph that has one, by name. */
export function committedSubgraphs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(SUBGRAPH_DEFAULT_URLS)) {
    const sdl = readCommitted(sdlPath(name));
    if (sdl) out[name] = sdl;
  }
  return out;
}
