import { MEETINGS_ENTITIES } from '@scp/meetings';
import { schemaDrift } from '@scp/platform-testing';
import { startMeetingsHarness, type MeetingsHarness } from './testing/meetings-harness.js';

describe('entities and migrations agree (drift check)', () => {
  let h: MeetingsHarness;
  beforeAll(async () => {
    h = await startMeetingsHarness();
  });
  afterAll(async () => h?.close());

  it('every entity column exists with the same type and nullability, and every table has an entity', async () => {
    const { entities, database } = await schemaDrift(h.owner, 'meetings', MEETINGS_ENTITIES);
    expect(entities).toEqual(database);
  });
});
