import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Nothing answered and only outages to report (the database, Redis or every subgraph the query
 * needed is down): the whole request failed for a retryable reason, so it says so at the HTTP
 * level too — 503 with Retry-After — like a gateway context that could not resolve the actor.
 * An answer with any data stays a 200: its errors carry the paths of what is missing.
 */
export function unavailableStatusPlugin(retryAfterSeconds = 5): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (data != null || !errors?.length) return;
          if (!errors.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(retryAfterSeconds));
        },
      };
    },
  };
}
