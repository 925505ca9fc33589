import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Actor } from '@scp/contracts';
import { createInternalAuthMiddleware, principalOf } from './internal-auth.middleware.js';
import { InternalTokenSigner, InternalTokenVerifier } from './internal-token.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signer = new InternalTokenSigner({ privateKey });
const actor: Actor = {
  userId: 'user-0001',
  agencyId: 'agency-0001',
  agencyType: 'ADVOCACY',
  roles: ['VICTIM_ADVOCATE'],
  clinicIds: ['clinic-0001'],
  requestId: 'rid-0001',
};
const UNAUTHENTICATED = { errors: [{ message: 'Unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }] };

let server: Server;
let base: string;
let handlerCalls = 0;

beforeAll(async () => {
  const app = express();
  app.use(createInternalAuthMiddleware(new InternalTokenVerifier({ publicKey, audience: 'cases' })));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.all('/graphql', (req, res) => {
    handlerCalls++;
    const userHeaders = Object.keys(req.headers).filter((h) => h.startsWith('x-user-'));
    const rawUserHeaders = req.rawHeaders.filter((h) => h.toLowerCase().startsWith('x-user-'));
    res.json({ principal: principalOf(req), userHeaders, rawUserHeaders });
  });
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Echo {
  principal: { kind: string; actor: Actor };
  userHeaders: string[];
  rawUserHeaders: string[];
}

async function call(path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, init);
  return { status: res.status, body: (await res.json()) as Echo };
}

describe('createInternalAuthMiddleware', () => {
  it('refuses a request without an Authorization header, before any handler runs', async () => {
    const before = handlerCalls;
    for (const method of ['GET', 'POST']) {
      const res = await call('/graphql', { method });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(UNAUTHENTICATED);
    }
    expect(handlerCalls).toBe(before);
  });

  it('refuses other schemes, garbage and tokens for another subgraph', async () => {
    for (const authorization of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer not-a-token',
      `Bearer ${signer.mintForUser(actor, 'referrals')}`,
      signer.mintForUser(actor, 'cases'),
    ]) {
      const res = await call('/graphql', { method: 'POST', headers: { authorization } });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(UNAUTHENTICATED);
    }
  });

  it('accepts a valid internal token and exposes the principal (GET and POST)', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await call('/graphql?query=%7B__typename%7D', {
        method,
        headers: { authorization: `Bearer ${signer.mintForUser(actor, 'cases')}` },
      });
      expect(res.status).toBe(200);
      expect(res.body.principal).toEqual({ kind: 'user', actor });
    }
  });

  it('never trusts x-user-* headers: refused without a token, stripped with one', async () => {
    const forged = { 'x-user-id': 'admin', 'x-user-roles': 'SYSTEM_ADMIN', 'X-User-Agency': 'agency-9999' };
    const refused = await call('/graphql', { method: 'POST', headers: forged });
    expect(refused.status).toBe(401);

    const res = await call('/graphql', {
      method: 'POST',
      headers: { ...forged, authorization: `Bearer ${signer.mintForUser(actor, 'cases')}` },
    });
    expect(res.status).toBe(200);
    expect(res.body.principal.actor).toEqual(actor);
    expect(res.body.userHeaders).toEqual([]);
    expect(res.body.rawUserHeaders).toEqual([]);
  });

  it('lets only the exact public paths through without a token', async () => {
    expect((await call('/health')).status).toBe(200);
    expect((await call('/health?probe=1')).status).toBe(200);
    expect((await call('/healthz')).status).toBe(401);
    expect((await call('/health/extra')).status).toBe(401);
  });

  it('principalOf throws UNAUTHENTICATED on a request that never went through the middleware', () => {
    expect(() => principalOf({} as express.Request)).toThrow('Unauthenticated');
  });
});
