import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { operationDuration, operationErrors, operationLabel } from './metrics.js';

/**
 * Each GraphQL operation's latency and error codes as metrics, and its name and outcome on the
 * request's span (http-server.ts), for a subgraph and the gateway alike (`service` says which).
 */
export function telemetryPlugin(service: string): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      const span = trace.getActiveSpan();
      span?.setAttribute('scp.subgraph', service);
      let codes: string[] = [];
      return {
        async didResolveOperation({ operationName, operation }) {
          const name = operationLabel(operationName);
          const type = operation?.operation ?? 'query';
          span?.updateName(`graphql ${type} ${name}`);
          span?.setAttribute('graphql.operation.type', type);
          span?.setAttribute('graphql.operation.name', name);
        },
        async didEncounterErrors({ errors }) {
          codes = errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        },
        async willSendResponse({ operationName }) {
          const outcome = codes.length ? 'error' : 'ok';
          for (const code of codes) operationErrors.inc({ service, code });
          operationDuration.observe(
            { service, operation: operationLabel(operationName), outcome },
            Number(process.hrtime.bigint() - started) / 1e9,
          );
          span?.setAttribute('scp.outcome', outcome);
          if (codes.length) {
            span?.setAttribute('scp.error_codes', [...new Set(codes)].sort().join(','));
            if (codes.some((c) => c === 'INTERNAL_SERVER_ERROR' || c === 'SERVICE_UNAVAILABLE'))
              span?.setStatus({ code: SpanStatusCode.ERROR });
          }
        },
      };
    },
  };
}
