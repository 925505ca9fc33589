import type { AddressInfo } from 'node:net';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  metricsRegistry,
  operationDuration,
  operationLabel,
  startMetricsServer,
  watchOutbox,
} from './metrics.js';
import { RedactingExporter } from './redact.js';
import {
  flushTelemetry,
  inSpan,
  startTelemetry,
  stopTelemetry,
  traceHeaders,
  contextFrom,
} from './tracing.js';

describe('telemetry', () => {
  describe('what a span may carry out', () => {
    it('keeps only allowed attributes, drops statement text, error messages and event details', async () => {
      const inner = new InMemorySpanExporter();
      startTelemetry({ exporter: new RedactingExporter(inner), serviceName: 'scp-test' });
      try {
        await expect(
          inSpan(
            'pg.query:SELECT',
            { 'db.system': 'postgresql', 'db.statement': "SELECT 1 WHERE phone = '07700 900123'" },
            async (span) => {
              span.recordException(new Error('Key (phone)=(07700 900123) already exists'));
              span.setStatus({
                code: SpanStatusCode.ERROR,
                message: 'Key (phone)=(07700 900123) already exists',
              });
              throw new Error('duplicate');
            },
          ),
        ).rejects.toThrow('duplicate');
        await flushTelemetry();
        const [span] = inner.getFinishedSpans() as ReadableSpan[];
        expect(span!.attributes).toEqual({ 'db.system': 'postgresql', 'error.type': 'Error' });
        expect(span!.status).toEqual({ code: SpanStatusCode.ERROR });
        expect(JSON.stringify(span!.events.map((e) => e.attributes))).not.toContain('07700');
      } finally {
        await stopTelemetry();
      }
    });
  });

  it('carries W3C trace context out and back in', async () => {
    const inner = new InMemorySpanExporter();
    startTelemetry({ exporter: inner, serviceName: 'scp-test' });
    try {
      let carried: Record<string, string> = {};
      await inSpan('outer', {}, async () => {
        carried = traceHeaders();
      });
      expect(carried.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      await inSpan('continued', {}, async () => undefined, { parent: contextFrom(carried) });
      await flushTelemetry();
      const spans = inner.getFinishedSpans();
      const outer = spans.find((s) => s.name === 'outer')!;
      const continued = spans.find((s) => s.name === 'continued')!;
      expect(continued.spanContext().traceId).toBe(outer.spanContext().traceId);
      expect(continued.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    } finally {
      await stopTelemetry();
    }
  });

  it('is off, and carries nothing, when no endpoint or exporter is set', () => {
    expect(startTelemetry({ env: {} })).toBe(false);
    expect(traceHeaders()).toEqual({});
  });

  describe('metrics', () => {
    it('serves the registry on its own port, with outbox figures read at the scrape', async () => {
      operationDuration.observe({ service: 'cases', operation: 'CaseList', outcome: 'ok' }, 0.012);
      const unwatch = watchOutbox('cases', async () => ({ pending: 7, oldestSeconds: 42 }));
      const server = await startMetricsServer(0, '127.0.0.1');
      try {
        const { port } = server.address() as AddressInfo;
        const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        expect(body).toMatch(
          /scp_graphql_operation_duration_seconds_count\{service="cases",operation="CaseList",outcome="ok"\} 1/,
        );
        expect(body).toContain('scp_outbox_pending{schema="cases"} 7');
        expect(body).toContain('scp_outbox_oldest_pending_age_seconds{schema="cases"} 42');
        expect(body).toContain('scp_process_resident_memory_bytes');
        expect((await fetch(`http://127.0.0.1:${port}/graphql`)).status).toBe(404);
      } finally {
        unwatch();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        metricsRegistry.resetMetrics();
      }
    });

    it('never makes a label of a name outside GraphQL’s charset, and caps the number of names', () => {
      expect(operationLabel('12 Example Road')).toBe('anonymous');
      expect(operationLabel(undefined)).toBe('anonymous');
      expect(operationLabel('CaseDetail')).toBe('CaseDetail');
      for (let i = 0; i < 250; i++) operationLabel(`Op${i}`);
      expect(operationLabel('NeverSeenBefore')).toBe('other');
    });
  });
});
