import { GraphQLSchemaHost } from '@nestjs/graphql';
import { undeclaredSubgraphFields } from '@scp/platform-graphql';
import { committedSdl } from '@scp/platform-testing';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

describe('cases schema', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: false });
  });
  afterAll(async () => h?.close());

  it('every field declares its data category (or that it is public), every root field its policy', () => {
    const schema = h.app.get(GraphQLSchemaHost).schema;
    const undeclared = undeclaredSubgraphFields(schema);
    expect(undeclared).toEqual([]);
  });

  it('the committed SDL is what the code produces (npm run schemas:update)', async () => {
    const res = await h.gql<{ _service: { sdl: string } }>('spoc.nvp', '{ _service { sdl } }');
    const sdl = `${res.body.data!._service.sdl.trim()}\n`;
    expect(committedSdl('cases', sdl)).toEqual(sdl);
  });
});
