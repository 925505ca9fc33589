import path from 'node:path';
import {
  context,
  propagation,
  trace,
  type Context,
  type Span,
  SpanKind,
  SpanStatusCode,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { RedactingExporter } from './redact.js';

export interface TelemetryOptions {
  /** Default: OTEL_SERVICE_NAME, else the app folder of the entry script (`apps/<name>/dist/main.js`). */
  serviceName?: string;
  /** Default: OTLP over HTTP to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT. */
  exporter?: SpanExporter;
  env?: NodeJS.ProcessEnv;
}

let provider: TracerProvider | undefined;
let instrumentations: (() => void) | undefined;

/** The service's name as traces and metrics give it. */
export function serviceNameOf(env: NodeJS.ProcessEnv = process.env, entry = process.argv[1] ?? ''): string {
  if (env.OTEL_SERVICE_NAME) return env.OTEL_SERVICE_NAME;
  const parts = path.resolve(entry).split(path.sep);
  const apps = parts.lastIndexOf('apps');
  return apps >= 0 && parts[apps + 1] ? `scp-${parts[apps + 1]}` : 'scp';
}

/**
 * Starts tracing for this process, once: W3C trace context in and out, spans of PostgreSQL (pg)
 * and Redis (ioredis) calls, and our own (GraphQL operations, subgraph fetches, outbox events,
 * queue jobs), exported over OTLP. Tracing is off, at no cost, unless an OTLP endpoint is set
 * (or an exporter given): `OTEL_SDK_DISABLED=true` turns it off regardless.
 * Returns whether tracing is on.
 */
export function startTelemetry(opts: TelemetryOptions = {}): boolean {
  if (provider) return true;
  const env = opts.env ?? process.env;
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!opts.exporter && !endpoint) return false;
  const exporter = opts.exporter ?? new OTLPTraceExporter();
  provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName ?? serviceNameOf(env) }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new RedactingExporter(exporter),
        scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY) || undefined,
      }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  instrumentations = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Statement text and parameters never leave (RedactingExporter drops them in any case).
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  return true;
}

/** Is this process exporting traces? */
export const tracingEnabled = (): boolean => provider !== undefined;

/** Sends every span still buffered (before exit, or in a test). */
export async function flushTelemetry(): Promise<void> {
  await provider?.forceFlush();
}

/** Flushes, stops exporting and unregisters the globals (so a test may start it again). */
export async function stopTelemetry(): Promise<void> {
  const stopping = provider;
  provider = undefined;
  await stopping?.shutdown();
  instrumentations?.();
  instrumentations = undefined;
  trace.disable();
  propagation.disable();
  context.disable();
}

export const tracer = () => trace.getTracer('scp');

/** The active trace context as W3C headers (`traceparent`, `tracestate`), to carry across a hop. */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The context a carrier (HTTP headers, an event's or a job's trace fields) continues. */
export function contextFrom(carrier: Record<string, unknown> | undefined | null): Context {
  if (!carrier) return context.active();
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(carrier)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value === 'string') flat[k.toLowerCase()] = value;
  }
  return propagation.extract(context.active(), flat);
}

/**
 * Runs `fn` in a span named `name`, a child of `parent` (default: the active context). The span
 * ends when `fn` settles and is marked an error if it throws (no message: see redact.ts).
 */
export async function inSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean>,
  fn: (span: Span) => Promise<T>,
  opts: { parent?: Context; kind?: SpanKind } = {},
): Promise<T> {
  return tracer().startActiveSpan(
    name,
    { attributes, kind: opts.kind ?? SpanKind.INTERNAL },
    opts.parent ?? context.active(),
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.setAttribute('error.type', error instanceof Error ? error.name : typeof error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Trace and span id of the active span, for log lines (`traceId`, `spanId`), or nothing. */
export function activeTraceIds(): { traceId: string; spanId: string } | Record<string, never> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  return traceFlags & 1 ? { traceId, spanId } : {};
}
