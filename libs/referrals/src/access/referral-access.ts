import { subject } from '@casl/ability';
import type { Actor, DataCategory } from '@scp/contracts';
import {
  buildAbility,
  caseFieldsFor,
  effectiveRoles,
  type AccessView,
  type AppAbility,
  type FieldKey,
  isClinicOfficer,
  mayPerform,
  type Transition,
} from '@scp/platform-access';

/** What visibility of one referral depends on. */
export interface ReferralFacts {
  id: string;
  clinicId: string;
  referrerAgencyId: string;
  caseId: string | null;
  /** Agencies currently taking part in the resulting case (from the local participation replica). */
  caseAgencyIds: string[];
}

/**
 * The request's view of referral access. A referral is seen by its referrer's agency and by the
 * chair and coordinator of its clinic; any other agency only once it takes part in the resulting
 * case (participation replica). Which fields each of them reads is the entitlement matrix: the
 * referral is presented to CASL as a case whose participants are the referrer's agency and the
 * case's current participants, so one rule set decides both services.
 *
 * The clinic's information sharing agreement is not replicated here: the cases service refuses a
 * participant whose agency has not signed it, and a referrer writes into the referral only what its
 * own agency already holds. So the ability is built as if the clinic's agreement were signed.
 */
export class ReferralAccess {
  private readonly abilities = new Map<string, AppAbility>();
  private readonly views = new Map<string, AccessView | null>();
  readonly roles: string[];

  constructor(readonly actor: Actor) {
    this.roles = effectiveRoles(actor);
  }

  private ability(clinicId: string): AppAbility {
    let a = this.abilities.get(clinicId);
    if (!a) {
      a = buildAbility({ actor: this.actor, isaClinicIds: [clinicId] });
      this.abilities.set(clinicId, a);
    }
    return a;
  }

  private caseSubject(row: ReferralFacts) {
    return {
      id: row.caseId ?? row.id,
      clinicId: row.clinicId,
      participantAgencyIds: [...new Set([row.referrerAgencyId, ...row.caseAgencyIds])],
    };
  }

  /** Chair or coordinator of this clinic (roles bound to the actor's agency type). */
  isClinicOfficer(clinicId: string): boolean {
    return isClinicOfficer(this.actor, clinicId);
  }

  /** May the caller make this move (TRANSITION_POLICY) on this referral? */
  may(transition: Transition, row?: Pick<ReferralFacts, 'referrerAgencyId' | 'clinicId'>): boolean {
    return mayPerform(this.actor, transition, {
      clinicId: row?.clinicId,
      ownAgency: row ? row.referrerAgencyId === this.actor.agencyId : undefined,
    });
  }

  /** The field set of one referral, or null when the reader may not see it at all. */
  view(row: ReferralFacts): AccessView | null {
    if (this.views.has(row.id)) return this.views.get(row.id)!;
    const fields = caseFieldsFor(this.ability(row.clinicId), 'read', this.caseSubject(row));
    const view: AccessView | null = fields.has('D1')
      ? {
          fields,
          entityType: 'Referral',
          entityId: row.id,
          caseId: row.caseId ?? undefined,
          ownerAgencyId: row.referrerAgencyId,
        }
      : null;
    this.views.set(row.id, view);
    return view;
  }

  /** May the actor write this category into a referral its own agency authors? */
  canAuthor(clinicId: string, category: DataCategory): boolean {
    const probe = { id: 'probe', clinicId, participantAgencyIds: [this.actor.agencyId] };
    return this.ability(clinicId).can(
      'create',
      subject('CaseRecord', { ...probe, category, authorAgencyId: this.actor.agencyId }),
    );
  }

  /**
   * Whether the actor reads `key` on the referrals it may see. Every visible referral is
   * "participated" (referrer agency, clinic officer or case participant), so the answer is the
   * same for all of them and a filter on a readable category needs no further confinement.
   */
  readsCategory(key: FieldKey): boolean {
    const clinicId = this.actor.clinicIds[0] ?? 'any-clinic';
    const probe = { id: 'probe', clinicId, participantAgencyIds: [this.actor.agencyId] };
    return caseFieldsFor(this.ability(clinicId), 'read', probe).has(key);
  }

  /** Roles that read referral headers at all (auditor and admin: none). */
  readsAnything(): boolean {
    return this.readsCategory('D1');
  }

  invalidate(id: string): void {
    this.views.delete(id);
  }
}
