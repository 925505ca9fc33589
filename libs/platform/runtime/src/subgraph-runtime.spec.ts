import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Context, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '@scp/contracts';
import { generateDevKeyPair, InternalTokenSigner } from '@scp/platform-auth';
import { createTestDatabase, eventually, type TestDatabase } from '@scp/platform-testing';
import { createSubgraphRuntime, type BaseSubgraphContext, type SubgraphRuntime } from './subgraph-runtime.js';

@Resolver()
class WhoAmIResolver {
  @Query(() => String)
  whoAmI(@Context() ctx: BaseSubgraphContext & { label: string }): string {
    return `${ctx.actor.userId} ${ctx.audit.operationLabel()} ${ctx.label}`;
  }
}

const actor: Actor = {
  userId: randomUUID(),
  agencyId: randomUUID(),
  agencyType: 'POLICE',
  roles: ['POLICE_SPOC'],
  clinicIds: [],
  requestId: randomUUID(),
};

describe('SubgraphRuntime: what every subgraph process is built from', () => {
  let db: TestDatabase;
  const gateway = generateDevKeyPair();
  const caller = generateDevKeyPair();
  const gatewaySigner = new InternalTokenSigner({ privateKey: gateway.privateKeyPem });
  const callerSigner = new InternalTokenSigner({ privateKey: caller.privateKeyPem });
  let rt: SubgraphRuntime;
  let url: string;
  const stopped: string[] = [];
  let sweeps = 0;

  beforeAll(async () => {
    db = await createTestDatabase('runtime');
    rt = await createSubgraphRuntime({
      service: 'cases',
      databaseUrl: db.url,
      entities: [],
      internalPublicKey: gateway.publicKeyPem,
      production: false,
    });
    const app = await rt.createApp({
      servicePaths: [
        { prefix: '/internal/open', keys: [caller.publicKeyPem] },
        { prefix: '/internal/closed', keys: undefined },
      ],
      imports: [],
      providers: [WhoAmIResolver],
      context: (base) => ({ ...base, label: 'extra' }),
    });
    rt.onClose({ close: async () => void stopped.push('worker') });
    rt.every(10, 'test sweep', async () => void sweeps++);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  const post = (path: string, token?: string, body: object = {}) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('answers /health and /health/ready without a token', async () => {
    const live = await fetch(`${url}/health`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });
  });

  it("builds the GraphQL context from the gateway's token: the actor, the request's audit, the service's own part", async () => {
    expect((await post('/graphql', undefined, { query: '{ whoAmI }' })).status).toBe(401);
    const res = await post('/graphql', gatewaySigner.mintForUser(actor, 'cases'), {
      query: 'query Probe { whoAmI }',
      operationName: 'Probe',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { whoAmI: `${actor.userId} cases:Probe extra` } });
    // A service key does not reach GraphQL.
    const service = callerSigner.mintForUser(actor, 'cases');
    expect((await post('/graphql', service, { query: '{ whoAmI }' })).status).toBe(401);
  });

  it("a service path takes its callers' keys only; one without keys refuses everyone", async () => {
    const fromCaller = callerSigner.mintForService('meetings', 'cases', randomUUID());
    const fromGateway = gatewaySigner.mintForService('gateway', 'cases', randomUUID());
    // Past the middleware, no controller: 404.
    expect((await post('/internal/open', fromCaller)).status).toBe(404);
    expect((await post('/internal/open', fromGateway)).status).toBe(401);
    expect((await post('/internal/closed', fromCaller)).status).toBe(401);
    const refused = await post('/internal/closed', fromGateway);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      errors: [{ message: 'Unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });

  it('readiness fails while the database does not answer', async () => {
    await rt.ds.destroy();
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable' });
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('close() stops the sweeps, the app and the workers', async () => {
    await eventually(async () => sweeps > 0);
    await rt.close();
    expect(stopped).toEqual(['worker']);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
