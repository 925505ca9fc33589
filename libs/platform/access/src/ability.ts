import { AbilityBuilder, createMongoAbility, type MongoAbility, type MongoQuery } from '@casl/ability';
import { ROLE_AGENCY_TYPES, type Actor, type DataCategory, type Role } from '@scp/contracts';
import {
  CASE_CATEGORIES,
  GRANT_MEANING,
  POLICY_TABLE,
  limited,
  type FieldKey,
  type GrantMeaning,
} from './policy-table.js';

export type Action = 'read' | 'create' | 'update' | 'share' | 'manage' | 'breakGlass';
export type SubjectType = 'Case' | 'CaseRecord' | 'Agency' | 'Clinic' | 'User' | 'AuditEvent';
/**
 * Loosely typed on purpose: CASL's inferred condition types do not model our computed subjects,
 * and every check goes through the typed helpers of this library.
 */
export type AppAbility = MongoAbility;

/** What a case looks like to CASL. `participantAgencyIds` are the case's *current* participants. */
export interface CaseSubject {
  id: string;
  clinicId: string;
  participantAgencyIds: string[];
}

/** A case entry authored by one agency (assessment, agency record, contribution, action, …). */
export interface CaseRecordSubject extends CaseSubject {
  category: DataCategory;
  authorAgencyId: string;
  /** Only for contributions (D20): released to attendees after the meeting. */
  released?: boolean;
  /** Only for documents (D21): the agencies it was shared with. */
  sharedWithAgencyIds?: string[];
}

export interface AbilityInput {
  actor: Actor;
  /** Clinics whose information sharing agreement the actor's agency has signed. */
  isaClinicIds: readonly string[];
  /** Cases an auditor opened by break-glass (unexpired grants); ignored for other roles. */
  breakGlassCaseIds?: readonly string[];
}

/** Roles count only when the user's agency is of a type the role belongs to. */
export function effectiveRoles(actor: Pick<Actor, 'roles' | 'agencyType'>): Role[] {
  return actor.roles.filter((role) => ROLE_AGENCY_TYPES[role]?.includes(actor.agencyType));
}

export function grantsFor(roles: readonly Role[], category: DataCategory): GrantMeaning[] {
  const out: GrantMeaning[] = [];
  for (const role of roles) {
    const code = POLICY_TABLE[category][role];
    if (code) out.push(GRANT_MEANING[code]);
  }
  return out;
}

