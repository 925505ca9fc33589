import { traceHeaders } from '@scp/platform-telemetry';
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { Readable } from 'node:stream';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createLogger, type Logger } from '@scp/platform-logging';
import { InternalTokenSigner } from '@scp/platform-auth';
import { OidcClient, pkcePair, randomToken, tokenExpiry } from './oidc.client.js';
import { newSession, SessionRefresher } from './session.refresh.js';
import {
  MemorySessionStore,
  RedisSessionStore,
  SessionStoreUnavailableError,
  type Session,
  type SessionStore,
} from './session.store.js';
import type { WebConfig } from './web.config.js';

/** The header every state-changing request from the app carries (a cross-site form cannot set it). */
export const CSRF_HEADER = 'x-scp-csrf';
const PENDING_COOKIE = 'scp_signin';
const MAX_GRAPHQL_BYTES = 1024 * 1024;
const MAX_GRAPHQL_LIMIT = '1 MiB';

/**
 * The gateway (or the session store) cannot be reached: fetch's "fetch failed" (refused, reset,
 * no route), a timeout, or ioredis giving up. Answered 503 SERVICE_UNAVAILABLE (retryable), not as
 * our own failure.
 */
function isUnreachable(err: unknown): boolean {
  const e = err as { name?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'TimeoutError' || e.name === 'MaxRetriesPerRequestError') return true;
  if (e.name === 'TypeError' && e.message === 'fetch failed') return true;
  return typeof e.message === 'string' && /^Connection is closed\.|^Stream isn't writeable/.test(e.message);
}

const errorBody = (message: string, extensions: Record<string, unknown>) =>
  JSON.stringify({ errors: [{ message, extensions }] });

/**
 * Content Security Policy: only this origin's scripts and styles (the Vite build has no inline
 * script), nothing framed, forms post only here.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface WebApp {
  app: express.Express;
  sessions: SessionStore;
  /** Waits for the session store (Redis connected), then listens. */
  listen(port?: number, host?: string): Promise<{ server: Server; url: string }>;
  /** Closes the session store's connection (when the app opened it). */
  close(): Promise<void>;
}

/** The session store the configuration asks for: Redis (shared, kept on restart) or memory. */
export function createSessionStore(config: WebConfig): SessionStore {
  return config.sessionStore === 'redis' && config.redisUrl
    ? new RedisSessionStore(config.redisUrl, {
        keyPrefix: config.redisKeyPrefix,
        revokedTtlMs: config.sessionMaxMs,
      })
    : new MemorySessionStore();
}

const unauthenticated = (res: Response) =>
  res
    .status(401)
    .type('application/json')
    .send(
      JSON.stringify({
        errors: [
          { message: 'Your session has ended. Sign in again.', extensions: { code: 'UNAUTHENTICATED' } },
        ],
      }),
    );

/** What a sign-in or refresh answers while the shared session store cannot be reached. */
export const SESSION_STORE_UNAVAILABLE =
  'Signing in is not possible just now: the session store cannot be reached. If you are signed in, you can go on working; try again in a few minutes.';

const forbidden = (res: Response, message: string) =>
  res
    .status(403)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message, extensions: { code: 'FORBIDDEN' } }] }));

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    try {
      out[name] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // a malformed cookie is ignored
    }
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The gateway path a `GET /files/…` may reach: `/files/<document id>` (with only its `purpose`
 * parameter carried on) or `/files/exports/<export id>` (a subject access pack; only `format=json`
 * carried on), and nothing else, judged on the normalised, decoded path (`/files/../auth/dev/users`
 * and `/files/%2e%2e/graphql` would otherwise leave with the session's bearer token).
 */
export function documentDownloadPath(req: Request): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.path);
  } catch {
    return undefined;
  }
  const parts = path.posix.normalize(decoded).split('/').filter(Boolean);
  if (parts[0] !== 'files') return undefined;
  if (parts.length === 3 && parts[1] === 'exports' && UUID.test(parts[2]!))
    return `/files/exports/${parts[2]!.toLowerCase()}${req.query.format === 'json' ? '?format=json' : ''}`;
  const [, id, ...rest] = parts;
  if (!id || rest.length > 0 || !UUID.test(id)) return undefined;
  const purpose = req.query.purpose;
  const query = typeof purpose === 'string' ? `?${new URLSearchParams({ purpose }).toString()}` : '';
  return `/files/${id.toLowerCase()}${query}`;
}

