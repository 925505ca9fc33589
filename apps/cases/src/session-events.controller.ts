import { Body, Controller, HttpCode, HttpException, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { actorOf } from '@scp/platform-auth';
import { AuditWriter } from '@scp/platform-audit';
import { isSessionEventKind, SESSION_EVENTS } from '@scp/contracts';

export const SESSION_AUDIT = Symbol('SESSION_AUDIT');

/**
 * `POST /internal/session-events`, for the gateway only, with a user token it minted after
 * verifying the user's own bearer token: sign-in, refresh and sign-out become LOGIN events of the
 * audit chain, for the user the token names and nobody else. `session` is an opaque reference
 * (a hash prefix of the web session's id) that ties one session's events together.
 */
@Controller('internal')
export class SessionEventsController {
  constructor(@Inject(SESSION_AUDIT) private readonly audit: AuditWriter) {}

  @Post('session-events')
  @HttpCode(204)
  async record(@Req() req: Request, @Body() body: { event?: unknown; session?: unknown }): Promise<void> {
    const actor = actorOf(req);
    if (!isSessionEventKind(body?.event)) throw new HttpException({ message: 'event: unknown kind' }, 400);
    const session = body.session ?? null;
    if (session !== null && (typeof session !== 'string' || !/^[0-9a-f]{16,64}$/.test(session)))
      throw new HttpException({ message: 'session: 16 to 64 hexadecimal characters' }, 400);
    await this.audit.write([
      {
        actorId: actor.userId,
        actorAgencyId: actor.agencyId,
        action: 'LOGIN',
        entityType: 'Session',
        entityId: session,
        categories: [],
        purpose: SESSION_EVENTS[body.event],
        requestId: actor.requestId,
      },
    ]);
  }
}
