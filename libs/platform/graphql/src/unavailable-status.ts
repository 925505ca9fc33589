import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Nothing answered, and every error the same kind of failure of the whole request: say so at the
 * HTTP level too, as Apollo does for its own refusals.
 * - only outages (the database, Redis or every subgraph the query needed is down): a retryable
 *   503 with Retry-After, like a gateway context that could not resolve the actor;
 * - only the client's own mistakes of form (BAD_REQUEST: an operation name the query does not
 *   hold): 400.
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
          const all = (code: string) => errors.every((e) => e.extensions?.code === code);
          if (all('SERVICE_UNAVAILABLE')) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(retryAfterSeconds));
          } else if (all('BAD_REQUEST')) response.http.status = 400;
        },
      };
    },
  };
}
