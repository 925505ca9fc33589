import { EVENT_TYPES } from '@scp/contracts';
import { badInput } from '@scp/platform-graphql';
import { writeEvent, type RequestScope } from '../shared/scope.js';
import type { ReferralView } from './referral-reads.js';
import { now, ReferralSteps } from './referral-steps.js';
import { ClinicReplicaEntity } from './referral.entities.js';
import type { AcceptReferralInput, ReferralTransitionInput } from './referral.inputs.js';

/** The decision: withdrawn by the referrer, or declined or accepted by the clinic. */
export class ReferralDecision extends ReferralSteps {
  async withdrawReferral(scope: RequestScope, input: ReferralTransitionInput): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'withdraw');
    if (!input.reason?.trim()) throw badInput('A reason is required to withdraw', 'reason');
    await this.freeText.assert(scope, { referral: row }, [{ field: 'reason', text: input.reason }]);
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, {
        status: 'WITHDRAWN',
        decisionReason: input.reason!.trim(),
        decidedAt: now,
      });
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'withdrawReferral')], m);
    });
    return this.reads.getReferral(scope, row.id);
  }

  async declineReferral(scope: RequestScope, input: ReferralTransitionInput): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'decline');
    if (!input.reason?.trim()) throw badInput('A reason is required to decline', 'reason');
    await this.freeText.assert(scope, { referral: row }, [{ field: 'reason', text: input.reason }]);
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, {
        status: 'DECLINED',
        decisionReason: input.reason!.trim(),
        decidedAt: now,
      });
      await this.referralEvent(m, scope, row, EVENT_TYPES.referralDeclined);
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'declineReferral')], m);
    });
    return this.reads.getReferral(scope, row.id);
  }

  /**
   * Accepts the referral and, in the same transaction, writes `referral.accepted` to the outbox:
   * the cases service creates the case from it exactly once (its `referral_id` is unique). The
   * event carries ids and codes only; the people's details are fetched by the cases service over
   * the internal hand-off endpoint, never put in Redis.
   */
  async acceptReferral(scope: RequestScope, input: AcceptReferralInput): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'accept');
    const lead = input.leadAgencyId ?? row.referrerAgencyId;
    const participants = [...new Set([lead, ...input.participantAgencyIds])];
    await this.requireSignatories(row.clinicId, participants, input.participantAgencyIds);
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, {
        status: 'ACCEPTED',
        tier: input.tier,
        leadAgencyId: lead,
        participantAgencyIds: participants,
        decidedAt: now,
      });
      await this.outbox.write(m, {
        type: EVENT_TYPES.referralAccepted,
        aggregateType: 'Referral',
        aggregateId: row.id,
        actorId: scope.actor.userId,
        correlationId: scope.actor.requestId,
        payload: {
          referralId: row.id,
          clinicId: row.clinicId,
          tier: input.tier,
          leadAgencyId: lead,
          cjStatus: row.cjStatus,
          sharingBasis: row.sharingBasis,
          participantAgencyIds: participants,
          acceptedByUserId: scope.actor.userId,
          referrerUserId: row.referrerUserId,
        },
      });
      await this.audit.write(
        [writeEvent(scope, 'UPDATE', row.id, ['D1'], 'acceptReferral', { recipients: participants })],
        m,
      );
    });
    return this.reads.getReferral(scope, row.id);
  }

  /**
   * Only agencies that signed the clinic's information sharing agreement take part in its cases
   * (the cases service opens the case with signatories only): one that has not is refused here,
   * naming the field it came from, rather than quietly left out of the case. Judged on the
   * `clinic.updated` replica, so an agreement signed a moment ago may need the event to arrive.
   */
  private async requireSignatories(clinicId: string, agencies: string[], participantAgencyIds: string[]) {
    // The replica and the database's date in one statement; a clinic never announced signed nothing.
    const { entities, raw } = await this.ds
      .createQueryBuilder(ClinicReplicaEntity, 'c')
      .addSelect('current_date::text', 'today')
      .where('c.clinicId = :clinicId', { clinicId })
      .getRawAndEntities<{ today: string }>();
    const replica = entities[0];
    const today = raw[0]?.today ?? '';
    const signed = new Set(
      (replica?.isaAgencyIds ?? []).filter((_, i) => calendarDay(replica!.isaSignedOn[i]!) <= today),
    );
    const unsigned = agencies.filter((a) => !signed.has(a)).map((a) => ({ agency_id: a }));
    if (!unsigned.length) return;
    const field = participantAgencyIds.includes(unsigned[0]!.agency_id)
      ? 'participantAgencyIds'
      : 'leadAgencyId';
    throw badInput(
      "An agency that has not signed the clinic's information sharing agreement cannot take part in its cases",
      field,
    );
  }
}

/** A `date` array element as `YYYY-MM-DD`: node-postgres parses one to a local midnight. */
function calendarDay(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}
