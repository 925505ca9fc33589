import { CASES_ENTITIES } from '@scp/cases';
import { schemaDrift } from '@scp/platform-testing';
import { startCasesHarness, type CasesHarness } from './testing/cases-harness.js';

describe('entities and migrations agree (drift check)', () => {
  let h: CasesHarness;
  beforeAll(async () => {
    h = await startCasesHarness({ canaries: false });
  });
  afterAll(async () => h?.close());

  it('every entity column exists with the same type and nullability, and every table has an entity', async () => {
    const { entities, database } = await schemaDrift(h.owner, 'cases', CASES_ENTITIES);
    expect(entities).toEqual(database);
  });
});
