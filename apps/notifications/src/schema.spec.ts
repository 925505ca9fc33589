import { randomUUID } from 'node:crypto';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { undeclaredSubgraphFields } from '@scp/platform-graphql';
import { committedSdl } from '@scp/platform-testing';
import { startNotificationsHarness, type NotificationsHarness } from './testing/notifications-harness.js';

describe('notifications schema', () => {
  let h: NotificationsHarness;
  beforeAll(async () => {
    h = await startNotificationsHarness({ worker: false });
  });
  afterAll(async () => h?.close());

  it('every field declares its data category (or that it is public), every root field its policy', () => {
    const schema = h.app.get(GraphQLSchemaHost).schema;
    const undeclared = undeclaredSubgraphFields(schema);
    expect(undeclared).toEqual([]);
  });

  it('the committed SDL is what the code produces (npm run schemas:update)', async () => {
    const actor = {
      userId: randomUUID(),
      agencyId: randomUUID(),
      agencyType: 'POLICE' as const,
      roles: [],
      clinicIds: [],
      requestId: randomUUID(),
    };
    const res = await h.gql<{ _service: { sdl: string } }>(actor, '{ _service { sdl } }');
    const sdl = `${res.body.data!._service.sdl.trim()}\n`;
    expect(committedSdl('notifications', sdl)).toEqual(sdl);
  });
});
