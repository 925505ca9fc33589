import { randomUUID } from 'node:crypto';
import { generateDevKeyPair, InternalTokenSigner } from '@scp/platform-auth';
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
  /** The web server's own token for the gateway (signed with `key`, the web's unless given). */
  const caller = (key = s.webKey.privateKeyPem, service = 'web') =>
    new InternalTokenSigner({ privateKey: key }).mintForService(service, 'gateway', randomUUID());
  const report = (token: string | null, body: unknown, callerToken: string | null = caller()) =>
    fetch(`${s.gatewayUrl.replace(/\/graphql$/, '')}/auth/session-events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(callerToken ? { 'x-scp-caller': callerToken } : {}),
      },
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

  it('only the web server reports sessions: a user holding their own token cannot write sign-ins or sign-outs', async () => {
    const token = await s.token('cps.nv');
    const session = 'cd'.repeat(16);
    const before = (await loginEvents('cps.nv')).length;
    // No caller token, a token signed with another key, another service's name, a subgraph audience.
    expect((await report(token, { event: 'SIGNED_OUT', session }, null)).status).toBe(403);
    expect(
      (await report(token, { event: 'SIGNED_OUT', session }, caller(generateDevKeyPair().privateKeyPem)))
        .status,
    ).toBe(403);
    expect(
      (await report(token, { event: 'SIGNED_OUT', session }, caller(undefined, 'meetings'))).status,
    ).toBe(403);
    const forCases = new InternalTokenSigner({ privateKey: s.webKey.privateKeyPem }).mintForService(
      'web',
      'cases',
      randomUUID(),
    );
    expect((await report(token, { event: 'SIGNED_OUT', session }, forCases)).status).toBe(403);
    expect(await loginEvents('cps.nv')).toHaveLength(before);
  });
});

// Issue 13 §5: every refusal of case data is an ACCESS_DENIED event with the category and the reason.
describe('end to end: refusals are audit events', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ canaries: true });
  }, 90_000);
  afterAll(async () => s?.close());

  /** The ACCESS_DENIED events a call added for a user. */
  const refusalsOf = async (username: string, call: () => Promise<unknown>) => {
    const [{ seq }]: { seq: string }[] = await s.owner.query(
      `SELECT coalesce(max(seq), 0)::text AS seq FROM audit.events`,
    );
    await call();
    const rows: { categories: string[]; purpose: string; entity_type: string; case_id: string | null }[] =
      await s.owner.query(
        `SELECT categories, purpose, entity_type, case_id FROM audit.events
          WHERE action = 'ACCESS_DENIED' AND actor_id = $1 AND seq > $2::bigint ORDER BY seq`,
        [s.fixture.users[username], seq],
      );
    return rows;
  };

  it('a filter on D12 refused, or asked without a purpose', async () => {
    const search = `query($r: PurposeReason, $p: String) { cases(filter: { victimPostcode: "ZZ9 9ZZ" }, reason: $r, purpose: $p) { edges { node { id } } } }`;
    const refused = await refusalsOf('probation.nvps', () =>
      s.gql('probation.nvps', search, {
        r: 'SAFETY_PLANNING',
        p: 'Checking whether the victim has moved to this address.',
      }),
    );
    expect(refused).toEqual([
      expect.objectContaining({
        categories: ['D12'],
        purpose: expect.stringMatching(/^refused: Not permitted to filter or sort on D12; /),
      }),
    ]);
    const noPurpose = await refusalsOf('spoc.nvp', () => s.gql('spoc.nvp', search, {}));
    expect(noPurpose).toEqual([
      expect.objectContaining({
        purpose: expect.stringMatching(/^refused: Searching on D12 requires a reason and a purpose; /),
      }),
    ]);
  });

  it("a D12 read with an empty, blank or one-character purpose is refused and recorded against the victim's record", async () => {
    const read = `query($id: ID!, $p: String!) { case(id: $id) { victims { locations(reason: SAFETY_PLANNING, purpose: $p) { postcode } } } }`;
    for (const p of ['', '   ', 'x']) {
      const refused = await refusalsOf('spoc.nvp', () =>
        s.gql('spoc.nvp', read, { id: s.fixture.cases.NV1, p }),
      );
      expect(refused).toEqual([
        expect.objectContaining({
          categories: ['D12'],
          case_id: s.fixture.cases.NV1,
          purpose: expect.stringMatching(/^refused: reading D12 without a reason and a purpose; /),
        }),
      ]);
    }
  });

  it("a write refused (the victim's location by a role without D12) names the category", async () => {
    const refused = await refusalsOf('probation.nvps', () =>
      s.gql('probation.nvps', `mutation($input: AddLocationInput!) { addLocation(input: $input) { id } }`, {
        input: {
          personId: s.fixture.persons['NV1.victim'],
          kind: 'HOME',
          addressLine1: '1 Any Row',
          postcode: 'ZZ1 1ZZ',
        },
      }),
    );
    expect(refused).toHaveLength(1);
    expect(refused[0]!.purpose).toMatch(/^refused: /);
    expect(JSON.stringify(refused)).not.toContain('1 Any Row');
  });
});
