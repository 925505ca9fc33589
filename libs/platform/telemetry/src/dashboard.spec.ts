import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { metricsRegistry } from './metrics.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dashboard = JSON.parse(
  fs.readFileSync(path.resolve(here, '../../../../docs/observability/grafana-dashboard.json'), 'utf8'),
) as { panels: { title: string; targets: { expr: string }[] }[] };

describe('the committed Grafana dashboard', () => {
  it('only charts metrics the platform exports', async () => {
    const exported = new Set((await metricsRegistry.getMetricsAsJSON()).map((m) => m.name));
    exported.add('scp_process_resident_memory_bytes'); // prom-client's default metrics, with our prefix
    const used = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((t) =>
        [...t.expr.matchAll(/\bscp_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, '')),
      ),
    );
    expect(used.length).toBeGreaterThan(8);
    for (const name of used) expect({ name, exported: exported.has(name) }).toEqual({ name, exported: true });
  });

  it('covers what issue 17 asks a platform team to see', () => {
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const metric of [
      'scp_graphql_operation_duration_seconds',
      'scp_graphql_errors_total',
      'scp_outbox_pending',
      'scp_outbox_oldest_pending_age_seconds',
      'scp_queue_jobs',
      'scp_queue_job_failures_total',
      'scp_audit_write_duration_seconds',
      'scp_reminder_lateness_seconds',
    ])
      expect(exprs).toContain(metric);
  });
});
