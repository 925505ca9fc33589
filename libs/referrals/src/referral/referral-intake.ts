import { randomUUID } from 'node:crypto';
import type { DataCategory } from '@scp/contracts';
import { EVENT_TYPES } from '@scp/contracts';
import { addWorkingDays } from '@scp/platform-calendar';
import { badInput, forbidden } from '@scp/platform-graphql';
import { writeEvent, type RequestScope } from '../shared/scope.js';
import { nextReferralReference } from './referral.repository.js';
import { sdashScore } from './referral-rules.js';
import type { ReferralView } from './referral-reads.js';
import { now, ReferralSteps, type ReferralChanges } from './referral-steps.js';
import { ReferralEntity, VictimLocationEntity } from './referral.entities.js';
import type { CreateReferralInput, ReferralTransitionInput, UpdateReferralInput } from './referral.inputs.js';

/** Intake: the referrer drafts, amends and submits a referral. */
export class ReferralIntake extends ReferralSteps {
  /** Categories the input writes beyond the referral itself, each checked against the matrix. */
  private assertAuthorable(
    scope: RequestScope,
    clinicId: string,
    input: { victimLocations?: unknown[]; sdash?: unknown },
  ) {
    // Reject the whole mutation, never drop a field silently.
    if (input.victimLocations?.length && !scope.access.canAuthor(clinicId, 'D12'))
      throw forbidden('Not permitted to record the victim location (D12)', { category: 'D12' });
    if (input.sdash && !scope.access.canAuthor(clinicId, 'D8'))
      throw forbidden('Not permitted to record an S-DASH assessment (D8)', { category: 'D8' });
  }

  private assertRationale(basis: string, rationale: string | null | undefined) {
    if (basis !== 'CONSENT' && !rationale?.trim())
      throw badInput('A rationale is required when consent is not the basis for sharing', 'basisRationale');
  }

  async createReferral(scope: RequestScope, input: CreateReferralInput): Promise<ReferralView> {
    if (!scope.access.canRefer()) throw forbidden('Only a partner agency practitioner can refer');
    this.assertAuthorable(scope, input.clinicId, input);
    this.assertRationale(input.sharingBasis, input.basisRationale);
    await this.freeText.assert(scope, { clinicId: input.clinicId, locations: input.victimLocations ?? [] }, [
      { field: 'reason', text: input.reason },
      { field: 'basisRationale', text: input.basisRationale },
    ]);
    const id = await this.ds.transaction(async (m) => {
      const reference = await nextReferralReference(m, new Date().getUTCFullYear());
      const s = input.subject ?? {};
      const v = input.victim ?? {};
      const answers = input.sdash?.answers ?? null;
      const id = randomUUID();
      await m.getRepository(ReferralEntity).insert({
        id,
        reference,
        clinicId: input.clinicId,
        referrerUserId: scope.actor.userId,
        referrerAgencyId: scope.actor.agencyId,
        urgency: input.urgency,
        reason: input.reason.trim(),
        behaviours: [...new Set(input.behaviours)],
        crimeReferences: input.crimeReferences.map((c) => c.trim()),
        cjStatus: input.cjStatus,
        sharingBasis: input.sharingBasis,
        basisRationale: input.basisRationale?.trim() || null,
        subjectGivenName: s.givenName ?? null,
        subjectFamilyName: s.familyName ?? null,
        subjectOtherNames: s.otherNames ?? [],
        subjectDateOfBirth: s.dateOfBirth ?? null,
        victimGivenName: v.givenName ?? null,
        victimFamilyName: v.familyName ?? null,
        victimDateOfBirth: v.dateOfBirth ?? null,
        victimRelationship: v.relationshipToSubject ?? null,
        sdashAnswers: answers,
        sdashScore: answers ? sdashScore(answers) : null,
      });
      for (const l of input.victimLocations ?? [])
        await m.getRepository(VictimLocationEntity).insert({
          referralId: id,
          kind: l.kind,
          addressLine1: l.addressLine1 ?? null,
          town: l.town ?? null,
          postcode: l.postcode ?? null,
          phone: l.phone ?? null,
          email: l.email ?? null,
          details: l.details ?? null,
        });
      const categories: DataCategory[] = ['D1', 'D2', 'D11'];
      if (answers) categories.push('D8');
      if (input.victimLocations?.length) categories.push('D12');
      await this.audit.write([writeEvent(scope, 'CREATE', id, categories, 'createReferral')], m);
      return id;
    });
    return this.reads.getReferral(scope, id);
  }

