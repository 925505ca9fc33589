import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Actor } from '@scp/contracts';
import { unauthenticated } from '@scp/platform-graphql';
import type { InternalPrincipal, InternalTokenVerifier } from './internal-token.js';
import { bearerToken } from './bearer.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- the documented way to extend Express's Request
  namespace Express {
    interface Request {
      /** Set by createInternalAuthMiddleware once the gateway's internal token has been verified. */
      principal?: InternalPrincipal;
    }
  }
}

export interface InternalAuthMiddlewareOptions {
  /** Exact paths (no prefix matching) that need no token: liveness and readiness probes. */
  publicPaths?: string[];
}

const UNAUTHENTICATED_BODY = JSON.stringify({
  errors: [{ message: 'Unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }],
});

function pathOf(req: Request): string {
  // originalUrl, not req.path: the answer must not depend on where the middleware is mounted.
  const url = req.originalUrl ?? req.url ?? '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** Identity headers a proxy or client might inject. We never read them, and nothing downstream may. */
function stripIdentityHeaders(req: Request): void {
  for (const name of Object.keys(req.headers)) if (name.startsWith('x-user-')) delete req.headers[name];
  const raw = req.rawHeaders;
  if (Array.isArray(raw)) {
    for (let i = raw.length - 2; i >= 0; i -= 2) {
      if (raw[i]?.toLowerCase().startsWith('x-user-')) raw.splice(i, 2);
    }
  }
}

/**
 * Subgraph middleware, mounted at the app root BEFORE GraphQL: every request (GET and POST,
 * `_entities` and `_service` included) must carry a valid internal token addressed to this
 * subgraph. Guards would not do: they do not run for `_entities` (style.md rule 7).
 */
export function createInternalAuthMiddleware(
  verifier: InternalTokenVerifier,
  opts: InternalAuthMiddlewareOptions = {},
): RequestHandler {
  const publicPaths = new Set(opts.publicPaths ?? ['/health', '/health/ready']);
  return (req: Request, res: Response, next: NextFunction): void => {
    stripIdentityHeaders(req);
    delete req.principal;
    if (publicPaths.has(pathOf(req))) {
      next();
      return;
    }
    const token = bearerToken(req.headers.authorization);
    let principal: InternalPrincipal | undefined;
    if (token) {
      try {
        principal = verifier.verify(token);
      } catch {
        principal = undefined;
      }
    }
    if (!principal) {
      res.statusCode = 401;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('www-authenticate', 'Bearer');
      res.setHeader('cache-control', 'no-store');
      res.end(UNAUTHENTICATED_BODY);
      return;
    }
    req.principal = principal;
    next();
  };
}

/** The verified principal of a request that went through the middleware; throws if there is none. */
export function principalOf(req: Request): InternalPrincipal {
  const principal = req.principal;
  if (!principal) throw unauthenticated();
  return principal;
}

/** The user behind a request; a service principal (no user) is refused. */
export function actorOf(req: Request): Actor {
  const principal = principalOf(req);
  if (principal.kind !== 'user') throw unauthenticated();
  return principal.actor;
}
