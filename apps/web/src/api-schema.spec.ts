import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { readCommitted, supergraphPath, writingSchemas } from '@scp/platform-testing';

const API_SCHEMA = fileURLToPath(new URL('../client/src/generated/api.graphql', import.meta.url));

/**
 * The web app's typed operations are generated from the API schema (the supergraph without its
 * join machinery). The generated files are committed; this fails while they are stale.
 */
describe('web: the API schema the client is generated from', () => {
  it('matches the committed supergraph (node apps/web/scripts/build.mjs --write)', () => {
    const api = Supergraph.build(fs.readFileSync(supergraphPath, 'utf8')).apiSchema();
    const sdl = `${printSchema(api.toGraphQLJSSchema()).trim()}\n`;
    if (writingSchemas()) fs.writeFileSync(API_SCHEMA, sdl);
    expect(readCommitted(API_SCHEMA)).toEqual(sdl);
    expect(sdl).not.toContain('join__');
  });
});