/**
 * The web app's small server (a backend for the frontend): serves the Vite build, signs users in
 * (the gateway's development issuer, or OIDC authorisation code + PKCE) and proxies `/graphql` and
 * `/files/*` to the gateway with the session's bearer token. The browser holds only an HttpOnly,
 * SameSite=Strict session cookie, never a token.
 */
/** An opaque reference to a session for the audit log: not the cookie, not the store's key. */
export function sessionReference(id: string): string {
  return createHash('sha256').update(`scp-session-audit:${id}`).digest('hex').slice(0, 32);
}

export function createWebApp(
  config: WebConfig,
  opts: { logger?: Logger; fetcher?: typeof fetch; sessions?: SessionStore } = {},
): WebApp {
  const logger = opts.logger ?? createLogger('web', { level: config.logLevel });
  const fetcher = opts.fetcher ?? fetch;
  const sessions = opts.sessions ?? createSessionStore(config);
  const ownsStore = !opts.sessions;
  const oidc = config.oidc ? new OidcClient(config.oidc, fetcher) : undefined;
  /**
   * Sign-in, refresh and sign-out are LOGIN events of the audit chain: the gateway verifies the
   * session's token and the cases service records the event for that user. `session` is a hash
   * of the session id (never the cookie), so one session's events can be told apart.
   */
  const serviceSigner = config.serviceKey
    ? new InternalTokenSigner({ privateKey: config.serviceKey })
    : undefined;
  const auditSession = async (
    accessToken: string,
    event: 'SIGNED_IN' | 'REFRESHED' | 'SIGNED_OUT',
    id: string,
  ) => {
    const upstream = await fetcher(`${config.gatewayUrl}/auth/session-events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
        // The web server's own token: the gateway takes session events from it alone.
        ...(serviceSigner
          ? { 'x-scp-caller': serviceSigner.mintForService('web', 'gateway', randomUUID()) }
          : {}),
      },
      body: JSON.stringify({ event, session: sessionReference(id) }),
      signal: AbortSignal.timeout(5000),
    });
    if (upstream.status !== 204)
      throw new Error(`the gateway did not record ${event} (HTTP ${upstream.status})`);
  };
  /** A session that starts only once its sign-in is in the audit chain; otherwise none. */
  const startSession = async (res: Response, session: Session): Promise<boolean> => {
    const id = await sessions.create(session);
    try {
      await auditSession(session.accessToken, 'SIGNED_IN', id);
    } catch (err) {
      await sessions.destroy(id);
      logger.error({ err: err instanceof Error ? err.message : 'error' }, 'sign-in not audited; refused');
      return false;
    }
    setSessionCookie(res, id, session.expiresAt);
    return true;
  };
  const refresher = new SessionRefresher(sessions, oidc, logger, {
    onRefreshed: (id, session) => auditSession(session.accessToken, 'REFRESHED', id),
  });
  const cookieName = config.secureCookies ? '__Host-scp_session' : 'scp_session';
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  // ── every response: security headers and one log line (method, path, status; never bodies) ──
  app.use((req: Request, res: Response, next: NextFunction) => {
    const t0 = Date.now();
    res.setHeader('content-security-policy', CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (config.secureCookies) res.setHeader('strict-transport-security', 'max-age=31536000');
    res.on('finish', () =>
      logger.info(
        { method: req.method, path: req.path, status: res.statusCode, ms: Date.now() - t0 },
        'request',
      ),
    );
    next();
  });

  const sessionOf = async (req: Request): Promise<{ id?: string; session?: Session }> => {
    const id = parseCookies(req.headers.cookie)[cookieName];
    return { id, session: await sessions.get(id) };
  };

  const setSessionCookie = (res: Response, id: string, expiresAt: number) => {
    const maxAge = Math.max(0, Math.floor((expiresAt - Date.now()) / 1000));
    res.append(
      'set-cookie',
      `${cookieName}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${config.secureCookies ? '; Secure' : ''}`,
    );
  };
  const clearSessionCookie = (res: Response) =>
    res.append(
      'set-cookie',
      `${cookieName}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${config.secureCookies ? '; Secure' : ''}`,
    );

  /** A state-changing request must carry the custom header and, when the browser sends one, our Origin. */
  const csrf = (req: Request, res: Response, next: NextFunction) => {
    if (req.headers[CSRF_HEADER] !== '1') return forbidden(res, 'Missing request header');
    const origin = req.headers.origin;
    if (origin && origin !== `${req.protocol}://${req.headers.host}`)
      return forbidden(res, 'Cross-origin request refused');
    next();
  };

  const noStore = (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('cache-control', 'no-store');
    next();
  };

  app.get('/health/ready', noStore, (_req, res) => {
    res.json({ status: 'ok' });
  });

  // ── sign-in ──
  app.use('/auth', noStore);

  app.get('/auth/session', async (req, res) => {
    const { session } = await sessionOf(req);
    res.json({
      mode: oidc ? 'oidc' : 'demo',
      signedIn: Boolean(session),
      expiresAt: session ? new Date(session.expiresAt).toISOString() : null,
    });
  });

  if (!oidc) {
    app.get('/auth/demo-users', async (_req, res) => {
      const upstream = await fetcher(`${config.gatewayUrl}/auth/dev/users`, {
        signal: AbortSignal.timeout(5000),
      });
      if (!upstream.ok) {
        res.status(502).json({ error: 'The list of demo users is not available' });
        return;
      }
      const users = (await upstream.json()) as {
        username: string;
        displayName: string;
        agencyName?: string;
        roles?: string[];
      }[];
      res.json(
        users
          .map((u) => ({
            username: u.username,
            displayName: u.displayName,
            agencyName: u.agencyName,
            roles: u.roles,
          }))
          .sort((a, b) => a.username.localeCompare(b.username)),
      );
    });

    app.post('/auth/demo-sign-in', csrf, express.json({ limit: '2kb' }), async (req, res) => {
      const username = (req.body as { username?: unknown } | undefined)?.username;
      if (typeof username !== 'string' || !username || username.length > 256) {
        res.status(400).json({ error: 'Choose a demo user' });
        return;
      }
      const upstream = await fetcher(`${config.gatewayUrl}/auth/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username }),
        signal: AbortSignal.timeout(5000),
      });
      if (!upstream.ok) {
        res.status(upstream.status === 401 ? 401 : 502).json({ error: 'That demo user cannot sign in' });
        return;
      }
      const t = (await upstream.json()) as { access_token: string; expires_in?: number };
      const old = parseCookies(req.headers.cookie)[cookieName];
      await sessions.destroy(old); // a new session id at every sign-in (no fixation)
      // The development issuer gives no refresh token: the session ends with the token.
      const session = newSession(
        { accessToken: t.access_token, expiresAt: tokenExpiry(t.access_token, t.expires_in), username },
        config.sessionMaxMs,
      );
      if (!(await startSession(res, session))) {
        res.status(503).json({ error: 'Sign-in is unavailable just now. Try again in a minute.' });
        return;
      }
      res.status(200).json({ signedIn: true, expiresAt: new Date(session.expiresAt).toISOString() });
    });
  }

  if (oidc) {
    app.get('/auth/login', async (_req, res) => {
      const { verifier, challenge } = await pkcePair();
      const state = randomToken();
      const nonce = randomToken();
      let pendingId: string;
      try {
        pendingId = await sessions.savePending({
          state,
          nonce,
          codeVerifier: verifier,
          expiresAt: Date.now() + 600_000,
        });
      } catch (err) {
        if (!(err instanceof SessionStoreUnavailableError)) throw err;
        logger.warn('sign-in refused: the session store cannot be reached');
        return res.redirect(302, '/sign-in?problem=unavailable');
      }
      // Lax: the identity provider's redirect back is a cross-site navigation.
      res.append(
        'set-cookie',
        `${PENDING_COOKIE}=${pendingId}; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=600${config.secureCookies ? '; Secure' : ''}`,
      );
      res.redirect(302, await oidc.authorizationUrl({ state, nonce, challenge }));
    });

    app.get('/auth/callback', async (req, res) => {
      const pending = await sessions
        .takePending(parseCookies(req.headers.cookie)[PENDING_COOKIE])
        .catch((err: unknown) => {
          if (err instanceof SessionStoreUnavailableError) return null;
          throw err;
        });
      if (pending === null) return res.redirect(302, '/sign-in?problem=unavailable');
      res.append('set-cookie', `${PENDING_COOKIE}=; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=0`);
      const code = typeof req.query.code === 'string' ? req.query.code : undefined;
      if (!pending || !code || req.query.state !== pending.state) {
        res.redirect(302, '/sign-in?problem=failed');
        return;
      }
      try {
        const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
        const t = await oidc.exchange(query, pending);
        await sessions.destroy(parseCookies(req.headers.cookie)[cookieName]); // no fixation
        const session = newSession(t, config.sessionMaxMs);
        if (!(await startSession(res, session))) {
          res.redirect(302, '/sign-in?problem=unavailable');
          return;
        }
        // A same-origin navigation, so that the SameSite=Strict cookie is sent with the next page.
        res
          .type('html')
          .send(
            '<!doctype html><meta http-equiv="refresh" content="0;url=/"><title>Signing in</title><a href="/">Continue</a>',
          );
      } catch (err) {
        if (err instanceof SessionStoreUnavailableError) {
          logger.warn('sign-in refused: the session store cannot be reached');
          return res.redirect(302, '/sign-in?problem=unavailable');
        }
        logger.warn({ err: err instanceof Error ? err.message : 'error' }, 'OIDC sign-in failed');
        res.redirect(302, '/sign-in?problem=failed');
      }
    });
  }

  app.post('/auth/sign-out', csrf, async (req, res) => {
    // Sign-out works without the shared store: `destroy` never fails (docs/sessions.md).
    const id = parseCookies(req.headers.cookie)[cookieName];
    const session = await sessions.get(id).catch(() => undefined);
    await sessions.destroy(id);
    clearSessionCookie(res);
    // Sign-out never waits on the audit: the session is gone either way; a failure is logged.
    if (id && session && session.accessExpiresAt > Date.now())
      await auditSession(session.accessToken, 'SIGNED_OUT', id).catch((err: unknown) =>
        logger.error({ err: err instanceof Error ? err.message : 'error' }, 'sign-out not audited'),
      );
    const redirect = (oidc && (await oidc.endSessionUrl(session?.idToken))) || '/signed-out';
    res.json({ redirect });
  });

  // ── the API, through the gateway with the session's token ──
  const requireSession = async (req: Request, res: Response, next: NextFunction) => {
    const { id, session: stored } = await sessionOf(req);
    // A token close to its expiry is refreshed first (OIDC with a refresh token only).
    const session = id && stored ? await refresher.live(id, stored) : undefined;
    if (!id || !session) {
      if (id) clearSessionCookie(res);
      return unauthenticated(res);
    }
    if (session.expiresAt !== stored!.expiresAt) setSessionCookie(res, id, session.expiresAt);
    res.locals.session = session;
    res.locals.sessionId = id;
    next();
  };

  const relay = async (req: Request, res: Response, upstream: globalThis.Response) => {
    if (upstream.status === 401) {
      // The gateway no longer accepts the token: the session is over.
      await sessions.destroy(res.locals.sessionId as string);
      clearSessionCookie(res);
    }
    res.status(upstream.status);
    for (const h of ['content-type', 'content-length', 'content-disposition', 'repr-digest'])
      if (upstream.headers.get(h)) res.setHeader(h, upstream.headers.get(h)!);
    if (!upstream.body) return void res.end();
    Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream).pipe(res);
  };

  app.post(
    '/graphql',
    noStore,
    csrf,
    requireSession,
    express.raw({ type: () => true, limit: MAX_GRAPHQL_BYTES }),
    async (req, res) => {
      const session = res.locals.session as Session;
      const upstream = await fetcher(`${config.gatewayUrl}/graphql`, {
        method: 'POST',
        headers: {
          // The client's own: a text/plain body is refused by the gateway, not relabelled as JSON.
          'content-type': req.headers['content-type'] ?? 'application/octet-stream',
          accept: 'application/json',
          authorization: `Bearer ${session.accessToken}`,
          'x-request-id': randomUUID(),
          // The gateway's span continues this request's trace (W3C traceparent).
          ...traceHeaders(),
        },
        body: req.body as Buffer,
        signal: AbortSignal.timeout(30_000),
      });
      await relay(req, res, upstream);
    },
  );
  app.all('/graphql', noStore, (_req, res) => {
    res.status(405).setHeader('allow', 'POST').end();
  });

  app.get('/files/*splat', noStore, requireSession, async (req, res) => {
    const target = documentDownloadPath(req);
    if (!target) return void res.status(404).json({ error: 'not_found' });
    const session = res.locals.session as Session;
    const upstream = await fetcher(`${config.gatewayUrl}${target}`, {
      headers: {
        authorization: `Bearer ${session.accessToken}`,
        'x-request-id': randomUUID(),
        ...traceHeaders(),
      },
      signal: AbortSignal.timeout(60_000),
    });
    await relay(req, res, upstream);
  });
  app.post('/files', noStore, csrf, requireSession, async (req, res) => {
    const session = res.locals.session as Session;
    const headers: Record<string, string> = {
      authorization: `Bearer ${session.accessToken}`,
      'x-request-id': randomUUID(),
      ...traceHeaders(),
    };
    for (const h of ['content-type', 'content-length', 'x-file-name'])
      if (typeof req.headers[h] === 'string') headers[h] = req.headers[h] as string;
    const query = new URL(req.originalUrl, 'http://web.invalid').search;
    const upstream = await fetcher(`${config.gatewayUrl}/files${query}`, {
      method: 'POST',
      headers,
      body: Readable.toWeb(req) as unknown as RequestInit['body'],
      duplex: 'half',
      signal: AbortSignal.timeout(60_000),
    } as RequestInit);
    await relay(req, res, upstream);
  });

  // ── the browser app ──
  const indexFile = path.join(config.clientDir, 'index.html');
  app.use(
    express.static(config.clientDir, {
      index: false,
      setHeaders(res, file) {
        res.setHeader(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
  app.get('/{*splat}', (_req, res) => {
    if (!fs.existsSync(indexFile)) {
      res.status(503).type('text').send('The web app is not built: run `node apps/web/scripts/build.mjs`.');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(indexFile);
  });

  // Errors: what happened, with a code. A client's mistake (a body too large or unreadable) is a
  // 4xx logged at warn; an unreachable gateway or session store a retryable 503; anything else a
  // generic answer with an id. The log has the id and the error's name only, never a stack.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof SessionStoreUnavailableError) {
      // A new session (or a rotation) needs the shared store; signed-in requests go on without it.
      logger.warn({ path: req.path }, 'refused: the session store cannot be reached');
      if (res.headersSent) return void res.end();
      return void res
        .status(503)
        .setHeader('retry-after', '30')
        .type('application/json')
        .send(errorBody(SESSION_STORE_UNAVAILABLE, { code: 'SERVICE_UNAVAILABLE', retryable: true }));
    }
    const e = err as { status?: unknown; type?: unknown };
    const status = typeof e?.status === 'number' ? e.status : 502;
    const name = err instanceof Error ? err.name : typeof err;
    if (res.headersSent) {
      logger.error({ err: name }, 'web request failed after its answer began');
      return void res.end();
    }
    res.type('application/json');
    if (e?.type === 'entity.too.large' || status === 413) {
      logger.warn({ status: 413 }, 'request body too large');
      return void res.status(413).send(
        errorBody(`Request body exceeds the limit of ${MAX_GRAPHQL_LIMIT}`, {
          code: 'QUERY_LIMIT_EXCEEDED',
          limit: 'bodyLimit',
        }),
      );
    }
    if (status >= 400 && status < 500) {
      logger.warn({ status, type: typeof e?.type === 'string' ? e.type : undefined }, 'request refused');
      return void res.status(status).send(errorBody('Malformed request', { code: 'BAD_REQUEST' }));
    }
    if (isUnreachable(err)) {
      logger.warn({ err: name }, 'gateway or session store unreachable');
      return void res
        .status(503)
        .setHeader('retry-after', '5')
        .send(
          errorBody('A service this request needs is unavailable; try again shortly', {
            code: 'SERVICE_UNAVAILABLE',
            retryable: true,
          }),
        );
    }
    const errorId = randomUUID();
    logger.error({ errorId, err: name }, 'web request failed');
    res.status(502).send(errorBody('Something went wrong', { code: 'INTERNAL_SERVER_ERROR', errorId }));
  });

  return {
    app,
    sessions,
    async listen(port = config.port, host = config.host) {
      await sessions.ready();
      return new Promise((resolve, reject) => {
        const server = app.listen(port, host, (err?: Error) => {
          if (err) return reject(err);
          const addr = server.address();
          const p = typeof addr === 'object' && addr ? addr.port : port;
          resolve({ server, url: `http://${host}:${p}` });
        });
      });
    },
    async close() {
      if (ownsStore) await sessions.close();
    },
  };
}
