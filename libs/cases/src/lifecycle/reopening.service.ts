import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { subject } from '@casl/ability';
import { EVENT_TYPES, type DataCategory } from '@scp/contracts';
import { withAccess, type AccessView, type WithAccess } from '@scp/platform-access';
import { badInput, conflict, forbidden } from '@scp/platform-graphql';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import type { Queryable, RequestScope } from '../shared/scope.js';
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
    const rows: { ok: boolean }[] = await db.query(
      `SELECT (m.isa_signed_on IS NOT NULL AND m.isa_signed_on <= current_date AND a.active) AS ok
         FROM cases.clinic_members m JOIN cases.agencies a ON a.id = m.agency_id
        WHERE m.clinic_id = $1 AND m.agency_id = $2`,
      [clinicId, agencyId],
    );
    if (!rows[0]?.ok)
      throw badInput(
        'The agency is no longer a signatory of the clinic information sharing agreement',
        'participantAgencyIds',
      );
  }

  async reopen(scope: RequestScope, input: ReopenCaseAsRepeatInput): Promise<string> {
    const old = await loadVisibleCase(scope, this.ds, input.caseId);
    if (!(await scope.access.ability()).can('create', subject('Case', { clinicId: old.clinicId })))
      throw forbidden('Only the clinic chair or coordinator can reopen a case');
    if (old.status !== 'CLOSED') throw badInput('Only a closed case can be reopened as a repeat', 'caseId');
    const reason = input.reason.trim();
    if (reason.length < 10) throw badInput('Give the reason in at least 10 characters', 'reason');
    await this.freeText.assert(scope, old.id, reason, 'reason');

    const chosen = [...new Set(input.participantAgencyIds.map((a) => a.toLowerCase()))];
    for (const agencyId of chosen)
      if (!old.participantAgencyIds.includes(agencyId))
        throw badInput(
          'Only agencies that took part in the closed case can be carried over',
          'participantAgencyIds',
        );
    const leadAgencyId = (input.leadAgencyId ?? old.leadAgencyId).toLowerCase();
    if (!chosen.includes(leadAgencyId))
      throw badInput('The lead agency must be one of the agencies carried over', 'leadAgencyId');
    for (const agencyId of chosen) await this.requireSharingAgency(this.ds, old.clinicId, agencyId);

    const newId = await this.ds.transaction(async (m) => {
      const [locked]: { within: boolean | null; code: string }[] = await m.query(
        `SELECT c.closed_at + make_interval(months => $2) >= now() AS within, k.code
           FROM cases.cases c JOIN cases.clinics k ON k.id = c.clinic_id
          WHERE c.id = $1 AND c.status = 'CLOSED' FOR UPDATE OF c`,
        [old.id, REPEAT_WINDOW_MONTHS],
      );
      if (!locked) throw conflict();
      if (!locked.within)
        throw badInput(
          `The case closed more than ${REPEAT_WINDOW_MONTHS} months ago: open a new referral instead`,
          'caseId',
        );
      const taken: unknown[] = await m.query(
        `SELECT 1 FROM cases.repeat_openings WHERE repeat_of_case_id = $1`,
        [old.id],
      );
      if (taken.length) throw conflict('This case has already been reopened as a repeat');

      const reference = await nextCaseReference(m, old.clinicId, locked.code, new Date().getUTCFullYear());
      const inserted: { id: string }[] = await m.query(
        `INSERT INTO cases.cases (reference, clinic_id, tier, status, cj_status, lead_agency_id, repeat_of_case_id, created_by_user_id)
         VALUES ($1, $2, 'CLINIC_CASE', 'AWAITING_LISTING', $3, $4, $5, $6) RETURNING id`,
        [reference, old.clinicId, input.cjStatus ?? old.cjStatus, leadAgencyId, old.id, scope.actor.userId],
      );
      const caseId = inserted[0]!.id;
      // The basis for sharing carries over with the agency: it was recorded for this subject.
      await m.query(
        `INSERT INTO cases.participants (case_id, agency_id, role_in_case, sharing_basis, basis_rationale, added_by_user_id)
         SELECT $1, p.agency_id, CASE WHEN p.agency_id = $3::uuid THEN 'LEAD' WHEN p.role_in_case = 'LEAD' THEN 'PARTNER' ELSE p.role_in_case END,
                p.sharing_basis, p.basis_rationale, $4
           FROM cases.participants p
          WHERE p.case_id = $2 AND p.left_at IS NULL AND p.agency_id = ANY($5::uuid[])`,
        [caseId, old.id, leadAgencyId, scope.actor.userId, chosen],
      );
      const categories: DataCategory[] = ['D1'];
      if (input.carryOverPeople) {
        // Identity only, and the recording agency stays the author of what it recorded.
        await m.query(
          `INSERT INTO cases.persons (case_id, role, alias, given_name, family_name, other_names, date_of_birth,
             relationship_to_subject, age_band, vulnerability_flags, proximity_concern, created_by_agency_id)
           SELECT $1, role, alias, given_name, family_name, other_names, date_of_birth, relationship_to_subject, age_band,
                  vulnerability_flags, proximity_concern, created_by_agency_id
             FROM cases.persons WHERE case_id = $2 ORDER BY created_at, id`,
          [caseId, old.id],
        );
        categories.push('D2', 'D11');
      }
      await m.query(
        `INSERT INTO cases.repeat_openings (case_id, repeat_of_case_id, reason, opened_by_user_id, opened_by_agency_id)
         VALUES ($1, $2, $3, $4, $5)`,
        [caseId, old.id, reason, scope.actor.userId, scope.actor.agencyId],
      );
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
