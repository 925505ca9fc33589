import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { CSRF_HEADERS, sessionEnded, type SessionInfo } from './session';

/** Apollo Client talking only to the BFF's /graphql (which adds the token and forwards to the gateway). */
export function createApolloClient(mode: SessionInfo['mode']) {
  const errors = new ErrorLink(({ error }) => {
    const unauthenticated =
      (CombinedGraphQLErrors.is(error) &&
        error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) ||
      (ServerError.is(error) && error.statusCode === 401);
    if (unauthenticated) sessionEnded(mode);
  });
  return new ApolloClient({
    link: ApolloLink.from([
      errors,
      new HttpLink({ uri: '/graphql', credentials: 'same-origin', headers: { ...CSRF_HEADERS } }),
    ]),
    cache: new InMemoryCache({
      possibleTypes: { AgendaEntry: ['AgendaItem', 'RestrictedAgendaItem'] },
      typePolicies: {
        // Sections the caller may not see come back null: never merge them across queries.
        Case: { merge: true },
        Me: { keyFields: ['userId'] },
      },
    }),
    defaultOptions: {
      // Partial data with FORBIDDEN on the fields this user may not see: show what came back.
      watchQuery: { fetchPolicy: 'cache-and-network', errorPolicy: 'all' },
      query: { fetchPolicy: 'network-only', errorPolicy: 'all' },
    },
  });
}
