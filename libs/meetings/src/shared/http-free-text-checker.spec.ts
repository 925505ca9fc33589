import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateDevKeyPair, InternalTokenSigner, InternalTokenVerifier } from '@scp/platform-auth';
import { HttpFreeTextChecker } from './http-free-text-checker.js';

describe('HttpFreeTextChecker', () => {
  const keys = generateDevKeyPair();
  const verifier = new InternalTokenVerifier({ publicKey: keys.publicKeyPem, audience: 'cases' });
  let server: http.Server;
  let url: string;
  let answer: { status: number; ok: boolean } = { status: 200, ok: true };
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
        expect(JSON.parse(body)).toEqual({ caseId: 'c1', text: 'some text' });
        res
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: answer.ok }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const checker = () =>
    new HttpFreeTextChecker({
      baseUrl: url,
      signer: new InternalTokenSigner({ privateKey: keys.privateKeyPem }),
    });

  it('passes clean text, refuses text with a victim location (naming the field only), fails closed', async () => {
    answer = { status: 200, ok: true };
    await expect(checker().assertClean('c1', 'some text', 'minutes')).resolves.toBeUndefined();
    answer = { status: 200, ok: false };
    await expect(checker().assertClean('c1', 'some text', 'minutes')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'minutes' },
    });
    answer = { status: 503, ok: true };
    await expect(checker().assertClean('c1', 'some text', 'minutes')).rejects.toThrow(/unavailable/);
    const wrongKey = new HttpFreeTextChecker({
      baseUrl: url,
      signer: new InternalTokenSigner({ privateKey: generateDevKeyPair().privateKeyPem }),
    });
    await expect(wrongKey.assertClean('c1', 'some text', 'minutes')).rejects.toThrow(/unavailable \(401\)/);
  });
});
