import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response, ErrorRequestHandler } from 'express';
import { requestScope, type Logger } from './logger.js';
import { bracketNesting, QUERY_LIMITS } from './query-limits.js';

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
      // A client's mistake (4xx) is worth a look but is not our error: warn, never a stack.
      logger[res.statusCode >= 400 && res.statusCode < 500 ? 'warn' : 'info'](
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

const badRequest = (res: Response, message: string): void => {
  res
    .status(400)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }));
};

/** Body-parser failures as GraphQL-shaped JSON, not Express's HTML page (which shows a stack outside production). */
export function bodyErrorHandler(logger: Logger, bodyLimit: string): ErrorRequestHandler {
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const e = err as { type?: string; status?: number };
    if (res.headersSent) {
      next(err);
      return;
    }
    const tooLarge = e?.type === 'entity.too.large' || e?.status === 413;
    logger.warn({ type: e?.type, status: e?.status }, 'rejected request body');
    if (!tooLarge) return badRequest(res, 'The request body is not a JSON object');
    res
      .status(413)
      .type('application/json')
      .send(limitBody(`Request body exceeds the limit of ${bodyLimit}`, 'bodyLimit'));
  };
}

/**
 * A POST to /graphql is JSON (`Content-Type: application/json`), said plainly rather than with
 * Apollo's CSRF refusal, which blames a forgery for what is usually a wrong header.
 */
export function jsonOnlyMiddleware(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'POST' && !req.is('application/json')) {
      badRequest(res, 'A GraphQL request must be a JSON body sent with Content-Type: application/json');
      return;
    }
    next();
  };
}

/**
 * graphql-armor's character limit exists only for Envelop; this is the Express equivalent,
 * checked before Apollo parses anything (GET `?query=` and POST bodies alike). So is the bracket
 * nesting limit, which graphql-js's parser would otherwise meet as a stack overflow.
 */
export function characterLimitMiddleware(limit: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const fromBody = (req.body as { query?: unknown } | undefined)?.query;
    const query = typeof fromBody === 'string' ? fromBody : req.query?.query;
    if (typeof query !== 'string') return next();
    const refusal =
      query.length > limit
        ? limitBody(`Query exceeds the limit of ${limit} characters`, 'characterLimit')
        : bracketNesting(query, QUERY_LIMITS.maxNesting) > QUERY_LIMITS.maxNesting
          ? limitBody(`Query nests brackets deeper than ${QUERY_LIMITS.maxNesting}`, 'maxNesting')
          : undefined;
    if (!refusal) return next();
    res.status(400).type('application/json').send(refusal);
  };
}