  async updateReferral(scope: RequestScope, input: UpdateReferralInput): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'update');
    this.assertAuthorable(scope, row.clinicId, input);
    const basis = input.sharingBasis ?? row.sharingBasis;
    const rationale = input.basisRationale !== undefined ? input.basisRationale : row.basisRationale;
    this.assertRationale(basis, rationale);
    await this.freeText.assert(scope, { referral: row }, [
      { field: 'reason', text: input.reason },
      { field: 'basisRationale', text: input.basisRationale },
    ]);
    const set: ReferralChanges = {};
    if (input.urgency !== undefined) set.urgency = input.urgency;
    if (input.reason !== undefined) set.reason = input.reason.trim();
    if (input.behaviours !== undefined) set.behaviours = [...new Set(input.behaviours)];
    if (input.crimeReferences !== undefined) set.crimeReferences = input.crimeReferences.map((c) => c.trim());
    if (input.cjStatus !== undefined) set.cjStatus = input.cjStatus;
    if (input.sharingBasis !== undefined) set.sharingBasis = input.sharingBasis;
    if (input.basisRationale !== undefined) set.basisRationale = input.basisRationale?.trim() || null;
    const s = input.subject;
    if (s?.givenName !== undefined) set.subjectGivenName = s.givenName;
    if (s?.familyName !== undefined) set.subjectFamilyName = s.familyName;
    if (s?.otherNames !== undefined) set.subjectOtherNames = s.otherNames;
    if (s?.dateOfBirth !== undefined) set.subjectDateOfBirth = s.dateOfBirth;
    const v = input.victim;
    if (v?.givenName !== undefined) set.victimGivenName = v.givenName;
    if (v?.familyName !== undefined) set.victimFamilyName = v.familyName;
    if (v?.dateOfBirth !== undefined) set.victimDateOfBirth = v.dateOfBirth;
    if (v?.relationshipToSubject !== undefined) set.victimRelationship = v.relationshipToSubject;
    if (input.sdash) {
      set.sdashAnswers = input.sdash.answers;
      set.sdashScore = sdashScore(input.sdash.answers);
    }
    if (!Object.keys(set).length) throw badInput('Nothing to change');
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, set);
      const categories: DataCategory[] = ['D1'];
      if (s) categories.push('D2');
      if (v) categories.push('D11');
      if (input.sdash) categories.push('D8');
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, categories, 'updateReferral')], m);
    });
    return this.reads.getReferral(scope, row.id);
  }

  async submitReferral(scope: RequestScope, input: ReferralTransitionInput): Promise<ReferralView> {
    const row = await this.loadFor(scope, input.id, 'submit');
    if (!row.subjectFamilyName && !row.subjectGivenName)
      throw badInput('The subject must be named before the referral is submitted', 'subject');
    const due = row.urgency === 'URGENT' ? addWorkingDays(new Date(), 1) : null;
    await this.ds.transaction(async (m) => {
      await this.move(m, row, input.expectedVersion, {
        status: 'SUBMITTED',
        submittedAt: now,
        screeningDueAt: due,
      });
      await this.flagDuplicates(m, row);
      await this.referralEvent(m, scope, row, EVENT_TYPES.referralSubmitted);
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'submitReferral')], m);
    });
    return this.reads.getReferral(scope, row.id);
  }
}
