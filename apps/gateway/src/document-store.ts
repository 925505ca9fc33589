import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';

type DocumentStore = NonNullable<ApolloServerOptions<BaseContext>['documentStore']>;

/**
 * Bounds of the gateway's two per-query caches (issue #20 item 9). Apollo's defaults are 30 MiB
 * each, measured as JSON text: a parsed document or a query plan takes several times that on the
 * heap, and every distinct query text a client sends, good or bad, becomes an entry. A stream of
 * unique texts (a fuzzer, literals inlined by a careless client) therefore grew the gateway by
 * tens of MB that never came back. The platform's own clients send a few hundred operations.
 */
export const DOCUMENT_STORE_MAX_ENTRIES = 1_000;
/** Query text kept in the document store, in characters (the parsed form is ~50–100× that). */
export const DOCUMENT_STORE_MAX_QUERY_CHARS = 1 << 20;
/** `experimental_approximateQueryPlanStoreMiB` of the Apollo gateway (default 30). */
export const QUERY_PLAN_STORE_MIB = 4;

/** Apollo Server's parsed-and-validated document cache, bounded by entries and by query text. */
export function boundedDocumentStore(
  maxEntries = DOCUMENT_STORE_MAX_ENTRIES,
  maxQueryChars = DOCUMENT_STORE_MAX_QUERY_CHARS,
): DocumentStore {
  const cache = new LRUCache<string, DocumentNode>({
    max: maxEntries,
    maxSize: maxQueryChars,
    sizeCalculation: (doc) => Math.max(1, doc.loc?.end ?? 1),
  });
  return {
    get: (key) => Promise.resolve(cache.get(key)),
    set: (key, value) => {
      cache.set(key, value);
      return Promise.resolve();
    },
    delete: (key) => Promise.resolve(cache.delete(key)),
  };
}
