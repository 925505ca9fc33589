import { Body, Controller, Get, HttpCode, HttpException, Inject, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { JSONWebKeySet } from 'jose';
import type { DevIssuer } from '@scp/platform-auth';
import type { DemoUser } from './cases-internal.client.js';
import { GATEWAY_RUNTIME, type GatewayRuntime } from './gateway.runtime.js';
import { requestIdOf } from './http.middleware.js';

export const DEV_TOKEN_TTL_SECONDS = 3600;

/**
 * The development issuer's routes. Registered only when the app module is built with a dev
 * issuer (no OIDC configured, NODE_ENV ≠ production); in production these paths do not exist.
 */
@Controller()
export class DevAuthController {
  private readonly issuer: DevIssuer;

  constructor(@Inject(GATEWAY_RUNTIME) private readonly rt: GatewayRuntime) {
    if (!rt.devIssuer || rt.config.production) throw new Error('DevAuthController needs the dev issuer');
    this.issuer = rt.devIssuer;
  }

  @Get('auth/dev/users')
  async users(@Res({ passthrough: true }) res: Response): Promise<DemoUser[]> {
    return this.rt.cases.listDemoUsers(requestIdOf(res));
  }

  @Post('auth/dev/token')
  @HttpCode(200)
  async token(
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ access_token: string; token_type: 'Bearer'; expires_in: number }> {
    const username = (body as { username?: unknown } | undefined)?.username;
    if (typeof username !== 'string' || username.length === 0 || username.length > 256) {
      throw new HttpException({ error: 'invalid_request' }, 400);
    }
    // Same lookup as every GraphQL request: an unknown or disabled user gets no token.
    const actor = await this.rt.cases.lookupActor(username, requestIdOf(res));
    if (!actor) throw new HttpException({ error: 'invalid_grant' }, 401);
    // No token leaves without its LOGIN event in the audit chain.
    const requestId = requestIdOf(res);
    try {
      await this.rt.cases.recordSessionEvent(
        this.rt.signer.mintForUser({ ...actor, requestId }, 'cases'),
        requestId,
        'TOKEN_ISSUED',
      );
    } catch (error) {
      this.rt.logger.error({ err: error instanceof Error ? error.message : 'error' }, 'sign-in not audited');
      throw new HttpException({ error: 'temporarily_unavailable' }, 503);
    }
    return {
      access_token: await this.issuer.signUserToken(username, DEV_TOKEN_TTL_SECONDS),
      token_type: 'Bearer',
      expires_in: DEV_TOKEN_TTL_SECONDS,
    };
  }

  @Get('.well-known/jwks.json')
  jwks(): JSONWebKeySet {
    return this.issuer.jwks();
  }
}
