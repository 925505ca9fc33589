import { subject } from '@casl/ability';
import type { Actor, AgencyType, DataCategory, Role } from '@scp/contracts';
import { buildAbility, effectiveRoles } from './ability.js';
import { caseFieldsFor } from './fields.js';
import { readByEveryCaseReader } from './policy-table.js';
import { rulesToSql, UntranslatableRuleError, type SqlMapping } from './sql-scope.js';

const CLINIC = 'clinic-1';
const OTHER_CLINIC = 'clinic-2';
const AGENCY_TYPE_OF_ROLE: Record<Role, AgencyType> = {
  CLINIC_CHAIR: 'POLICE',
  CLINIC_COORDINATOR: 'LOCAL_AUTHORITY',
  POLICE_SPOC: 'POLICE',
  MH_CLINICIAN: 'HEALTH',
  PROBATION_OFFICER: 'PROBATION',
  VICTIM_ADVOCATE: 'ADVOCACY',
  CPS_CONSULTEE: 'CPS',
  AUDITOR_DPO: 'POLICE',
  SYSTEM_ADMIN: 'LOCAL_AUTHORITY',
};

function actor(role: Role, overrides: Partial<Actor> = {}): Actor {
  return {
    userId: `u-${role}`,
    agencyId: `a-${role}`,
    agencyType: AGENCY_TYPE_OF_ROLE[role],
    roles: [role],
    clinicIds: role === 'CLINIC_CHAIR' || role === 'CLINIC_COORDINATOR' ? [CLINIC] : [],
    requestId: 'r-1',
    ...overrides,
  };
}

/**
 * A second, independent transcription of entitlements.md (read grants on a participated case):
 * F full, L limited (S/P), O own entries only, – nothing. The policy table must agree with it.
 * Chair is a police chair here only for the chair column's own grants (single role).
 */
const EXPECTED_CASE_READ: Record<Exclude<Role, 'AUDITOR_DPO' | 'SYSTEM_ADMIN'>, string> = {
  //             D1 D2 D3 D4 D5 D6 D7 D8 D9 D10 D11 D12 D13 D14 D15 D16 D17 D18 D19 D20 D21 D22
  CLINIC_CHAIR: 'F  F  F  -  F  -  F  F  -  F   F   -   F   -   F   -   F   F   F   F   F   F',
  CLINIC_COORDINATOR: 'F  F  -  -  -  -  -  -  -  -   F   -   -   -   F   -   F   F   F   -   F   -',
  POLICE_SPOC: 'F  F  F  F  F  -  F  F  -  F   F   F   F   -   F   F   F   F   F   O   F   F',
  MH_CLINICIAN: 'F  F  F  -  F  F  F  F  -  F   L   -   L   -   F   -   F   F   F   O   F   -',
  PROBATION_OFFICER: 'F  F  F  -  F  -  F  F  F  F   F   -   L   -   F   -   F   F   F   O   F   -',
  VICTIM_ADVOCATE: 'F  F  L  -  F  -  L  F  -  L   F   F   F   O   F   F   F   F   F   O   F   F',
  CPS_CONSULTEE: 'F  F  -  -  F  -  -  F  -  -   F   -   F   -   F   -   F   -   L   -   F   -',
};
const CATS: DataCategory[] = Array.from({ length: 22 }, (_, i) => `D${i + 1}` as DataCategory);

