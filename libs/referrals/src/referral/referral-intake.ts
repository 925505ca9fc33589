import type { DataCategory } from '@scp/contracts';
import { EVENT_TYPES } from '@scp/contracts';
import { addWorkingDays } from '@scp/platform-calendar';
import { badInput, forbidden } from '@scp/platform-graphql';
import { writeEvent, type RequestScope } from '../shared/scope.js';
import { nextReferralReference } from './referral.repository.js';
import { sdashScore } from './referral-rules.js';
import type { ReferralView } from './referral-reads.js';
import { ReferralSteps } from './referral-steps.js';
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
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO referrals.referrals (reference, clinic_id, referrer_user_id, referrer_agency_id, urgency, reason, behaviours,
           crime_references, cj_status, sharing_basis, basis_rationale, subject_given_name, subject_family_name, subject_other_names,
           subject_date_of_birth, victim_given_name, victim_family_name, victim_date_of_birth, victim_relationship, sdash_answers, sdash_score)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`,
        [
          reference,
          input.clinicId,
          scope.actor.userId,
          scope.actor.agencyId,
          input.urgency,
          input.reason.trim(),
          [...new Set(input.behaviours)],
          input.crimeReferences.map((c) => c.trim()),
          input.cjStatus,
          input.sharingBasis,
          input.basisRationale?.trim() || null,
          s.givenName ?? null,
          s.familyName ?? null,
          s.otherNames ?? [],
          s.dateOfBirth ?? null,
          v.givenName ?? null,
          v.familyName ?? null,
          v.dateOfBirth ?? null,
          v.relationshipToSubject ?? null,
          answers,
          answers ? sdashScore(answers) : null,
        ],
      );
      for (const l of input.victimLocations ?? [])
        await m.query(
          `INSERT INTO referrals.victim_locations (referral_id, kind, address_line1, town, postcode, phone, email, details)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            row!.id,
            l.kind,
            l.addressLine1 ?? null,
            l.town ?? null,
            l.postcode ?? null,
            l.phone ?? null,
            l.email ?? null,
            l.details ?? null,
          ],
        );
      const categories: DataCategory[] = ['D1', 'D2', 'D11'];
      if (answers) categories.push('D8');
      if (input.victimLocations?.length) categories.push('D12');
      await this.audit.write([writeEvent(scope, 'CREATE', row!.id, categories, 'createReferral')], m);
      return row!.id;
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
    const set: Record<string, unknown> = {};
    if (input.urgency !== undefined) set.urgency = input.urgency;
    if (input.reason !== undefined) set.reason = input.reason.trim();
    if (input.behaviours !== undefined) set.behaviours = [...new Set(input.behaviours)];
    if (input.crimeReferences !== undefined)
      set.crime_references = input.crimeReferences.map((c) => c.trim());
    if (input.cjStatus !== undefined) set.cj_status = input.cjStatus;
    if (input.sharingBasis !== undefined) set.sharing_basis = input.sharingBasis;
    if (input.basisRationale !== undefined) set.basis_rationale = input.basisRationale?.trim() || null;
    const s = input.subject;
    if (s?.givenName !== undefined) set.subject_given_name = s.givenName;
    if (s?.familyName !== undefined) set.subject_family_name = s.familyName;
    if (s?.otherNames !== undefined) set.subject_other_names = s.otherNames;
    if (s?.dateOfBirth !== undefined) set.subject_date_of_birth = s.dateOfBirth;
    const v = input.victim;
    if (v?.givenName !== undefined) set.victim_given_name = v.givenName;
    if (v?.familyName !== undefined) set.victim_family_name = v.familyName;
    if (v?.dateOfBirth !== undefined) set.victim_date_of_birth = v.dateOfBirth;
    if (v?.relationshipToSubject !== undefined) set.victim_relationship = v.relationshipToSubject;
    if (input.sdash) {
      set.sdash_answers = input.sdash.answers;
      set.sdash_score = sdashScore(input.sdash.answers);
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
        submitted_at: 'now()',
        screening_due_at: due,
      });
      await this.flagDuplicates(m, row);
      await this.referralEvent(m, scope, row, EVENT_TYPES.referralSubmitted);
      await this.audit.write([writeEvent(scope, 'UPDATE', row.id, ['D1'], 'submitReferral')], m);
    });
    return this.reads.getReferral(scope, row.id);
  }
}
