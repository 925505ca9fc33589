import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateDevKeyPair, InternalTokenSigner, InternalTokenVerifier } from '@scp/platform-auth';
import { HttpFreeTextChecker } from './http-free-text-checker.js';

describe('HttpFreeTextChecker', () => {
  const keys = generateDevKeyPair();
  const verifier = new InternalTokenVerifier({ publicKey: keys.publicKeyPem, audience: 'cases' });
  let server: http.Server;
  let url: string;
  let answer: { status: number; body: Record<string, unknown> } = { status: 200, body: { ok: true } };
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        let principal: ReturnType<typeof verifier.verify> | null = null;
        try {
          principal = verifier.verify(token);
        } catch {
          principal = null;
        }
        if (!principal || principal.kind !== 'service' || principal.service !== 'meetings') {
          res.writeHead(401).end();
          return;
        }
        expect(JSON.parse(body)).toEqual({ ...write, kind: 'prose' });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const write = {
    userId: '00000000-0000-4000-8000-000000000001',
    caseIds: ['00000000-0000-4000-8000-000000000002'],
    field: 'minutes',
    text: 'some text',
  };
  const checker = () =>
    new HttpFreeTextChecker({
      baseUrl: url,
      signer: new InternalTokenSigner({ privateKey: keys.privateKeyPem }),
    });

  it('passes clean text, refuses with the cases service sentence (naming the field only), fails closed', async () => {
    answer = { status: 200, body: { ok: true } };
    await expect(checker().assertClean(write)).resolves.toBeUndefined();
    answer = { status: 200, body: { ok: false, reason: 'LOCATION', message: 'minutes is shared' } };
    await expect(checker().assertClean(write)).rejects.toMatchObject({
      message: 'minutes is shared',
      kind: 'INVALID',
      details: { field: 'minutes' },
    });
    answer = { status: 200, body: { ok: false, reason: 'PAUSED', message: 'paused' } };
    await expect(checker().assertClean(write)).rejects.toMatchObject({ kind: 'FORBIDDEN' });
    answer = { status: 503, body: { ok: true } };
    await expect(checker().assertClean(write)).rejects.toThrow(/unavailable/);
    const wrongKey = new HttpFreeTextChecker({
      baseUrl: url,
      signer: new InternalTokenSigner({ privateKey: generateDevKeyPair().privateKeyPem }),
    });
    await expect(wrongKey.assertClean(write)).rejects.toThrow(/unavailable \(401\)/);
  });
});
