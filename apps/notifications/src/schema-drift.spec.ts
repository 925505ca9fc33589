import { NOTIFICATIONS_ENTITIES } from '@scp/notifications';
import { schemaDrift } from '@scp/platform-testing';
import { startNotificationsHarness, type NotificationsHarness } from './testing/notifications-harness.js';

describe('entities and migrations agree (drift check)', () => {
  let h: NotificationsHarness;
  beforeAll(async () => {
    h = await startNotificationsHarness();
  });
  afterAll(async () => h?.close());

  it('every entity column exists with the same type and nullability, and every table has an entity', async () => {
    const { entities, database } = await schemaDrift(h.owner, 'notifications', NOTIFICATIONS_ENTITIES);
    expect(entities).toEqual(database);
  });
});
