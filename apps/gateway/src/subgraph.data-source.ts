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
   * A non-2xx answer (401 from a key mismatch, 502 from a proxy…) is our fault, not the user's:
   * surface it as an internal error (masked, with an errorId) rather than forwarding
   * "401: Unauthorized" as if the user's login had failed.
   */
  override async errorFromResponse(response: FetcherResponseLike): Promise<GraphQLError> {
    this.logger.error(
      { subgraph: this.subgraph, status: response.status },
      'subgraph answered with an HTTP error',
    );
    return new GraphQLError(`subgraph ${this.subgraph} answered HTTP ${response.status}`, {
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  }
}
