import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface FakeGateway {
  url: string;
  /** Every request the BFF sent: path, bearer header and body. */
  seen: { url: string; authorization?: string; caller?: string; contentType?: string; body: string }[];
  /** The bearer tokens of the /graphql requests, in order. */
  graphqlTokens(): string[];
  /** The session events the BFF reported (`/auth/session-events`), with the token they came with. */
  sessionEvents(): { event: string; session: string; token: string }[];
  /** The web server's own tokens (`x-scp-caller`) that came with the session events. */
  sessionCallers(): (string | undefined)[];
  close(): Promise<unknown>;
}

/** A stand-in gateway for the BFF's specs: the development issuer and /graphql, recording what it gets. */
export async function fakeGateway(
  opts: { accessToken?: string; expiresIn?: number; sessionEventsFail?: boolean } = {},
): Promise<FakeGateway> {
  const seen: FakeGateway['seen'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({
        url: req.url ?? '',
        authorization: req.headers.authorization,
        caller: typeof req.headers['x-scp-caller'] === 'string' ? req.headers['x-scp-caller'] : undefined,
        contentType: req.headers['content-type'],
        body,
      });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/auth/dev/users')
        return res.end(
          JSON.stringify([
            {
              username: 'chair.nvp',
              displayName: 'Demo Chair',
              agencyName: 'NVP',
              roles: ['CLINIC_CHAIR'],
              extra: 'x',
            },
          ]),
        );
      if (req.url === '/auth/dev/token')
        return res.end(
          JSON.stringify({
            access_token: opts.accessToken ?? 'opaque-token-123',
            token_type: 'Bearer',
            expires_in: opts.expiresIn ?? 3600,
          }),
        );
      if (req.url === '/auth/session-events') {
        res.statusCode = opts.sessionEventsFail ? 503 : 204;
        return res.end();
      }
      if (req.url === '/graphql')
        return res.end(JSON.stringify({ data: { me: { displayName: 'Demo Chair' } } }));
      res.statusCode = 404;
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    graphqlTokens: () =>
      seen.filter((s) => s.url === '/graphql').map((s) => (s.authorization ?? '').replace(/^Bearer /, '')),
    sessionEvents: () =>
      seen
        .filter((s) => s.url === '/auth/session-events')
        .map((s) => ({
          ...(JSON.parse(s.body) as { event: string; session: string }),
          token: (s.authorization ?? '').replace(/^Bearer /, ''),
        })),
    sessionCallers: () => seen.filter((s) => s.url === '/auth/session-events').map((s) => s.caller),
    close: () => new Promise((r) => server.close(r)),
  };
}

/** A folder with a one-line index.html, standing in for the Vite build. */
export function fakeClientDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scp-web-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  return dir;
}
