import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SPAN_ATTRIBUTES,
  startTelemetry,
  stopTelemetry,
  traceIncomingHttp,
  untraceIncomingHttp,
} from '@scp/platform-telemetry';
import { startStack, type Stack } from './stack.js';

interface OtlpSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
}

const isPg = (x: OtlpSpan) => (x.attributes['db.system.name'] ?? x.attributes['db.system']) === 'postgresql';

/** An OTLP/HTTP (JSON) receiver: what a collector would get from each process. */
function startReceiver() {
  const spans: OtlpSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const payload = JSON.parse(body) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: {
            spans: {
              traceId: string;
              spanId: string;
              parentSpanId?: string;
              name: string;
              attributes?: { key: string; value: Record<string, unknown> }[];
            }[];
          }[];
        }[];
      };
      for (const rs of payload.resourceSpans) {
        const service =
          rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const ss of rs.scopeSpans)
          for (const s of ss.spans)
            spans.push({
              service,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId || undefined,
              name: s.name,
              attributes: Object.fromEntries(
                (s.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]]),
              ),
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return { server, spans };
}

/**
 * Issue 17 §6: one federated query is one trace, from the gateway through the subgraphs it asks
 * (their own processes, started as production starts them: `--import @scp/platform-telemetry/register`)
 * down to their PostgreSQL calls; and no span carries anything but the allowed attributes.
 */
describe('tracing across the gateway and the subgraphs', () => {
  let s: Stack;
  const receiver = startReceiver();
  const saved = { ...process.env };

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.server.address() as AddressInfo;
    // The subgraph processes inherit these; the gateway runs in this process.
    process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = `http://127.0.0.1:${port}/v1/traces`;
    process.env.OTEL_BSP_SCHEDULE_DELAY = '100';
    startTelemetry({ serviceName: 'scp-gateway' });
    traceIncomingHttp();
    s = await startStack({ canaries: true });
  }, 120_000);

  afterAll(async () => {
    await s?.close();
    untraceIncomingHttp();
    await stopTelemetry();
    process.env = saved;
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
  });

  it('joins the gateway, the cases and meetings subgraphs and their database calls in one trace', async () => {
    const res = await s.gql(
      'chair.nvp',
      `query TraceProbe($id: ID!) { case(id: $id) { reference actions { id } meetings { id } } }`,
      { id: s.fixture.cases.NV1 },
    );
    expect(res.body.errors).toBeUndefined();

    // The gateway's operation span names the operation; its trace is the one to follow.
    let trace: OtlpSpan[] = [];
    const until = Date.now() + 30_000;
    for (;;) {
      const root = receiver.spans.find(
        (x) => x.service === 'scp-gateway' && x.name === 'graphql query TraceProbe',
      );
      trace = root ? receiver.spans.filter((x) => x.traceId === root.traceId) : [];
      const services = new Set(trace.map((x) => x.service));
      const pgInSubgraph = trace.some((x) => x.service !== 'scp-gateway' && isPg(x));
      if ((services.has('scp-cases') && services.has('scp-meetings') && pgInSubgraph) || Date.now() > until)
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const services = new Set(trace.map((x) => x.service));
    expect([...services].sort()).toEqual(
      expect.arrayContaining(['scp-cases', 'scp-gateway', 'scp-meetings']),
    );

    // Each subgraph's operation span is a child of a gateway span: one tree, not three traces.
    const byId = new Map(trace.map((x) => [x.spanId, x]));
    for (const service of ['scp-cases', 'scp-meetings']) {
      const entry = trace.filter(
        (x) => x.service === service && byId.get(x.parentSpanId ?? '')?.service === 'scp-gateway',
      );
      expect({ service, fromGateway: entry.length > 0 }).toEqual({ service, fromGateway: true });
    }
    // PostgreSQL calls of a subgraph sit under that subgraph's request.
    const pg = trace.filter((x) => x.service === 'scp-cases' && isPg(x));
    expect(pg.length).toBeGreaterThan(0);
    for (const span of pg) expect(byId.get(span.parentSpanId ?? '')?.service).toBe('scp-cases');

    // Nothing beyond the allowed attributes left any process (no statement text, no arguments).
    const keys = new Set(receiver.spans.flatMap((x) => Object.keys(x.attributes)));
    for (const key of keys)
      expect({ key, allowed: SPAN_ATTRIBUTES.has(key) }).toEqual({ key, allowed: true });
    const exported = JSON.stringify(receiver.spans);
    for (const canary of Object.values(s.fixture.canaries).flat()) expect(exported).not.toContain(canary);
    // A queue job continues the trace of whoever queued it (the outbox relay's, here the seed's events).
    const queued = receiver.spans.filter((x) => x.name.startsWith('process '));
    expect(
      queued.some((job) =>
        receiver.spans.some((x) => x.traceId === job.traceId && x.name.startsWith('addBulk ')),
      ),
    ).toBe(true);
  }, 60_000);
});
