import { ActorChangePublisher, createRedis, waitForRedis } from '@scp/platform-messaging';
import { eventually, testRedisUrl } from '@scp/platform-testing';
import { SERVICE_UNAVAILABLE_MESSAGE } from '@scp/platform-graphql';
import { GATEWAY_RUNTIME, type GatewayRuntime } from './gateway.runtime.js';
import { startStubGateway, type StubGateway } from './testing/stub-gateway.js';
import type { StubSubgraph } from './testing/stub-subgraphs.js';

/** Degrade, don't fail (issue 20 §1–2; docs/degradation.md): one subgraph down is not an outage of all. */

const UNAVAILABLE = { code: 'SERVICE_UNAVAILABLE', retryable: true };

let gw: StubGateway;
let cases: StubSubgraph;
let referrals: StubSubgraph;
let base: string;
let issuer: StubGateway['issuer'];
let logLines: StubGateway['logLines'];

interface GqlBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
}

async function gql(query: string, token: string) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as GqlBody };
}

beforeAll(async () => {
  gw = await startStubGateway({
    REDIS_URL: testRedisUrl(),
    // Every request asks the directory, so each one below exercises the outage rules.
    ACTOR_CACHE_TTL_MS: '0',
  });
  ({ cases, referrals, base, issuer, logLines } = gw);
  // The last record is kept only while change announcements can reach the gateway.
  const { actors } = gw.app.get<GatewayRuntime>(GATEWAY_RUNTIME);
  await eventually(async () => actors.isLive, 5_000);
});

afterAll(async () => {
  await gw?.close();
});

describe('a subgraph down (degrade, do not fail)', () => {
  it("answers a down subgraph's fields as null with SERVICE_UNAVAILABLE on each path; the rest answers", async () => {
    const token = await issuer.signUserToken('demo.chair');
    referrals.unavailable = true;
    try {
      const res = await gql('{ openCaseCount cases { id referrals { id } } }', token);
      expect(res.body.errors).toEqual(
        [0, 1].map((i) => ({
          message: SERVICE_UNAVAILABLE_MESSAGE,
          path: ['cases', i, 'referrals'],
          extensions: UNAVAILABLE,
        })),
      );
      // `Case.referrals` and `Query.cases` are non-null: the nulls reach the root, as GraphQL says.
      expect(res.body.data).toBeNull();
      expect(res.status).toBe(503);
      const other = await gql('{ openCaseCount referralsOf: cases { id } }', token);
      expect(other.body).toEqual({
        data: { openCaseCount: 2, referralsOf: [{ id: 'case-0001' }, { id: 'case-0002' }] },
      });
      expect(res.text).not.toMatch(/upstream down|127\.0\.0\.1|HTTP 503|serviceName/);
      const warned = logLines.filter((l) => l.msg === 'subgraph unavailable');
      expect(warned.at(-1)).toMatchObject({ level: 40, subgraph: 'referrals', status: 503 });
    } finally {
      referrals.unavailable = false;
    }
    expect((await gql('{ cases { id referrals { id } } }', token)).body.errors).toBeUndefined();
  });

  describe('the cases service (the directory) down', () => {
    let chair: string;
    let advocate: string;

    beforeAll(async () => {
      chair = await issuer.signUserToken('demo.chair');
      advocate = await issuer.signUserToken('demo.advocate');
      // Seen once while cases is up: its record is kept as the stale-if-error fallback.
      const seen = await gql('{ me { userId } referralPing }', chair);
      expect(seen.body).toEqual({ data: { me: { userId: 'user-0001' }, referralPing: 'pong' } });
      await cases.close();
    });

    it('serves a query that does not need cases to a user seen before', async () => {
      const res = await gql('{ referralPing }', chair);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { referralPing: 'pong' } });
      expect(
        logLines.some((l) => l.msg === 'directory unavailable; using the last actor record it gave'),
      ).toBe(true);
    });

    it('nulls the cases fields with SERVICE_UNAVAILABLE on their path and answers the others', async () => {
      const res = await gql('{ referralPing openCaseCount }', chair);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        data: { referralPing: 'pong', openCaseCount: null },
        errors: [{ message: SERVICE_UNAVAILABLE_MESSAGE, path: ['openCaseCount'], extensions: UNAVAILABLE }],
      });
    });

    const expect503 = (res: Awaited<ReturnType<typeof gql>>, body: GqlBody) => {
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body).toEqual(body);
    };

    it('answers HTTP 503 when nothing of the request could be answered', async () => {
      expect503(await gql('{ me { userId } }', chair), {
        data: null,
        errors: [{ message: SERVICE_UNAVAILABLE_MESSAGE, path: ['me'], extensions: UNAVAILABLE }],
      });
    });

    it('answers HTTP 503 SERVICE_UNAVAILABLE (not 500, not 401) to a user never seen before', async () => {
      expect503(await gql('{ referralPing }', advocate), {
        errors: [{ message: SERVICE_UNAVAILABLE_MESSAGE, extensions: UNAVAILABLE }],
      });
    });

    it('honours a role change announced while cases is unreachable: the kept record is dropped', async () => {
      const redis = createRedis(testRedisUrl(), 'producer');
      try {
        await waitForRedis(redis);
        await new ActorChangePublisher(redis).publish({ userId: 'user-0001' });
        await eventually(async () => (await gql('{ referralPing }', chair)).status === 503, 5_000);
      } finally {
        redis.disconnect();
      }
      const res = await gql('{ referralPing }', chair);
      expect(res.body).toEqual({
        errors: [{ message: SERVICE_UNAVAILABLE_MESSAGE, extensions: UNAVAILABLE }],
      });
    });
  });
});
