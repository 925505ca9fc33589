import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { In, IsNull, type DataSource } from 'typeorm';
import { CaseEntity, ParticipantEntity } from '../case/case.entities.js';
import { AgencyEntity, ClinicEntity, ClinicMemberEntity } from '../directory/directory.entities.js';
import { PersonEntity } from '../people/people.entities.js';
import { RepeatOpeningEntity } from './lifecycle.entities.js';
import { subject } from '@casl/ability';
import { EVENT_TYPES, type DataCategory, conflict, forbidden, invalid } from '@scp/contracts';
import { withAccess, type AccessView, type WithAccess } from '@scp/platform-access';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import { managerOf, type Queryable, type RequestScope } from '../shared/scope.js';
import { writeEvent } from '../shared/audit.js';
import { FreeTextGuard } from '../shared/free-text.js';
import { nextCaseReference } from '../case/case.repository.js';
import { loadVisibleCase } from './case-lookup.js';
import { findRepeatsByCases, findRepeatsOf, type RepeatRow } from './lifecycle.repository.js';
import { REPEAT_WINDOW_MONTHS } from './lifecycle.enums.js';
import { requestLoader } from './request-loader.js';
import type { ReopenCaseAsRepeatInput } from './lifecycle.inputs.js';

/**
 * Reopening: a new report within 12 months of closure reopens the case as a **repeat** — a new
 * case (new reference) in the same clinic, linked by repeat_of_case_id, taking over only the
 * participants the chair or coordinator chooses (each still a signatory of the clinic's sharing
 * agreement). People can be carried over by identity; their locations are recorded afresh, since
 * they may have changed. After 12 months the old case stays closed: open a new referral.
 */
