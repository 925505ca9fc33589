import fs from 'node:fs';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';
import {
  committedSubgraphs,
  readCommitted,
  SUBGRAPH_DEFAULT_URLS,
  supergraphPath,
  writingSchemas,
} from '@scp/platform-testing';

/** The supergraph the gateway serves is composed offline from every subgraph's committed SDL. */
describe('supergraph', () => {
  it('composes from the committed subgraph SDL and matches the committed supergraph (npm run schemas:update)', () => {
    const subgraphs = committedSubgraphs();
    expect(Object.keys(subgraphs)).toContain('cases');
    const result = composeServices(
      Object.entries(subgraphs).map(([name, sdl]) => ({
        name,
        url: SUBGRAPH_DEFAULT_URLS[name]!,
        typeDefs: parse(sdl),
      })),
    );
    expect(result.errors?.map((e) => e.message) ?? []).toEqual([]);
    const supergraph = `${result.supergraphSdl!.trim()}\n`;
    if (writingSchemas()) fs.writeFileSync(supergraphPath, supergraph);
    expect(readCommitted(supergraphPath)).toEqual(supergraph);
  });
});