describe('policy table against the entitlement matrix', () => {
  for (const [role, line] of Object.entries(EXPECTED_CASE_READ) as [Role, string][]) {
    it(`${role} reads exactly what the matrix grants on a participated case`, () => {
      const a = actor(role);
      const ability = buildAbility({ actor: a, isaClinicIds: [CLINIC] });
      const fields = caseFieldsFor(ability, 'read', {
        id: 'c1',
        clinicId: CLINIC,
        participantAgencyIds: [a.agencyId],
      });
      const got = CATS.map((c) => {
        if (fields.has(c)) return 'F';
        if (fields.has(`${c}:limited`)) return 'L';
        const own = ability.can(
          'read',
          subject('CaseRecord', {
            id: 'c1',
            clinicId: CLINIC,
            participantAgencyIds: [],
            category: c,
            authorAgencyId: a.agencyId,
          }),
        );
        return own ? 'O' : '-';
      });
      expect(got.join(' ')).toEqual(line.split(/\s+/).join(' '));
    });
  }

  it('auditor and admin see no case content at all', () => {
    for (const role of ['AUDITOR_DPO', 'SYSTEM_ADMIN'] as Role[]) {
      const a = actor(role, { clinicIds: [CLINIC] });
      const ability = buildAbility({ actor: a, isaClinicIds: [CLINIC] });
      const fields = caseFieldsFor(ability, 'read', {
        id: 'c1',
        clinicId: CLINIC,
        participantAgencyIds: [a.agencyId],
      });
      expect([...fields]).toEqual([]);
    }
  });

  it('only the admin manages the directory; coordinator and auditor read it', () => {
    const can = (role: Role, action: 'read' | 'manage') =>
      buildAbility({ actor: actor(role), isaClinicIds: [CLINIC] }).can(action, 'User');
    expect(can('SYSTEM_ADMIN', 'manage')).toBe(true);
    expect(can('CLINIC_COORDINATOR', 'read')).toBe(true);
    expect(can('CLINIC_COORDINATOR', 'manage')).toBe(false);
    expect(can('AUDITOR_DPO', 'read')).toBe(true);
    expect(can('POLICE_SPOC', 'read')).toBe(false);
    expect(can('CLINIC_CHAIR', 'read')).toBe(false);
  });
});

describe('participation, agreement and agency binding', () => {
  const row = (participants: string[], clinicId = CLINIC) => ({
    id: 'c1',
    clinicId,
    participantAgencyIds: participants,
  });

  it('a non-participating agency reads nothing, not even the header', () => {
    const a = actor('POLICE_SPOC');
    const fields = caseFieldsFor(
      buildAbility({ actor: a, isaClinicIds: [CLINIC] }),
      'read',
      row(['someone-else']),
    );
    expect(fields.size).toBe(0);
  });

  it('an agency that has not signed the clinic agreement reads nothing', () => {
    const a = actor('POLICE_SPOC');
    const fields = caseFieldsFor(
      buildAbility({ actor: a, isaClinicIds: [OTHER_CLINIC] }),
      'read',
      row([a.agencyId]),
    );
    expect(fields.size).toBe(0);
  });

  it('the chair counts as a participant of every case of their clinic, and only that clinic', () => {
    const a = actor('CLINIC_CHAIR');
    const ability = buildAbility({ actor: a, isaClinicIds: [CLINIC, OTHER_CLINIC] });
    expect(caseFieldsFor(ability, 'read', row([])).has('D1')).toBe(true);
    expect(caseFieldsFor(ability, 'read', row([], OTHER_CLINIC)).size).toBe(0);
  });

  it('a police chair sees victim location through the police role; a health chair does not', () => {
    const police = actor('CLINIC_CHAIR', { roles: ['CLINIC_CHAIR', 'POLICE_SPOC'], agencyType: 'POLICE' });
    const health = actor('CLINIC_CHAIR', { roles: ['CLINIC_CHAIR', 'POLICE_SPOC'], agencyType: 'HEALTH' });
    expect(
      caseFieldsFor(buildAbility({ actor: police, isaClinicIds: [CLINIC] }), 'read', row([])).has('D12'),
    ).toBe(true);
    expect(
      caseFieldsFor(buildAbility({ actor: health, isaClinicIds: [CLINIC] }), 'read', row([])).has('D12'),
    ).toBe(false);
    expect(effectiveRoles(health)).toEqual(['CLINIC_CHAIR']);
  });

  it('what an agency authored stays readable after it leaves the case', () => {
    const a = actor('VICTIM_ADVOCATE');
    const ability = buildAbility({ actor: a, isaClinicIds: [CLINIC] });
    const authored = {
      id: 'c1',
      clinicId: CLINIC,
      participantAgencyIds: [],
      category: 'D14',
      authorAgencyId: a.agencyId,
    };
    expect(ability.can('read', subject('CaseRecord', { ...authored }))).toBe(true);
    expect(ability.can('read', subject('CaseRecord', { ...authored, authorAgencyId: 'other' }))).toBe(false);
    expect(
      ability.can('read', subject('CaseRecord', { ...authored, category: 'D12', authorAgencyId: 'other' })),
    ).toBe(false);
  });

  it('a condition attribute that was not loaded never opens a row (security.md C2)', () => {
    const a = actor('POLICE_SPOC');
    const ability = buildAbility({ actor: a, isaClinicIds: [CLINIC] });
    expect(ability.can('read', subject('Case', { id: 'c1', clinicId: CLINIC }), 'D1')).toBe(false);
  });

  it('every Case rule lists its fields (a rule without fields would grant every category)', () => {
    for (const role of Object.keys(AGENCY_TYPE_OF_ROLE) as Role[]) {
      const ability = buildAbility({ actor: actor(role, { clinicIds: [CLINIC] }), isaClinicIds: [CLINIC] });
      for (const rule of ability.rules.filter(
        (r) => r.subject === 'Case' && (r.action === 'read' || r.action === 'update'),
      ))
        expect(rule.fields?.length).toBeGreaterThan(0);
    }
  });
});

