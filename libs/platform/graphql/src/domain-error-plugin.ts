import type { ApolloServerPlugin } from '@apollo/server';
import { DomainError } from '@scp/contracts';
import { domainExtensions } from './errors.js';

/**
 * The GraphQL edge of the domain's errors. A resolver that lets a `DomainError` out reaches
 * Apollo as a GraphQLError with no code; before anything reads the errors (the audit plugin's
 * refusals, the 503 decision, `maskError`), this gives each the code and safe details its kind
 * maps to. It must be the first plugin of a subgraph.
 */
export function domainErrorPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = error.originalError;
            if (original instanceof DomainError) Object.assign(error.extensions, domainExtensions(original));
          }
        },
      };
    },
  };
}
