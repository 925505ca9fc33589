import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BreakGlassGrantEntity, CaseEntity, ParticipantEntity } from '../case/case.entities.js';
import { EVENT_TYPES, forbidden, notFound } from '@scp/contracts';
import { requirePurpose } from '@scp/platform-graphql';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import { FreeTextGuard } from '../shared/free-text.js';

export const BREAK_GLASS_MINUTES = 60;

/**
 * An auditor opens a case its own agency takes or took part in, for a stated purpose: a
 * BREAK_GLASS audit event, a grant for an hour that opens what the agency's own roles could read
 * there (never another agency's D6, D9 or D14: see `buildAbility`), and an event that tells the
 * case's lead agency (entitlements.md, separation of duties).
 */
@Injectable()
export class BreakGlassService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
    private readonly freeText: FreeTextGuard,
  ) {}

  async open(
    scope: RequestScope,
    caseId: string,
    reasonCode: string,
    text: string,
  ): Promise<{ caseId: string; expiresAt: Date }> {
    if (!(await scope.access.ability()).can('breakGlass', 'Case'))
      throw forbidden(
        'Only the data protection officer of an agency with a case role (police, health, probation, advocacy, CPS) can break glass',
      );
    // The same bar as any purpose-marked read: a reason from the list and at least a sentence.
    const reason = requirePurpose(reasonCode, text);
    // Only a case the DPO's own agency takes or took part in: any other is "not found", exactly
    // like one that does not exist.
    const tookPart = this.ds
      .createQueryBuilder(ParticipantEntity, 'p')
      .select('1')
      .where('p.caseId = c.id AND p.agencyId = :agencyId');
    const found = await this.ds
      .createQueryBuilder(CaseEntity, 'c')
      .select(['c.id', 'c.clinicId', 'c.leadAgencyId'])
      .where('c.id = :caseId', { caseId })
      .andWhere(`EXISTS (${tookPart.getQuery()})`, { agencyId: scope.actor.agencyId })
      .getOne();
    if (!found) {
      // A refusal all the same: recorded for the DPO's own agency to see (the case id only, which
      // the caller sent; nothing of the case, which may not even exist).
      scope.audit.refused(null, ['D1'], 'break-glass into a case the agency takes no part in', {
        entityType: 'Case',
        entityId: caseId,
      });
      throw notFound('Case');
    }
    const { clinicId, leadAgencyId } = found;
    // The purpose is read by the lead agency's DPO and every auditor of the log: shared prose.
    await this.freeText.assert(scope, caseId, text, 'purpose');
    const expiresAt = await this.ds.transaction(async (m) => {
      const grantId = randomUUID();
      await m.insert(BreakGlassGrantEntity, {
        id: grantId,
        caseId,
        userId: scope.actor.userId,
        agencyId: scope.actor.agencyId,
        purpose: reason,
        expiresAt: () => `now() + make_interval(mins => ${BREAK_GLASS_MINUTES})`,
      });
      const granted = await m.findOneOrFail(BreakGlassGrantEntity, {
        select: { id: true, expiresAt: true },
        where: { id: grantId },
      });
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
      return granted.expiresAt;
    });
    scope.access.reset();
    return { caseId, expiresAt };
  }
}