@Injectable()
export class ReopeningService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    private readonly freeText: FreeTextGuard,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
  ) {}

  async repeatOpeningOf(
    scope: RequestScope,
    caseView: AccessView,
    caseId: string,
  ): Promise<WithAccess<RepeatRow> | null> {
    const row = await requestLoader(scope, 'repeat-openings', async (ids) => {
      const rows = await findRepeatsByCases(this.ds, ids);
      return ids.map((id) => rows.find((r) => r.caseId === id) ?? null);
    }).load(caseId);
    return row ? withAccess({ ...row }, caseView) : null;
  }

  /** The id of the repeat a closed case was reopened as, if any. */
  async reopenedAsOf(scope: RequestScope, caseId: string): Promise<string | null> {
    return requestLoader(scope, 'reopened-as', async (ids) => {
      const rows = await findRepeatsOf(this.ds, ids);
      return ids.map((id) => rows.find((r) => r.repeatOfCaseId === id)?.caseId ?? null);
    }).load(caseId);
  }

  private async requireSharingAgency(db: Queryable, clinicId: string, agencyId: string) {
    const member = await managerOf(db)
      .createQueryBuilder(ClinicMemberEntity, 'm')
      .innerJoin(AgencyEntity, 'a', 'a.id = m.agencyId')
      .select('(m.isaSignedOn IS NOT NULL AND m.isaSignedOn <= current_date AND a.active)', 'ok')
      .where('m.clinicId = :clinicId', { clinicId })
      .andWhere('m.agencyId = :agencyId', { agencyId })
      .getRawOne<{ ok: boolean }>();
    if (!member?.ok)
      throw invalid(
        'The agency is no longer a signatory of the clinic information sharing agreement',
        'participantAgencyIds',
      );
  }

  async reopen(scope: RequestScope, input: ReopenCaseAsRepeatInput): Promise<string> {
    const old = await loadVisibleCase(scope, this.ds, input.caseId);
    if (!(await scope.access.ability()).can('create', subject('Case', { clinicId: old.clinicId })))
      throw forbidden('Only the clinic chair or coordinator can reopen a case');
    if (old.status !== 'CLOSED') throw invalid('Only a closed case can be reopened as a repeat', 'caseId');
    const reason = input.reason.trim();
    if (reason.length < 10) throw invalid('Give the reason in at least 10 characters', 'reason');
    await this.freeText.assert(scope, old.id, reason, 'reason');

    const chosen = [...new Set(input.participantAgencyIds.map((a) => a.toLowerCase()))];
    for (const agencyId of chosen)
      if (!old.participantAgencyIds.includes(agencyId))
        throw invalid(
          'Only agencies that took part in the closed case can be carried over',
          'participantAgencyIds',
        );
    const leadAgencyId = (input.leadAgencyId ?? old.leadAgencyId).toLowerCase();
    if (!chosen.includes(leadAgencyId))
      throw invalid('The lead agency must be one of the agencies carried over', 'leadAgencyId');
    for (const agencyId of chosen) await this.requireSharingAgency(this.ds, old.clinicId, agencyId);

    const newId = await this.ds.transaction(async (m) => {
      const locked = await m
        .createQueryBuilder(CaseEntity, 'c')
        .innerJoin(ClinicEntity, 'k', 'k.id = c.clinicId')
        .select('c.closedAt + make_interval(months => :months) >= now()', 'within')
        .addSelect('k.code', 'code')
        .where('c.id = :id', { id: old.id, months: REPEAT_WINDOW_MONTHS })
        .andWhere("c.status = 'CLOSED'")
        .setLock('pessimistic_write', undefined, ['c'])
        .getRawOne<{ within: boolean | null } & Pick<ClinicEntity, 'code'>>();
      if (!locked) throw conflict();
      if (!locked.within)
        throw invalid(
          `The case closed more than ${REPEAT_WINDOW_MONTHS} months ago: open a new referral instead`,
          'caseId',
        );
      if (await m.existsBy(RepeatOpeningEntity, { repeatOfCaseId: old.id }))
        throw conflict('This case has already been reopened as a repeat');

      const reference = await nextCaseReference(m, old.clinicId, locked.code, new Date().getUTCFullYear());
      const caseId = randomUUID();
      await m.insert(CaseEntity, {
        id: caseId,
        reference,
        clinicId: old.clinicId,
        tier: 'CLINIC_CASE',
        status: 'AWAITING_LISTING',
        cjStatus: input.cjStatus ?? old.cjStatus,
        leadAgencyId,
        repeatOfCaseId: old.id,
        createdByUserId: scope.actor.userId,
      });
      // The basis for sharing carries over with the agency: it was recorded for this subject.
      const carried = await m.findBy(ParticipantEntity, {
        caseId: old.id,
        leftAt: IsNull(),
        agencyId: In(chosen),
      });
      if (carried.length)
        await m.insert(
          ParticipantEntity,
          carried.map((p) => ({
            caseId,
            agencyId: p.agencyId,
            roleInCase:
              p.agencyId === leadAgencyId ? 'LEAD' : p.roleInCase === 'LEAD' ? 'PARTNER' : p.roleInCase,
            sharingBasis: p.sharingBasis,
            basisRationale: p.basisRationale,
            addedByUserId: scope.actor.userId,
          })),
        );
      const categories: DataCategory[] = ['D1'];
      if (input.carryOverPeople) {
        // Identity only, and the recording agency stays the author of what it recorded.
        const people = await m.find(PersonEntity, {
          where: { caseId: old.id },
          order: { createdAt: 'ASC', id: 'ASC' },
        });
        if (people.length)
          await m.insert(
            PersonEntity,
            people.map((p) => ({
              caseId,
              role: p.role,
              alias: p.alias,
              givenName: p.givenName,
              familyName: p.familyName,
              otherNames: p.otherNames,
              dateOfBirth: p.dateOfBirth,
              relationshipToSubject: p.relationshipToSubject,
              ageBand: p.ageBand,
              vulnerabilityFlags: p.vulnerabilityFlags,
              proximityConcern: p.proximityConcern,
              createdByAgencyId: p.createdByAgencyId,
            })),
          );
        categories.push('D2', 'D11');
      }
      await m.insert(RepeatOpeningEntity, {
        caseId,
        repeatOfCaseId: old.id,
        reason,
        openedByUserId: scope.actor.userId,
        openedByAgencyId: scope.actor.agencyId,
      });
      for (const agencyId of chosen)
        await this.outbox.write(m, {
          type: EVENT_TYPES.participationAdded,
          aggregateType: 'Case',
          aggregateId: caseId,
          actorId: scope.actor.userId,
          correlationId: scope.actor.requestId,
          payload: { caseId, clinicId: old.clinicId, agencyId },
        });
      await this.outbox.write(m, {
        type: EVENT_TYPES.caseCreated,
        aggregateType: 'Case',
        aggregateId: caseId,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: { caseId, clinicId: old.clinicId, leadAgencyId },
      });
      await this.outbox.write(m, {
        type: EVENT_TYPES.caseReopened,
        aggregateType: 'Case',
        aggregateId: caseId,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: { caseId, repeatOfCaseId: old.id, clinicId: old.clinicId },
      });
      await this.audit.write(
        [
          writeEvent(scope, 'CREATE', 'Case', caseId, categories, 'reopenCaseAsRepeat', {
            caseId,
            ownerAgencyId: leadAgencyId,
          }),
        ],
        m,
      );
      return caseId;
    });
    scope.access.invalidate();
    return newId;
  }
}