function assertDefined(conditions: MongoQuery): MongoQuery {
  const walk = (value: unknown): void => {
    if (value === undefined) throw new Error('access rule condition holds undefined');
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(conditions);
  return conditions;
}

/**
 * Builds the request's ability. Rules are positive only (no `cannot`), every `Case` rule lists its
 * fields (a rule without fields would grant every category: performance.md finding 3), and
 * conditions use only the attributes the SQL translation knows.
 */
export function buildAbility({ actor, isaClinicIds, breakGlassCaseIds = [] }: AbilityInput): AppAbility {
  const { can, build } = new AbilityBuilder<MongoAbility>(createMongoAbility);
  const roles = effectiveRoles(actor);
  const agencyId = actor.agencyId;
  const isa = [...new Set(isaClinicIds)];
  const isClinicOfficer = roles.includes('CLINIC_CHAIR') || roles.includes('CLINIC_COORDINATOR');
  const chairClinics = isClinicOfficer ? actor.clinicIds.filter((id) => isa.includes(id)) : [];

  // "The user's agency is a current participant of the case (chair and coordinator count as
  // participants of every case of their clinic)" and "the agency is a signatory of the clinic's ISA".
  const caseConditions: MongoQuery[] = [];
  if (isa.length) caseConditions.push({ participantAgencyIds: agencyId, clinicId: { $in: isa } });
  if (chairClinics.length) caseConditions.push({ clinicId: { $in: chairClinics } });

  const fullRead: FieldKey[] = [];
  const limitedRead: FieldKey[] = [];
  const write: FieldKey[] = [];
  for (const category of CASE_CATEGORIES) {
    const grants = grantsFor(roles, category);
    if (!grants.length) continue;
    const reads = new Set(grants.map((g) => g.read));
    const writes = new Set(grants.map((g) => g.write));
    const full = reads.has('FULL');
    if (full) fullRead.push(category, limited(category));
    else if (reads.has('LIMITED')) limitedRead.push(limited(category));

    for (const cond of caseConditions) {
      if (full) can('read', 'CaseRecord', assertDefined({ ...cond, category }));
      if (reads.has('OWN_THEN_FULL'))
        can('read', 'CaseRecord', assertDefined({ ...cond, category, released: true }));
      if (category === 'D21')
        can('read', 'CaseRecord', assertDefined({ ...cond, category, sharedWithAgencyIds: agencyId }));
      if (writes.has('ALL')) can(['create', 'update'], 'CaseRecord', assertDefined({ ...cond, category }));
      else if (writes.has('OWN'))
        can(
          ['create', 'update'],
          'CaseRecord',
          assertDefined({ ...cond, category, authorAgencyId: agencyId }),
        );
    }
    if (writes.has('ALL')) write.push(category);
    // What the agency itself authored stays readable after it leaves the case.
    can('read', 'CaseRecord', assertDefined({ category, authorAgencyId: agencyId }));
  }

  for (const cond of caseConditions) {
    const readable = [...new Set([...fullRead, ...limitedRead])];
    if (readable.length) can('read', 'Case', readable, assertDefined(cond));
    if (write.length) can('update', 'Case', write, assertDefined(cond));
  }
  if (chairClinics.length) {
    can('create', 'Case', assertDefined({ clinicId: { $in: chairClinics } }));
    can('share', 'Case', assertDefined({ clinicId: { $in: chairClinics } }));
  }

  const dir = grantsFor(roles, 'DIR');
  if (dir.some((g) => g.write === 'ALL')) can('manage', ['Agency', 'Clinic', 'User']);
  else if (dir.some((g) => g.read === 'FULL')) can('read', ['Agency', 'Clinic', 'User']);

  if (grantsFor(roles, 'D23').some((g) => g.read === 'AGENCY')) {
    can('read', 'AuditEvent', assertDefined({ actorAgencyId: agencyId }));
    can('read', 'AuditEvent', assertDefined({ ownerAgencyId: agencyId }));
    if (agencyCaseRoles(actor.agencyType).length) can('breakGlass', 'Case');
    // Break-glass opens, read-only and for the grant's lifetime, what the DPO's own agency's roles
    // could read on the case, and of the agency-authored categories (D6, D9, D14) only what that
    // agency wrote; every read under it is audited with the grant's purpose (the service
    // attaches it to the view). The service grants it only on cases the agency takes or took
    // part in.
    if (breakGlassCaseIds.length) {
      const onGrant: MongoQuery = { id: { $in: [...breakGlassCaseIds] } };
      const agencyRoles = agencyCaseRoles(actor.agencyType);
      const fields: FieldKey[] = [];
      for (const category of CASE_CATEGORIES) {
        const reads = new Set(grantsFor(agencyRoles, category).map((g) => g.read));
        if (!reads.size || (reads.size === 1 && reads.has('NONE'))) continue;
        can('read', 'CaseRecord', assertDefined({ ...onGrant, category, authorAgencyId: agencyId }));
        if (AUTHORING_AGENCY_ONLY.has(category)) {
          // The field opens so that the agency's own entries can be listed; CaseAccess.recordView
          // drops every entry of another agency (no CaseRecord rule above grants it).
          fields.push(category);
          continue;
        }
        if (reads.has('FULL')) {
          fields.push(category, limited(category));
          can('read', 'CaseRecord', assertDefined({ ...onGrant, category }));
        } else if (reads.has('LIMITED')) fields.push(limited(category));
        if (reads.has('OWN_THEN_FULL'))
          can('read', 'CaseRecord', assertDefined({ ...onGrant, category, released: true }));
        if (category === 'D21')
          can('read', 'CaseRecord', assertDefined({ ...onGrant, category, sharedWithAgencyIds: agencyId }));
      }
      if (fields.length) can('read', 'Case', fields, assertDefined(onGrant));
    }
  }
  return build();
}

/**
 * Categories whose entries only their authoring agency reads under break-glass, whatever the
 * agency's roles: another agency's clinical detail (D6), probation detail (D9) and advocacy
 * record (D14) stay closed (entitlements.md, separation of duties).
 */
export const AUTHORING_AGENCY_ONLY: ReadonlySet<DataCategory> = new Set<DataCategory>(['D6', 'D9', 'D14']);

/**
 * The case roles an agency holds by what it is (a police force's SPOC, a health service's
 * clinician, …): the roles bound to that agency type alone. Clinic chair and coordinator are
 * appointments of a person, not of the agency, and a local authority has no case role of its own.
 */
export function agencyCaseRoles(agencyType: Actor['agencyType']): Role[] {
  return (Object.keys(ROLE_AGENCY_TYPES) as Role[]).filter((role) => {
    const types = ROLE_AGENCY_TYPES[role];
    return types.length === 1 && types[0] === agencyType;
  });
}
