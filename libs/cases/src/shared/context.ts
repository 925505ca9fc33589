import type { Request } from 'express';
import type { RequestScope } from './scope.js';

/** The GraphQL context of the cases subgraph. */
export interface CasesContext extends RequestScope {
  req: Request;
}
