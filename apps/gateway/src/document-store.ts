import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import type { GatewayConfig } from '@apollo/gateway';
import { LRUCache } from 'lru-cache';

type DocumentStore = NonNullable<ApolloServerOptions<BaseContext>['documentStore']>;
type QueryPlanStore = NonNullable<NonNullable<GatewayConfig['queryPlannerConfig']>['cache']>;

/**
 * Bounds of the gateway's two per-query caches (issue #20 item 9). Apollo's defaults are 30 MiB
 * each, measured as JSON text: a parsed document or a query plan takes several times that on the
 * heap, and every distinct query text a client sends, good or bad, becomes an entry. A stream of
 * unique texts (a fuzzer, wrong operation names, literals or aliases made up per request) grew
 * the gateway by tens of MB that never came back: a heap snapshot after a soak held ~7,000 query
 * plans. The platform's own clients send a few hundred distinct operations.
 */
export const QUERY_CACHE_MAX_ENTRIES = 500;
/** Query text kept in the document store, in characters (the parsed form is ~50–100× that). */
export const DOCUMENT_STORE_MAX_QUERY_CHARS = 1 << 19;

/** An LRU behind Apollo's KeyValueCache interface, bounded by entries and by `size` of each. */
function boundedStore<V extends object>(maxEntries: number, maxSize: number, size: (value: V) => number) {
  const cache = new LRUCache<string, V>({
    max: maxEntries,
    maxSize,
    sizeCalculation: (v) => Math.max(1, size(v)),
  });
  return {
    get: (key: string) => Promise.resolve(cache.get(key)),
    set: (key: string, value: V) => {
      cache.set(key, value);
      return Promise.resolve();
    },
    delete: (key: string) => Promise.resolve(cache.delete(key)),
    clear: () => cache.clear(),
  };
}

/** Apollo Server's parsed-and-validated document cache, bounded by entries and by query text. */
export function boundedDocumentStore(
  maxEntries = QUERY_CACHE_MAX_ENTRIES,
  maxQueryChars = DOCUMENT_STORE_MAX_QUERY_CHARS,
): DocumentStore {
  return boundedStore<Parameters<DocumentStore['set']>[1]>(
    maxEntries,
    maxQueryChars,
    (doc) => doc.loc?.end ?? 1,
  );
}

/** The Apollo gateway's query-plan cache (`queryPlannerConfig.cache`), bounded by entries. */
export function boundedQueryPlanStore(maxEntries = QUERY_CACHE_MAX_ENTRIES): QueryPlanStore {
  return boundedStore<Parameters<QueryPlanStore['set']>[1]>(maxEntries, maxEntries, () => 1);
}
