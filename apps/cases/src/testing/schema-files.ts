import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';

export const SCHEMAS_DIR = fileURLToPath(new URL('../../../../prisma-free-schemas/', import.meta.url));
export const casesSdlPath = path.join(SCHEMAS_DIR, 'cases', 'schema.graphql');
export const supergraphPath = path.join(SCHEMAS_DIR, 'supergraph.graphql');

/** Default subgraph URLs written into the supergraph; the gateway overrides them per environment. */
export const SUBGRAPH_DEFAULT_URLS: Record<string, string> = { cases: 'http://127.0.0.1:4001/graphql' };

export function readCommitted(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

export function composeSupergraph(sdls: Record<string, string>): string {
  const result = composeServices(
    Object.entries(sdls).map(([name, sdl]) => ({
      name,
      url: SUBGRAPH_DEFAULT_URLS[name]!,
      typeDefs: parse(sdl),
    })),
  );
  if (result.errors?.length || !result.supergraphSdl)
    throw new Error(`composition failed:\n${(result.errors ?? []).map((e) => e.message).join('\n')}`);
  return `${result.supergraphSdl.trim()}\n`;
}
