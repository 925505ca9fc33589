import type { Request } from 'express';
import type { Actor } from '@scp/contracts';
import type { RequestAudit } from '@scp/platform-graphql';
import type { MeetingsAccess } from '../access/meetings-access.js';

/** The GraphQL context of the meetings subgraph. */
export interface MeetingsContext {
  req: Request;
  actor: Actor;
  access: MeetingsAccess;
  audit: RequestAudit;
}
