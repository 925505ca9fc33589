import { startStack, type Stack } from './stack.js';

// Issue 13 §5: sign-in, refresh and sign-out leave a trace in the audit chain (LOGIN events).
describe('end to end: sign-ins and sign-outs are audit events', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ canaries: false });
  }, 90_000);
  afterAll(async () => s?.close());

  const loginEvents = async (username: string) => {
    const rows: { purpose: string; entity_type: string; entity_id: string | null; service: string }[] =
      await s.owner.query(
        `SELECT purpose, entity_type, entity_id, service FROM audit.events
          WHERE action = 'LOGIN' AND actor_id = $1 ORDER BY seq`,
        [s.fixture.users[username]],
      );
    return rows;
  };
  const report = (token: string | null, body: unknown) =>
    fetch(`${s.gatewayUrl.replace(/\/graphql$/, '')}/auth/session-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('the development issuer records every token it issues, for that user', async () => {
    expect(await loginEvents('probation.nvps')).toEqual([]);
    await s.token('probation.nvps');
    expect(await loginEvents('probation.nvps')).toEqual([
      {
        purpose: 'sign-in: access token issued (development issuer)',
        entity_type: 'Session',
        entity_id: null,
        service: 'cases',
      },
    ]);
  });

  it('a session started and ended is recorded for the user the token names, and only with a token', async () => {
    const token = await s.token('cps.nv');
    const session = 'ab'.repeat(16);
    expect((await report(token, { event: 'SIGNED_IN', session })).status).toBe(204);
    expect((await report(token, { event: 'SIGNED_OUT', session })).status).toBe(204);
    const events = await loginEvents('cps.nv');
    expect(events.slice(-2)).toEqual([
      expect.objectContaining({ purpose: 'sign-in: web session started', entity_id: session }),
      expect.objectContaining({ purpose: 'sign-out: web session ended', entity_id: session }),
    ]);
    const before = events.length;
    expect((await report(null, { event: 'SIGNED_IN', session })).status).toBe(401);
    expect((await report('not-a-token', { event: 'SIGNED_IN', session })).status).toBe(401);
    // The issuer's own kind, unknown kinds and malformed references are refused and not recorded.
    expect((await report(token, { event: 'TOKEN_ISSUED' })).status).toBe(400);
    expect((await report(token, { event: 'SOMETHING' })).status).toBe(400);
    expect((await report(token, { event: 'SIGNED_IN', session: 'not hex' })).status).toBe(400);
    expect(await loginEvents('cps.nv')).toHaveLength(before);
  });
});
