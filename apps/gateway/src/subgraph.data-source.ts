import { randomUUID } from 'node:crypto';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type { SubgraphName } from '@scp/contracts';
import type { InternalTokenSigner } from '@scp/platform-auth';
import { unauthenticated } from '@scp/platform-graphql';
import type { GatewayContext } from './gateway.context.js';
import type { KeepAliveFetcher } from './keep-alive-fetcher.js';
import type { Logger } from './logger.js';

type FetcherResponseLike = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];
/** GraphQLDataSourceRequestKind.INCOMING_OPERATION; @apollo/gateway 2.14 does not export the enum. */
const INCOMING_OPERATION = 'incoming operation';

async function badUserInputOf(response: FetcherResponseLike): Promise<GraphQLError | undefined> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return undefined;
  }
  const first = (body as { errors?: Array<{ message?: unknown; extensions?: Record<string, unknown> }> })
    ?.errors?.[0];
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
    const refused = response.status === 400 ? await badUserInputOf(response) : undefined;
    if (refused) return refused;
    this.logger.error(
      { subgraph: this.subgraph, status: response.status },
      'subgraph answered with an HTTP error',
    );
    return new GraphQLError(`subgraph ${this.subgraph} answered HTTP ${response.status}`, {
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  }
}
