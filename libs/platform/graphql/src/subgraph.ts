import { telemetryPlugin } from '@scp/platform-telemetry';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '@scp/platform-logging';
import { applyCategoryGuards } from './category-guard.js';
import { auditPlugin } from './audit-plugin.js';
import { domainErrorPlugin } from './domain-error-plugin.js';
import { maskError } from './errors.js';
import { unavailableStatusPlugin } from './unavailable-status.js';
import type { AuditSink } from './request-audit.js';

export interface SubgraphOptions {
  service: string;
  production: boolean;
  logger: Logger;
  audit: AuditSink;
  /** Builds the per-request context (actor, ability, loaders, audit) from the verified request. */
  context: (req: Request) => Promise<object> | object;
  plugins?: ApolloServerPlugin[];
  extraTransform?: (schema: GraphQLSchema) => GraphQLSchema;
}

/**
 * The one way a service becomes a subgraph: federation 2, code first, field category guards
 * applied to the final schema, errors masked, audit written before every response, no inline
 * tracing, no landing page. Authentication is not here: the internal-token middleware runs
 * before GraphQL (Nest guards do not run for `_entities`).
 */
export function subgraphGraphqlConfig(opts: SubgraphOptions): ApolloFederationDriverConfig {
  return {
    driver: ApolloFederationDriver,
    path: '/graphql',
    autoSchemaFile: { federation: 2 },
    sortSchema: true,
    playground: false,
    introspection: !opts.production,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    transformSchema: (schema) => {
      const guarded = applyCategoryGuards(schema);
      return opts.extraTransform ? opts.extraTransform(guarded) : guarded;
    },
    formatError: (formatted, error) => maskError(formatted, error, opts.logger),
    context: ({ req }: { req: Request }) => opts.context(req),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // First: the domain's errors get their codes before the audit and 503 plugins read them.
      domainErrorPlugin(),
      auditPlugin(opts.audit, opts.logger),
      // PostgreSQL or Redis down before any data: 503, and the gateway reports SERVICE_UNAVAILABLE.
      unavailableStatusPlugin(),
      telemetryPlugin(opts.service),
      ...(opts.plugins ?? []),
    ],
  };
}
