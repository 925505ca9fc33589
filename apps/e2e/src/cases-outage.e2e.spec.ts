import { GATEWAY_RUNTIME, type GatewayRuntime } from '@scp/gateway-app';
import { eventually } from '@scp/platform-testing';
import { startStack, type Stack } from './stack.js';

/**
 * The cases service (the directory of users) killed: the rest of the platform keeps answering
 * (issue 20 §1, docs/degradation.md).
 */
describe('end to end: the cases service down', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ canaries: false });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  const NOTIFICATIONS = '{ myNotifications(first: 5) { items { kind } } }';
  const UNAVAILABLE = { code: 'SERVICE_UNAVAILABLE', retryable: true };

  it('a user seen before reads notifications; cases fields are SERVICE_UNAVAILABLE on their path; a user not seen gets 503', async () => {
    const { actors } = s.gateway.get<GatewayRuntime>(GATEWAY_RUNTIME);
    await eventually(async () => actors.isLive, 10_000);
    // Tokens come from the dev issuer, which asks cases: both before it goes.
    await s.token('chair.nvp');
    expect((await s.gql('spoc.nvp', NOTIFICATIONS)).status).toBe(200);

    await s.subgraphs.cases!.kill();
    try {
      const seen = await s.gql('spoc.nvp', NOTIFICATIONS);
      expect(seen.status).toBe(200);
      expect(seen.body.errors).toBeUndefined();
      expect(seen.body.data).toEqual({ myNotifications: { items: expect.any(Array) } });

      // `me` is non-null, so its null takes the whole answer with it: nothing answered, a 503.
      const mixed = await s.gql('spoc.nvp', `{ me { userId } ${NOTIFICATIONS.slice(1)}`);
      expect(mixed.status).toBe(503);
      expect(mixed.body.errors).toEqual([
        { message: expect.any(String), path: ['me'], extensions: UNAVAILABLE },
      ]);

      const notSeen = await s.gql('chair.nvp', NOTIFICATIONS);
      expect(notSeen.status).toBe(503);
      expect(notSeen.body.errors).toEqual([{ message: expect.any(String), extensions: UNAVAILABLE }]);
      expect(`${seen.text}${mixed.text}${notSeen.text}`).not.toMatch(
        /INTERNAL_SERVER_ERROR|ECONNREFUSED|127\.0\.0\.1/,
      );
    } finally {
      await s.subgraphs.cases!.start();
    }
    expect((await s.gql('chair.nvp', '{ me { userId } }')).status).toBe(200);
  });
});
