import { Controller, Get, HttpException, Inject, Param, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { principalOf } from '@scp/platform-auth';
import {
  REFERRALS_AUDIT,
  REFERRALS_DATA_SOURCE,
  referralHandoff,
  type AuditWriterLike,
} from '@scp/referrals';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Service-to-service endpoints. The hand-off of an accepted referral's people is for the cases
 * service only (service token, audience referrals, subject `cases`): the `referral.accepted`
 * event carries ids, and the consumer fetches the people here, so victim data never sits in Redis.
 */
@Controller('internal')
export class InternalController {
  constructor(
    @Inject(REFERRALS_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(REFERRALS_AUDIT) private readonly audit: AuditWriterLike,
  ) {}

  @Get('referrals/:id/handoff')
  async handoff(@Req() req: Request, @Param('id') id: string) {
    const principal = principalOf(req);
    if (principal.kind !== 'service' || principal.service !== 'cases')
      throw new HttpException({ message: 'Forbidden' }, 403);
    if (!UUID.test(id)) throw new HttpException({ message: 'Not found' }, 404);
    const found = await referralHandoff(this.ds, this.audit, id.toLowerCase(), principal.requestId);
    if (!found) throw new HttpException({ message: 'Not found' }, 404);
    return found;
  }
}
