import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response, ErrorRequestHandler } from 'express';
import { requestScope, type Logger } from './logger.js';

/**
 * A fresh id per request, whatever the client sends: the id ends up in internal tokens and audit
 * rows, so a client must not be able to choose (or replay) it. The client gets it back in the
 * `x-request-id` response header to quote in a support call.
 */
export function requestIdMiddleware(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const requestId = randomUUID();
    const started = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      // Path only: a GET query string may hold the operation and its variables.
      const path = (req.originalUrl ?? req.url).split('?', 1)[0];
      logger.info(
        {
          requestId,
          method: req.method,
          path,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  };
}

export function requestIdOf(res: Response): string {
  const id: unknown = res.locals.requestId;
  if (typeof id !== 'string') throw new Error('requestIdMiddleware did not run');
  return id;
}

/**
 * Runs the rest of the request inside the logging scope. Mounted after the body parser: the
 * parser's stream callbacks would otherwise run outside the async context.
 */
export function requestScopeMiddleware(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction): void => {
    requestScope.run({ requestId: requestIdOf(res) }, next);
  };
}

/** Nothing the gateway answers may be stored by a browser or a proxy. */
export function securityHeadersMiddleware(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('pragma', 'no-cache');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    next();
  };
}

const limitBody = (message: string, limit: string) =>
  JSON.stringify({ errors: [{ message, extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit } }] });

/** Body-parser failures as GraphQL-shaped JSON, not Express's HTML page (which shows a stack outside production). */
export function bodyErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const e = err as { type?: string; status?: number };
    if (res.headersSent) {
      next(err);
      return;
    }
    const tooLarge = e?.type === 'entity.too.large' || e?.status === 413;
    logger.warn({ type: e?.type, status: e?.status }, 'rejected request body');
    res.status(tooLarge ? 413 : 400).type('application/json');
    res.send(
      tooLarge
        ? limitBody('Request body too large', 'bodyLimit')
        : JSON.stringify({
            errors: [{ message: 'Malformed request body', extensions: { code: 'BAD_USER_INPUT' } }],
          }),
    );
  };
}

/**
 * graphql-armor's character limit exists only for Envelop; this is the Express equivalent,
 * checked before Apollo parses anything (GET `?query=` and POST bodies alike).
 */
export function characterLimitMiddleware(limit: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const fromBody = (req.body as { query?: unknown } | undefined)?.query;
    const query = typeof fromBody === 'string' ? fromBody : req.query?.query;
    if (typeof query === 'string' && query.length > limit) {
      res
        .status(400)
        .type('application/json')
        .send(limitBody(`Query exceeds the limit of ${limit} characters`, 'characterLimit'));
      return;
    }
    next();
  };
}
