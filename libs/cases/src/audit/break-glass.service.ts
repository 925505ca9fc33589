import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EVENT_TYPES } from '@scp/contracts';
import { badInput, forbidden, notFound } from '@scp/platform-graphql';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';

export const BREAK_GLASS_MINUTES = 60;

/**
 * An auditor opens a case's content for a stated purpose: a BREAK_GLASS audit event, a grant
 * for an hour, and an event that tells the case's lead agency (entitlements.md, separation of
 * duties).
 */
@Injectable()
export class BreakGlassService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
  ) {}

  async open(
    scope: RequestScope,
    caseId: string,
    purpose: string,
  ): Promise<{ caseId: string; expiresAt: Date }> {
    if (!(await scope.access.ability()).can('breakGlass', 'Case'))
      throw forbidden('Only an auditor or data protection officer can break glass');
    const reason = purpose.trim();
    if (reason.length < 10) throw badInput('State the purpose in at least 10 characters', 'purpose');
    const rows: { clinic_id: string; lead_agency_id: string }[] = await this.ds.query(
      `SELECT clinic_id, lead_agency_id FROM cases.cases WHERE id = $1`,
      [caseId],
    );
    if (!rows.length) throw notFound('Case');
    const { clinic_id: clinicId, lead_agency_id: leadAgencyId } = rows[0]!;
    const expiresAt = await this.ds.transaction(async (m) => {
      const granted: { expires_at: Date }[] = await m.query(
        `INSERT INTO cases.break_glass_grants (case_id, user_id, agency_id, purpose, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5)) RETURNING expires_at`,
        [caseId, scope.actor.userId, scope.actor.agencyId, reason, BREAK_GLASS_MINUTES],
      );
      await this.audit.write(
        [
          {
            actorId: scope.actor.userId,
            actorAgencyId: scope.actor.agencyId,
            action: 'BREAK_GLASS',
            entityType: 'Case',
            entityId: caseId,
            caseId,
            ownerAgencyId: leadAgencyId,
            categories: ['D1'],
            purpose: reason,
            recipients: [leadAgencyId],
            requestId: scope.actor.requestId,
          },
        ],
        m,
      );
      await this.outbox.write(m, {
        type: EVENT_TYPES.breakGlass,
        aggregateType: 'Case',
        aggregateId: caseId,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: { caseId, clinicId, leadAgencyId, userId: scope.actor.userId },
      });
      return granted[0]!.expires_at;
    });
    scope.access.reset();
    return { caseId, expiresAt };
  }
}
