import type { Request } from 'express';
import type { Actor } from '@scp/contracts';
import type { RequestAudit } from '@scp/platform-graphql';

/** The GraphQL context of the notifications subgraph. */
export interface NotificationsContext {
  req: Request;
  actor: Actor;
  audit: RequestAudit;
}
