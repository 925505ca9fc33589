import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * Attributes a span may carry out of the process. Traces go to a force's observability stack, a
 * path data can leave by like any other: no statement text (it could hold a literal), no Redis
 * arguments (keys and values), no error message (a database error quotes the stored value), no
 * URL query. Anything not named here is dropped, so a new instrumentation cannot add a leak.
 */
export const SPAN_ATTRIBUTES: ReadonlySet<string> = new Set([
  'service.name',
  'db.system',
  'db.system.name',
  'db.name',
  'db.namespace',
  'db.operation',
  'db.operation.name',
  'db.collection.name',
  'db.sql.table',
  'db.user',
  'db.response.status_code',
  'error.type',
  'server.address',
  'server.port',
  'net.peer.name',
  'net.peer.port',
  'http.method',
  'http.request.method',
  'http.status_code',
  'http.response.status_code',
  'graphql.operation.type',
  'graphql.operation.name',
  'scp.subgraph',
  'scp.outcome',
  'scp.error_codes',
  'scp.queue',
  'scp.job',
  'scp.event_type',
  'messaging.system',
  'messaging.destination.name',
  'messaging.operation',
  'messaging.operation.type',
  'messaging.message.id',
  'bullmq.job.name',
  'bullmq.job.attempts',
  'bullmq.queue.name',
]);

type Attributes = ReadableSpan['attributes'];
const keep = (attributes: Attributes): Attributes =>
  Object.fromEntries(Object.entries(attributes).filter(([k]) => SPAN_ATTRIBUTES.has(k)));

/** The span as it may leave: allowed attributes only, events without theirs, no status message. */
export function redactSpan(span: ReadableSpan): ReadableSpan {
  return Object.create(span, {
    attributes: { value: keep(span.attributes), enumerable: true },
    events: {
      value: span.events.map((e) => ({ ...e, attributes: e.attributes ? keep(e.attributes) : undefined })),
      enumerable: true,
    },
    status: { value: { code: span.status.code }, enumerable: true },
    links: { value: span.links.map((l) => ({ ...l, attributes: {} })), enumerable: true },
  }) as ReadableSpan;
}

/** Wraps an exporter so that nothing but the allowed attributes reaches it. */
export class RedactingExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans.map(redactSpan), done);
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
