import { Body, Controller, HttpCode, HttpException, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from '@scp/platform-graphql';
import type { SessionEventKind } from '@scp/contracts';
import { SessionEventRefused } from './cases-internal.client.js';
import { createContextFactory, type GatewayContext } from './gateway.context.js';
import { GATEWAY_RUNTIME, type GatewayRuntime } from './gateway.runtime.js';

/** What a client (the web server) may report; TOKEN_ISSUED is the development issuer's own. */
const CLIENT_EVENTS = new Set<SessionEventKind>(['SIGNED_IN', 'REFRESHED', 'SIGNED_OUT']);

/** The header carrying the web server's own service token (signed with its key, audience gateway). */
export const WEB_CALLER_HEADER = 'x-scp-caller';

/**
 * `POST /auth/session-events` `{ event, session? }` with the user's bearer token: the web server
 * reports a session started, refreshed or ended, and the cases service writes it to the audit
 * chain as a LOGIN event of that user (only of the user the token names). 204 when recorded.
 *
 * Only the web server may report: with GATEWAY_WEB_CALLER_KEYS (required in production) the call
 * also carries the web server's service token in `x-scp-caller`, or it is refused with 403. A user
 * holding their own access token cannot write sign-ins or sign-outs into their audit trail.
 */
@Controller('auth')
export class SessionEventsController {
  private readonly context: (args: { req: Request; res: Response }) => Promise<GatewayContext>;

  constructor(@Inject(GATEWAY_RUNTIME) private readonly rt: GatewayRuntime) {
    this.context = createContextFactory(rt.userTokens, rt.actors);
  }

  @Post('session-events')
  @HttpCode(204)
  async record(
    @Body() body: { event?: unknown; session?: unknown } | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    if (this.rt.webCaller) {
      const header = req.headers[WEB_CALLER_HEADER];
      let caller: string | undefined;
      try {
        const principal = typeof header === 'string' ? this.rt.webCaller.verify(header) : undefined;
        caller = principal?.kind === 'service' ? principal.service : undefined;
      } catch {
        caller = undefined;
      }
      if (caller !== 'web')
        throw new HttpException({ error: 'forbidden: only the web server reports sessions' }, 403);
    }
    let ctx: GatewayContext;
    try {
      ctx = await this.context({ req, res });
    } catch (error) {
      if (error instanceof AppError && error.extensions.code === 'UNAUTHENTICATED')
        throw new HttpException({ error: 'unauthenticated' }, 401);
      throw error;
    }
    const event = body?.event;
    if (typeof event !== 'string' || !CLIENT_EVENTS.has(event as SessionEventKind))
      throw new HttpException({ error: 'event: SIGNED_IN, REFRESHED or SIGNED_OUT' }, 400);
    const session = typeof body?.session === 'string' ? body.session : undefined;
    try {
      await this.rt.cases.recordSessionEvent(
        this.rt.signer.mintForUser(ctx.actor, 'cases'),
        ctx.requestId,
        event as SessionEventKind,
        session,
      );
    } catch (error) {
      if (error instanceof SessionEventRefused)
        throw new HttpException({ error: 'session: 16 to 64 hexadecimal characters' }, 400);
      this.rt.logger.error(
        { err: error instanceof Error ? error.message : 'error' },
        'session event not audited',
      );
      throw new HttpException({ error: 'temporarily_unavailable' }, 503);
    }
  }
}
