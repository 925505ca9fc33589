import { telemetryPlugin } from '@scp/platform-telemetry';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ApolloGatewayDriverConfig } from '@nestjs/apollo';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { SubgraphName } from '@scp/contracts';
import { unavailableStatusPlugin } from '@scp/platform-graphql';
import { boundedDocumentStore, boundedQueryPlanStore } from './document-store.js';
import { formatGatewayError } from './error-format.js';
import { createContextFactory } from './gateway.context.js';
import type { GatewayRuntime } from './gateway.runtime.js';
import { apolloLimitOptions } from './query-limits.js';
import { SubgraphDataSource } from './subgraph.data-source.js';

/** Driver options for GraphQLModule.forRootAsync (ApolloGatewayDriver, @nestjs/apollo 14). */
export function gatewayDriverOptions(rt: GatewayRuntime): Omit<ApolloGatewayDriverConfig, 'driver'> {
  const { config, logger } = rt;
  const limits = apolloLimitOptions();
  return {
    gateway: {
      // Composed offline and committed; never IntrospectAndCompose (it would query `_service`
      // on every subgraph at boot and trust whatever answers).
      supergraphSdl: config.supergraphSdl,
      buildService: ({ name, url }) =>
        new SubgraphDataSource(
          name as SubgraphName,
          config.subgraphUrls[name] ?? (url as string),
          rt.signer,
          rt.fetcher,
          logger,
        ),
      serviceHealthCheck: false,
      logger,
      // Every distinct operation text gets a plan: bounded by entries (document-store.ts, item 9).
      queryPlannerConfig: { cache: boundedQueryPlanStore() },
    },
    server: {
      path: '/graphql',
      logger,
      introspection: !config.production,
      // GraphiQL in development; false makes Nest install ApolloServerPluginLandingPageDisabled.
      graphiql: !config.production,
      csrfPrevention: true,
      // Nest's plugin resets the status of every answer that has `data` to 200; the gateway has no
      // resolvers of its own, and unavailableStatusPlugin's 503 must stand.
      preserveHttpStatusForExecutionErrors: false,
      allowBatchedHttpRequests: false,
      includeStacktraceInErrorResponses: false,
      persistedQueries: false,
      // Every distinct valid query text is cached parsed: bounded (document-store.ts, item 9).
      documentStore: boundedDocumentStore(),
      // Apollo's own switch for "Did you mean …?" in validation errors; formatError (maskError)
      // also strips those graphql-js writes when coercing variables (enum values, input fields).
      hideSchemaDetailsFromClientErrors: true,
      // We answer every request with `Cache-Control: no-store`; Apollo must not compute its own.
      plugins: [
        // graphql-armor's typings point at @apollo/server's CJS declarations; same runtime objects.
        ...(limits.plugins as unknown as ApolloServerPlugin[]),
        ApolloServerPluginCacheControlDisabled(),
        ApolloServerPluginInlineTraceDisabled(),
        ApolloServerPluginUsageReportingDisabled(),
        ApolloServerPluginSchemaReportingDisabled(),
        unavailableStatusPlugin(),
        telemetryPlugin('gateway'),
      ],
      validationRules: limits.validationRules,
      parseOptions: limits.parseOptions,
      formatError: (formatted, error) => formatGatewayError(formatted, error, logger),
      context: createContextFactory(rt.userTokens, rt.actors),
    },
  };
}
