// The client's default errorPolicy is "all" (partial data with FORBIDDEN on the fields a user may
// not see); Apollo Client 4 types the results from this declaration.
import '@apollo/client';

declare module '@apollo/client' {
  export namespace ApolloClient {
    export namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
    }
  }
}
