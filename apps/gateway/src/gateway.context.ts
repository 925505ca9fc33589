import type { Request, Response } from 'express';
import type { Actor } from '@scp/contracts';
import { bearerToken, type UserTokenVerifier } from '@scp/platform-auth';
import { AppError } from '@scp/platform-graphql';
import type { ActorResolver } from './actor.resolver.js';
import { requestIdOf } from './http.middleware.js';

export interface GatewayContext {
  requestId: string;
  actor: Actor;
  /** Internal tokens minted so far for this request, by subgraph name. */
  internalTokens: Map<string, string>;
}

/**
 * HTTP 401 for every authentication failure (no token, bad token, unknown user), with the same
 * GraphQL-shaped body: `{"errors":[{"message":"Unauthenticated","extensions":{"code":"UNAUTHENTICATED"}}]}`.
 * Apollo reads `extensions.http` for the status and strips it before formatError runs.
 */
function unauthenticated401(): AppError {
  return new AppError('UNAUTHENTICATED', 'Unauthenticated', {
    http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) },
  });
}

export function createContextFactory(verifier: UserTokenVerifier, actors: ActorResolver) {
  return async ({ req, res }: { req: Request; res: Response }): Promise<GatewayContext> => {
    const requestId = requestIdOf(res);
    const token = bearerToken(req.headers.authorization);
    if (!token) throw unauthenticated401();
    let subject: string;
    try {
      ({ subject } = await verifier.verify(token));
    } catch {
      throw unauthenticated401();
    }
    // Directory errors (cases down) propagate as plain errors: masked "Internal error", not a 401
    // that would send every user back to the login page.
    const actor = await actors.resolve(subject, requestId);
    if (!actor) throw unauthenticated401();
    return { requestId, actor, internalTokens: new Map() };
  };
}