describe('rules to SQL', () => {
  const mapping: SqlMapping = {
    id: { kind: 'column', column: 'c.id', cast: 'uuid' },
    clinicId: { kind: 'column', column: 'c.clinic_id', cast: 'uuid' },
    participantAgencyIds: {
      kind: 'contains',
      sql: (p) => `EXISTS (SELECT 1 FROM p WHERE p.agency_id = ${p})`,
    },
  };

  it('translates a partner and a chair', () => {
    const params: unknown[] = [];
    const sql = rulesToSql(
      buildAbility({ actor: actor('CLINIC_CHAIR'), isaClinicIds: [CLINIC] }),
      'read',
      'Case',
      'D1',
      mapping,
      params,
    );
    expect(sql).toBe(
      '(c.clinic_id = ANY($1::uuid[]) OR (EXISTS (SELECT 1 FROM p WHERE p.agency_id = $2) AND c.clinic_id = ANY($3::uuid[])))',
    );
    expect(params).toEqual([[CLINIC], 'a-CLINIC_CHAIR', [CLINIC]]);
  });

  it('no rule means FALSE, never "no filter" (security.md C6)', () => {
    const params: unknown[] = [];
    expect(
      rulesToSql(
        buildAbility({ actor: actor('SYSTEM_ADMIN'), isaClinicIds: [CLINIC] }),
        'read',
        'Case',
        'D1',
        mapping,
        params,
      ),
    ).toBe('FALSE');
    expect(
      rulesToSql(
        buildAbility({ actor: actor('POLICE_SPOC'), isaClinicIds: [CLINIC] }),
        'read',
        'Case',
        'D6',
        mapping,
        params,
      ),
    ).toBe('FALSE');
  });

  it('throws on an attribute or operator it does not know', () => {
    const ability = buildAbility({ actor: actor('POLICE_SPOC'), isaClinicIds: [CLINIC] });
    expect(() => rulesToSql(ability, 'read', 'Case', 'D1', { id: mapping.id! }, [])).toThrow(
      UntranslatableRuleError,
    );
  });
});

describe('readByEveryCaseReader', () => {
  it('holds only for categories every role on a case reads in full', () => {
    for (const key of ['D1', 'D2', 'D15', 'D17'] as const)
      expect([key, readByEveryCaseReader([key])]).toEqual([key, true]);
    for (const key of ['D3', 'D5', 'D6', 'D8', 'D12', 'D13', 'D14', 'D21', 'D2:limited'] as const)
      expect([key, readByEveryCaseReader([key])]).toEqual([key, false]);
    expect(readByEveryCaseReader(['D1', 'D6'])).toBe(false);
  });
});
