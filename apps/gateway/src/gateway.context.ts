import type { Request, Response } from 'express';
import type { Actor } from '@scp/contracts';
import { bearerToken, type UserTokenVerifier } from '@scp/platform-auth';
import { AppError, serviceUnavailable } from '@scp/platform-graphql';
import type { ActorResolver } from './actor.resolver.js';
import { DirectoryUnavailable } from './cases-internal.client.js';
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

/** Nothing of the request can be answered without the actor: the whole request is a 503. */
function unavailable503(): AppError {
  return serviceUnavailable({ http: { status: 503, headers: new Map([['retry-after', '5']]) } });
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
    // The directory down (and no recent record to stand in): HTTP 503 SERVICE_UNAVAILABLE, not a
    // 401 that would send every user back to the login page. Other directory errors (a malformed
    // answer) stay plain errors: masked "Internal error".
    let actor: Actor | null;
    try {
      actor = await actors.resolve(subject, requestId);
    } catch (error) {
      if (error instanceof DirectoryUnavailable) throw unavailable503();
      throw error;
    }
    if (!actor) throw unauthenticated401();
    return { requestId, actor, internalTokens: new Map() };
  };
}
