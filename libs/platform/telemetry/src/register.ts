// `node --import @scp/platform-telemetry/register apps/<name>/dist/main.js`: tracing and the
// metrics port start before the app loads, so pg and ioredis are instrumented when first required.
// Off (nothing patched, nothing listening) unless OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT or
// METRICS_PORT is set.
import { startMetricsServer } from './metrics.js';
import { startTelemetry } from './tracing.js';
import { traceIncomingHttp } from './http-server.js';

if (startTelemetry()) traceIncomingHttp();
const metricsPort = Number(process.env.METRICS_PORT);
if (Number.isInteger(metricsPort) && metricsPort > 0)
  await startMetricsServer(metricsPort, process.env.METRICS_HOST ?? '0.0.0.0');
