import fs from 'node:fs';
import path from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { undeclaredFields } from '@scp/platform-graphql';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';
import { casesSdlPath, composeSupergraph, readCommitted, supergraphPath } from './testing/schema-files.js';

describe('cases schema', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: false });
  });
  afterAll(async () => h?.close());

  it('every field declares its data category (or that it is public), every root field its policy', () => {
    const schema = h.app.get(GraphQLSchemaHost).schema;
    const undeclared = undeclaredFields(schema, new Set(['_Service'])).filter(
      (f) => !['Query._entities', 'Query._service'].includes(f),
    );
    expect(undeclared).toEqual([]);
  });

  it('the committed SDL and supergraph are what the code produces (npm run schemas:update)', async () => {
    const res = await h.gql<{ _service: { sdl: string } }>('spoc.nvp', '{ _service { sdl } }');
    const sdl = `${res.body.data!._service.sdl.trim()}\n`;
    if (process.env.SCP_WRITE_SCHEMAS === '1') {
      fs.mkdirSync(path.dirname(casesSdlPath), { recursive: true });
      fs.writeFileSync(casesSdlPath, sdl);
      fs.writeFileSync(supergraphPath, composeSupergraph({ cases: sdl }));
    }
    expect(readCommitted(casesSdlPath)).toEqual(sdl);
    expect(readCommitted(supergraphPath)).toEqual(composeSupergraph({ cases: sdl }));
  });
});
