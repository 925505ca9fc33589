import { Body, Controller, HttpCode, HttpException, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { principalOf } from '@scp/platform-auth';
import { AgencyEntity, CASES_DATA_SOURCE, ClinicMemberEntity, UserEntity } from '@scp/cases';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The agency of an active user whose (active) agency is a member of the clinic, or null: the
 * meetings service asks before it records an attendee, since only this service holds the directory.
 */
export async function clinicMemberAgency(
  ds: DataSource,
  clinicId: string,
  userId: string,
): Promise<string | null> {
  const row = await ds
    .createQueryBuilder(UserEntity, 'u')
    .innerJoin(AgencyEntity, 'a', 'a.id = u.agencyId AND a.active')
    .innerJoin(ClinicMemberEntity, 'm', 'm.agencyId = u.agencyId AND m.clinicId = :clinicId', { clinicId })
    .select('u.agencyId', 'agencyId')
    .where('u.id = :userId AND u.active', { userId })
    .getRawOne<{ agencyId: string }>();
  return row?.agencyId ?? null;
}

/**
 * `POST /internal/clinic-member {clinicId, userId}` → `{ agencyId }` (200) or 404, for the meetings
 * service only (its own key, audience cases, like the free-text check). Ids in, one id out.
 */
@Controller('internal')
export class ClinicMemberController {
  constructor(@Inject(CASES_DATA_SOURCE) private readonly ds: DataSource) {}

  @Post('clinic-member')
  @HttpCode(200)
  async member(@Req() req: Request, @Body() body: { clinicId?: unknown; userId?: unknown }) {
    const principal = principalOf(req);
    if (principal.kind !== 'service' || principal.service !== 'meetings')
      throw new HttpException({ message: 'Forbidden' }, 403);
    const { clinicId, userId } = body ?? {};
    if (
      typeof clinicId !== 'string' ||
      !UUID.test(clinicId) ||
      typeof userId !== 'string' ||
      !UUID.test(userId)
    )
      throw new HttpException({ message: 'clinicId and userId required' }, 400);
    const agencyId = await clinicMemberAgency(this.ds, clinicId, userId);
    if (!agencyId) throw new HttpException({ message: 'Not found' }, 404);
    return { agencyId };
  }
}
