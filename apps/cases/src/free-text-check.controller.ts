import { Body, Controller, HttpCode, HttpException, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { principalOf } from '@scp/platform-auth';
import { FreeTextGuard, type FreeTextVerdict, type FreeTextWrite } from '@scp/cases';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
const shortText = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

/** Validates the meetings service's request; null when it is malformed. */
export function parseFreeTextWrite(body: unknown): FreeTextWrite | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.caseIds) || b.caseIds.length > 500 || !b.caseIds.every(uuid)) return null;
  if (b.clinicId != null && !uuid(b.clinicId)) return null;
  if (!uuid(b.userId) || !shortText(b.field, 200)) return null;
  if (typeof b.text !== 'string' || b.text.length > 40_000) return null;
  if (b.kind != null && b.kind !== 'prose' && b.kind !== 'venue') return null;
  if (b.requestId != null && !shortText(b.requestId, 200)) return null;
  return {
    userId: b.userId,
    caseIds: b.caseIds,
    clinicId: (b.clinicId as string | null) ?? null,
    field: b.field,
    text: b.text,
    kind: (b.kind as 'prose' | 'venue' | null) ?? 'prose',
    requestId: (b.requestId as string | null) ?? null,
  };
}

/**
 * `POST /internal/free-text-check {userId, caseIds, clinicId?, field, text, kind?, requestId?}` for
 * the meetings service (service token, audience cases, signed with the meetings service's own
 * key). Applies the one free-text rule (`checkFreeText`, docs/free-text.md) for the writer as the
 * directory knows them, audits and counts what it refuses, and answers the verdict with the
 * sentence to show: never which value matched, nor whether any did, to a writer who may not
 * read the victim location.
 */
@Controller('internal')
export class FreeTextCheckController {
  constructor(private readonly freeText: FreeTextGuard) {}

  @Post('free-text-check')
  @HttpCode(200)
  async check(@Req() req: Request, @Body() body: unknown): Promise<FreeTextVerdict> {
    const principal = principalOf(req);
    if (principal.kind !== 'service' || principal.service !== 'meetings')
      throw new HttpException({ message: 'Forbidden' }, 403);
    const write = parseFreeTextWrite(body);
    if (!write) throw new HttpException({ message: 'userId, caseIds, field and text required' }, 400);
    return this.freeText.check(write);
  }
}
