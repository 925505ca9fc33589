import { Body, Controller, HttpCode, HttpException, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { principalOf } from '@scp/platform-auth';
import { AppError } from '@scp/platform-graphql';
import { assertNoVictimLocation, CASES_DATA_SOURCE } from '@scp/cases';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether free text that other agencies will read carries one of the case's exact victim location
 * or contact values (entitlements.md, "free text"). Answers `{ ok }` only: never which value, nor
 * whether the case has any, so the endpoint is no oracle for the location itself.
 */
export async function freeTextCheck(ds: DataSource, caseId: string, text: string): Promise<{ ok: boolean }> {
  try {
    await assertNoVictimLocation(ds, caseId, text, 'text');
    return { ok: true };
  } catch (err) {
    if (err instanceof AppError) return { ok: false };
    throw err;
  }
}

/**
 * `POST /internal/free-text-check {caseId, text}` for the meetings service (service token,
 * audience cases, signed with the meetings service's own key — see the wiring note in
 * the internal-auth middleware must verify this path with
 * the meetings key, as the referrals service does for its hand-off).
 */
@Controller('internal')
export class FreeTextCheckController {
  constructor(@Inject(CASES_DATA_SOURCE) private readonly ds: DataSource) {}

  @Post('free-text-check')
  @HttpCode(200)
  async check(@Req() req: Request, @Body() body: { caseId?: unknown; text?: unknown }) {
    const principal = principalOf(req);
    if (principal.kind !== 'service' || principal.service !== 'meetings')
      throw new HttpException({ message: 'Forbidden' }, 403);
    if (
      typeof body?.caseId !== 'string' ||
      !UUID.test(body.caseId) ||
      typeof body.text !== 'string' ||
      body.text.length > 40_000
    )
      throw new HttpException({ message: 'caseId and text required' }, 400);
    return freeTextCheck(this.ds, body.caseId, body.text);
  }
}
