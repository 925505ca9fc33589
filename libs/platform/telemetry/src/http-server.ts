import http from 'node:http';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { contextFrom, tracer } from './tracing.js';

const UNTRACED = /^\/(health|metrics)(\/|$|\?)/;
let original: typeof http.Server.prototype.emit | undefined;

/**
 * A SERVER span for every HTTP request this process serves (but health checks and metrics),
 * continuing the caller's W3C `traceparent`, and the request's handling — body parsing, Nest,
 * Apollo, resolvers, and so PostgreSQL and Redis calls — run inside it. Done once, on
 * `http.Server.prototype`, because the servers are created inside Nest and Express.
 */
export function traceIncomingHttp(): void {
  if (original) return;
  original = http.Server.prototype.emit;
  const emit = http.Server.prototype.emit as (
    this: http.Server,
    event: string | symbol,
    ...args: unknown[]
  ) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event !== 'request') return emit.call(this, event, ...args);
    const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
    if (UNTRACED.test(req.url ?? '')) return emit.call(this, event, ...args);
    const parent = contextFrom(req.headers);
    const span = tracer().startSpan(
      `HTTP ${req.method ?? 'GET'}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET' } },
      parent,
    );
    const active = trace.setSpan(parent, span);
    // The body arrives on the request's own events: they run in the span too.
    context.bind(active, req);
    context.bind(active, res);
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    return context.with(active, () => emit.call(this, event, ...args));
  } as typeof http.Server.prototype.emit;
}

/** Undoes traceIncomingHttp (a test that traced its own process). */
export function untraceIncomingHttp(): void {
  if (!original) return;
  http.Server.prototype.emit = original;
  original = undefined;
}
