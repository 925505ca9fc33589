import { Body, Controller, Get, HttpCode, HttpException, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { principalOf } from '@scp/platform-auth';
import { DirectoryService } from '@scp/cases';

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
