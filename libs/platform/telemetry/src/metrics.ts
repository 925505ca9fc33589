import http from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The platform's Prometheus metrics, one registry per process. Labels never carry a value a user
 * typed: operation names are GraphQL names (capped in number), codes are our own error codes.
 */
export const metricsRegistry = new Registry();
let defaultsCollected = false;

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const operationDuration = new Histogram({
  name: 'scp_graphql_operation_duration_seconds',
  help: 'GraphQL operations by service, operation name and outcome (ok, error)',
  labelNames: ['service', 'operation', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const operationErrors = new Counter({
  name: 'scp_graphql_errors_total',
  help: 'GraphQL errors answered, by service and code (FORBIDDEN, NOT_FOUND, INTERNAL_SERVER_ERROR …)',
  labelNames: ['service', 'code'] as const,
  registers: [metricsRegistry],
});

interface OutboxSource {
  schema: string;
  stats(): Promise<{ pending: number; oldestSeconds: number }>;
}
const outboxSources = new Set<OutboxSource>();
const outboxStats = new WeakMap<OutboxSource, Promise<{ pending: number; oldestSeconds: number } | null>>();
/** One read of each relay's table per scrape, shared by the two gauges. */
function readOutbox(source: OutboxSource) {
  let stats = outboxStats.get(source);
  if (!stats) {
    stats = source.stats().catch(() => null);
    outboxStats.set(source, stats);
    void stats.finally(() => setTimeout(() => outboxStats.delete(source), 1000).unref());
  }
  return stats;
}

export const outboxPending = new Gauge({
  name: 'scp_outbox_pending',
  help: 'Outbox rows not yet handed to the queue, read at each scrape',
  labelNames: ['schema'] as const,
  registers: [metricsRegistry],
  async collect() {
    for (const source of outboxSources) {
      const stats = await readOutbox(source);
      if (stats) this.set({ schema: source.schema }, stats.pending);
    }
  },
});

export const outboxOldestAge = new Gauge({
  name: 'scp_outbox_oldest_pending_age_seconds',
  help: 'Age of the oldest outbox row not yet handed to the queue, read at each scrape',
  labelNames: ['schema'] as const,
  registers: [metricsRegistry],
  async collect() {
    for (const source of outboxSources) {
      const stats = await readOutbox(source);
      if (stats) this.set({ schema: source.schema }, stats.oldestSeconds);
    }
  },
});

/** A relay whose backlog each scrape reads. Returns the removal (the relay's stop). */
export function watchOutbox(schema: string, stats: OutboxSource['stats']): () => void {
  const source: OutboxSource = { schema, stats };
  outboxSources.add(source);
  return () => outboxSources.delete(source);
}

export const queueJobs = new Gauge({
  name: 'scp_queue_jobs',
  help: 'BullMQ jobs by queue and state (waiting, active, delayed, failed), read at each scrape',
  labelNames: ['queue', 'state'] as const,
  registers: [metricsRegistry],
  async collect() {
    await Promise.all(
      [...queueSources].map(async (source) => {
        try {
          const counts = await source.counts();
          for (const [state, n] of Object.entries(counts)) this.set({ queue: source.name, state }, n);
        } catch {
          // Redis down: the queue keeps its last figures; `scp_queue_scrape_errors_total` says so.
          queueScrapeErrors.inc({ queue: source.name });
        }
      }),
    );
  },
});

export const queueScrapeErrors = new Counter({
  name: 'scp_queue_scrape_errors_total',
  help: 'Scrapes that could not read a queue (Redis unavailable)',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
});

export const queueFailures = new Counter({
  name: 'scp_queue_job_failures_total',
  help: 'BullMQ job attempts that failed, by queue',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
});

export const auditWriteDuration = new Histogram({
  name: 'scp_audit_write_duration_seconds',
  help: "Writing a request's audit events (synchronous, in the request's transaction)",
  labelNames: ['service'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers: [metricsRegistry],
});

export const reminderLateness = new Histogram({
  name: 'scp_reminder_lateness_seconds',
  help: 'How long after its due time a reminder was processed',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
  registers: [metricsRegistry],
});

interface QueueSource {
  name: string;
  counts(): Promise<Record<string, number>>;
}
const queueSources = new Set<QueueSource>();

/** A queue whose depth each scrape reads (`queue.getJobCounts('waiting', …)`). Returns the removal. */
export function watchQueue(queue: {
  name: string;
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
}) {
  const source: QueueSource = {
    name: queue.name,
    counts: () => queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'),
  };
  queueSources.add(source);
  return () => queueSources.delete(source);
}

const MAX_OPERATIONS = 200;
const seenOperations = new Set<string>();
/** An operation name as a label: GraphQL's own charset, and past 200 distinct names, `other`. */
export function operationLabel(name: string | null | undefined): string {
  if (!name || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'anonymous';
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= MAX_OPERATIONS) return 'other';
  seenOperations.add(name);
  return name;
}

/**
 * Serves `GET /metrics` on its own port (METRICS_PORT), apart from the API: Prometheus scrapes it
 * inside the cluster, and nothing of it is reachable through the gateway.
 */
export function startMetricsServer(port: number, host = '0.0.0.0'): Promise<http.Server> {
  if (!defaultsCollected) {
    collectDefaultMetrics({ register: metricsRegistry, prefix: 'scp_' });
    defaultsCollected = true;
  }
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricsRegistry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.unref();
      resolve(server);
    });
  });
}
