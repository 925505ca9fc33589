import { REFERRALS_ENTITIES } from '@scp/referrals';
import { schemaDrift } from '@scp/platform-testing';
import { startReferralsHarness, type ReferralsHarness } from './testing/referrals-harness.js';

describe('entities and migrations agree (drift check)', () => {
  let h: ReferralsHarness;
  beforeAll(async () => {
    h = await startReferralsHarness();
  });
  afterAll(async () => h?.close());

  it('every entity column exists with the same type and nullability, and every table has an entity', async () => {
    const { entities, database } = await schemaDrift(h.owner, 'referrals', REFERRALS_ENTITIES);
    expect(entities).toEqual(database);
  });
});
