import { Body, Controller, Get, HttpCode, HttpException, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { principalOf } from '@scp/platform-auth';
import type { DataSource } from 'typeorm';
import { CASES_DATA_SOURCE, DirectoryService, parseRecipientQuery, resolveRecipients } from '@scp/cases';
import type { Recipient } from '@scp/contracts';

export const INTERNAL_OPTIONS = Symbol('INTERNAL_OPTIONS');
export interface InternalOptions {
  devIdentities: boolean;
}

function requireGateway(req: Request): void {
  const principal = principalOf(req);
  if (principal.kind !== 'service' || principal.service !== 'gateway')
    throw new HttpException({ message: 'Forbidden' }, 403);
}

/** Endpoints for the gateway only (service token, audience cases): who a user is. */
@Controller('internal')
export class InternalController {
  constructor(
    private readonly directory: DirectoryService,
    @Inject(INTERNAL_OPTIONS) private readonly opts: InternalOptions,
  ) {}

  @Post('actor')
  @HttpCode(200)
  async actor(@Req() req: Request, @Body() body: { subject?: unknown }) {
    requireGateway(req);
    if (typeof body?.subject !== 'string' || !body.subject || body.subject.length > 256)
      throw new HttpException({ message: 'subject required' }, 400);
    const actor = await this.directory.resolveActor(body.subject, this.opts.devIdentities);
    if (!actor) throw new HttpException({ message: 'Not found' }, 404);
    return actor;
  }

  @Get('demo-users')
  async demoUsers(@Req() req: Request) {
    requireGateway(req);
    if (!this.opts.devIdentities) throw new HttpException({ message: 'Not found' }, 404);
    return this.directory.demoUsers();
  }
}

/**
 * `POST /internal/recipients` for the notifications service only (its own key, audience cases):
 * the users a message goes to now, re-checked against current participation and roles.
 */
@Controller('internal')
export class RecipientsController {
  constructor(@Inject(CASES_DATA_SOURCE) private readonly ds: DataSource) {}

  @Post('recipients')
  @HttpCode(200)
  async recipients(@Req() req: Request, @Body() body: unknown): Promise<{ recipients: Recipient[] }> {
    const principal = principalOf(req);
    if (principal.kind !== 'service' || principal.service !== 'notifications')
      throw new HttpException({ message: 'Forbidden' }, 403);
    const query = parseRecipientQuery(body);
    if (typeof query === 'string') throw new HttpException({ message: query }, 400);
    return { recipients: await resolveRecipients(this.ds, query) };
  }
}
