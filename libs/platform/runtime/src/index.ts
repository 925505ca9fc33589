export {
  createSubgraphRuntime,
  SubgraphRuntime,
  serveSubgraph,
  type BaseSubgraphContext,
  type BuiltSubgraph,
  type SubgraphBaseOptions,
  type ServeSubgraphOptions,
  type ServicePath,
  type SubgraphAppOptions,
  type SubgraphRuntimeOptions,
} from './subgraph-runtime.js';
export { HealthController, SUBGRAPH_DATA_SOURCE } from './health.controller.js';
export { migrateSchemas } from './migrate.js';
