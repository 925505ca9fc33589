import { traceHeaders } from '@scp/platform-telemetry';
import { randomUUID } from 'node:crypto';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { SubgraphName } from '@scp/contracts';
import type { InternalTokenSigner } from '@scp/platform-auth';
import { isOutage, SERVICE_UNAVAILABLE_MESSAGE, unauthenticated } from '@scp/platform-graphql';
import type { GatewayContext } from './gateway.context.js';
import type { KeepAliveFetcher } from './keep-alive-fetcher.js';
import type { Logger } from './logger.js';
import { fetchErrorPaths } from './unavailable-paths.js';

type FetcherResponseLike = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];
type GatewayResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
/** A proxy's or the subgraph's own "not now": the subgraph is down, restarting or overloaded. */
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);
/** GraphQLDataSourceRequestKind.INCOMING_OPERATION; @apollo/gateway 2.14 does not export the enum. */
const INCOMING_OPERATION = 'incoming operation';

type FirstError = { message?: unknown; extensions?: Record<string, unknown> } | undefined;

async function firstErrorOf(response: FetcherResponseLike): Promise<FirstError> {
  try {
    return ((await response.json()) as { errors?: FirstError[] } | null)?.errors?.[0];
  } catch {
    return undefined;
  }
}

function badUserInputOf(first: FirstError): GraphQLError | undefined {
  if (first?.extensions?.code !== 'BAD_USER_INPUT' || typeof first.message !== 'string') return undefined;
  const field = first.extensions.field;
  return new GraphQLError(first.message, {
    extensions: { code: 'BAD_USER_INPUT', ...(typeof field === 'string' ? { field } : {}) },
  });
}

/**
 * One per subgraph. Sends nothing of the client's request but the operation: every header is
 * dropped and replaced by an internal token minted for this subgraph alone (aud = its name), so a
 * token captured at one subgraph is useless at another, and `x-user-*` or a client's own
 * `authorization` never travel past the gateway.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: SubgraphName,
    url: string,
    private readonly signer: InternalTokenSigner,
    fetcher: KeepAliveFetcher,
    private readonly logger: Logger,
  ) {
    super({ url, fetcher });
    // Automatic persisted queries would let the subgraph cache operation text per hash; not needed.
    this.apq = false;
  }

  /**
   * A subgraph that cannot be reached (connection refused or reset, timed out, 502/503/504) fails
   * only the fields it was to fill: instead of throwing (Apollo Gateway would report one error
   * without a path, masked as "Internal error"), the fetch answers an error per field, coded
   * SERVICE_UNAVAILABLE and retryable, on that field's path. Fields of other subgraphs still come
   * back. Anything else (a bug, a refused token) still throws.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      const coded = error instanceof GraphQLError && error.extensions.code === 'SERVICE_UNAVAILABLE';
      if ((options.kind as string) !== INCOMING_OPERATION || !(coded || isOutage(error))) throw error;
      this.logger.warn(
        {
          subgraph: this.subgraph,
          status: coded ? error.extensions.status : undefined,
          cause: coded ? undefined : (error as { code?: unknown }).code,
        },
        'subgraph unavailable',
      );
      // The fetch's document is exposed only with `exposeDocumentNodeInFetchNode`; parse the text.
      const paths = fetchErrorPaths(options.request.query, options.request.variables);
      const extensions = { code: 'SERVICE_UNAVAILABLE', retryable: true };
      return {
        data: null,
        errors: (paths.length > 0 ? paths : [undefined]).map(
          (path) => new GraphQLError(SERVICE_UNAVAILABLE_MESSAGE, { path, extensions }),
        ),
      };
    }
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = options.request.http?.headers;
    if (!headers) throw new Error('subgraph request without http');
    for (const [name] of [...headers]) headers.delete(name);
    headers.set('content-type', 'application/json');

    let token: string;
    let requestId: string;
    if ((options.kind as string) === INCOMING_OPERATION) {
      const context = options.context as GatewayContext | undefined;
      if (!context?.actor) throw unauthenticated();
      requestId = context.requestId;
      // One signature per subgraph per request, however many fetches the query plan makes.
      const cached = context.internalTokens.get(this.subgraph);
      token = cached ?? this.signer.mintForUser(context.actor, this.subgraph);
      if (!cached) context.internalTokens.set(this.subgraph, token);
    } else {
      requestId = randomUUID();
      token = this.signer.mintForService('gateway', this.subgraph, requestId);
    }
    headers.set('authorization', `Bearer ${token}`);
    headers.set('x-request-id', requestId);
    // W3C trace context: the subgraph's span continues this fetch's (gateway.fetch) trace.
    for (const [name, value] of Object.entries(traceHeaders())) headers.set(name, value);
  }

  /**
   * A 400 whose error says BAD_USER_INPUT is the subgraph refusing the user's input before any
   * resolver ran (a variable its scalar rejected): the user's fault, forwarded with its code and
   * field — the message the subgraph's maskError wrote, which names no value.
   * Any other non-2xx answer (401 from a key mismatch, 502 from a proxy…) is our fault, not the user's:
   * surface it as an internal error (masked, with an errorId) rather than forwarding
   * "401: Unauthorized" as if the user's login had failed.
   */
  override async errorFromResponse(response: FetcherResponseLike): Promise<GraphQLError> {
    const first =
      response.status === 400 || response.status >= 500 ? await firstErrorOf(response) : undefined;
    const refused = response.status === 400 ? badUserInputOf(first) : undefined;
    if (refused) return refused;
    // 502/503/504, or a 5xx whose body says its own database or Redis is down: an outage.
    if (UNAVAILABLE_STATUSES.has(response.status) || first?.extensions?.code === 'SERVICE_UNAVAILABLE')
      return new GraphQLError(`subgraph ${this.subgraph} answered HTTP ${response.status}`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', status: response.status },
      });
    this.logger.error(
      { subgraph: this.subgraph, status: response.status },
      'subgraph answered with an HTTP error',
    );
    return new GraphQLError(`subgraph ${this.subgraph} answered HTTP ${response.status}`, {
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  }
}
