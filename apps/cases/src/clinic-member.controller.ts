import { Body, Controller, HttpCode, HttpException, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { principalOf } from '@scp/platform-auth';
import { CASES_DATA_SOURCE } from '@scp/cases';

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
  const rows: { agency_id: string }[] = await ds.query(
    `SELECT u.agency_id FROM cases.users u
       JOIN cases.agencies a ON a.id = u.agency_id AND a.active
       JOIN cases.clinic_members m ON m.agency_id = u.agency_id AND m.clinic_id = $1
      WHERE u.id = $2 AND u.active`,
    [clinicId, userId],
  );
  return rows[0]?.agency_id ?? null;
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
