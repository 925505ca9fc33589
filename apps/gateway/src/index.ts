export { createGatewayApp, type CreateGatewayAppOptions } from './create-gateway-app.js';
export {
  loadGatewayConfig,
  subgraphUrlEnvName,
  DEFAULT_SUPERGRAPH_PATH,
  GatewayConfigError,
  type GatewayConfig,
  type GatewayAuthConfig,
} from './gateway.config.js';
export {
  createKeepAliveFetcher,
  type KeepAliveFetcher,
  type KeepAliveFetcherOptions,
} from './keep-alive-fetcher.js';
export { readSubgraphs, type SubgraphEntry } from './supergraph.js';
export { QUERY_LIMITS, MAX_PAGE_SIZE, apolloLimitOptions } from './query-limits.js';
export { createLogger } from './logger.js';
export { GATEWAY_RUNTIME, type GatewayRuntime } from './gateway.runtime.js';
