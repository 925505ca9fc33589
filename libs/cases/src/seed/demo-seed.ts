import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_TYPES, type AgencyType, type EventType, type Role } from '@scp/contracts';
import { Outbox } from '@scp/platform-database';
import { writeClinicUpdated } from '../directory/clinic-events.js';
import { seedAssessmentsAndRecords } from './assessments-seed.js';
import { seedOrdersAndUpdates } from './orders-seed.js';
import { seedDocumentsLifecycle } from './documents-seed.js';

/**
 * Fictional demo data: two clinics, two agencies of every type, one user per role (and more),
 * a handful of cases. Names are obviously synthetic, postcodes use the non-geographic ZZ area
 * and phone numbers come from Ofcom's drama range (07700 900xxx), so none can be real.
 *
 * With `canaries`, every value of a sensitive category (D3, D4, D6, D9, D12, D13, D14, D16, D22,
 * from this seed and the feature seeds it calls) carries a CANARY marker that tests search for in
 * responses of roles that must not see it.
 */
export interface SeedOptions {
  canaries?: boolean;
}

export interface DemoFixture {
  agencies: Record<string, string>;
  clinics: Record<string, string>;
  users: Record<string, string>;
  cases: Record<string, string>;
  persons: Record<string, string>;
  /** Values tests must never see in responses of roles without the category. */
  canaries: {
    D3: string[];
    D12: string[];
    D13: string[];
    D4: string[];
    D6: string[];
    D9: string[];
    D14: string[];
    D16: string[];
    D22: string[];
  };
}

const AGENCIES: [code: string, name: string, type: AgencyType][] = [
  ['NVP', 'North Vale Police', 'POLICE'],
  ['SFC', 'South Fen Constabulary', 'POLICE'],
  ['NVH', 'North Vale Forensic Mental Health Service', 'HEALTH'],
  ['SFH', 'South Fen Community Forensic Team', 'HEALTH'],
  ['NVPS', 'Probation Service North Vale', 'PROBATION'],
  ['SFPS', 'Probation Service South Fen', 'PROBATION'],
  ['NVA', 'Vale Stalking Advocacy', 'ADVOCACY'],
  ['SFA', 'Fenland Victim Advocacy', 'ADVOCACY'],
  ['CPSNV', 'CPS North Vale', 'CPS'],
  ['CPSSF', 'CPS South Fen', 'CPS'],
  ['NVC', 'North Vale Council', 'LOCAL_AUTHORITY'],
];

const CLINICS: [code: string, name: string, cadence: string, weekday: number][] = [
  ['NV', 'North Vale Stalking Clinic', 'WEEKLY', 2],
  ['SF', 'South Fen Stalking Clinic', 'FORTNIGHTLY', 4],
];

/** [clinic, agency, ISA signed] */
const MEMBERS: [string, string, boolean][] = [
  ...['NVP', 'NVH', 'NVPS', 'NVA', 'CPSNV', 'NVC'].map((a) => ['NV', a, true] as [string, string, boolean]),
  ...['SFC', 'SFH', 'SFPS', 'SFA', 'CPSSF'].map((a) => ['SF', a, true] as [string, string, boolean]),
  // A member that has not signed the agreement: it must see nothing of the clinic's cases.
  ['SF', 'NVH', false],
];

/** [username, display name, agency, roles (clinic-bound roles as ROLE@CLINIC)] */
const USERS: [string, string, string, string[]][] = [
  ['chair.nvp', 'Demo Chair (North Vale Police)', 'NVP', ['CLINIC_CHAIR@NV', 'POLICE_SPOC']],
  ['coord.nvc', 'Demo Coordinator (North Vale Council)', 'NVC', ['CLINIC_COORDINATOR@NV']],
  ['spoc.nvp', 'Demo SPOC (North Vale Police)', 'NVP', ['POLICE_SPOC']],
  ['mh.nvh', 'Demo Psychologist (North Vale NHS)', 'NVH', ['MH_CLINICIAN']],
  ['probation.nvps', 'Demo Probation Officer (North Vale)', 'NVPS', ['PROBATION_OFFICER']],
  ['advocate.nva', 'Demo Advocate (Vale Stalking Advocacy)', 'NVA', ['VICTIM_ADVOCATE']],
  ['cps.nv', 'Demo CPS Lawyer (North Vale)', 'CPSNV', ['CPS_CONSULTEE']],
  ['auditor.nvp', 'Demo DPO (North Vale Police)', 'NVP', ['AUDITOR_DPO']],
  ['admin.nvc', 'Demo System Admin (North Vale Council)', 'NVC', ['SYSTEM_ADMIN']],
  ['chair.sfh', 'Demo Chair (South Fen NHS)', 'SFH', ['CLINIC_CHAIR@SF', 'MH_CLINICIAN']],
  ['coord.sfc', 'Demo Coordinator (South Fen Constabulary)', 'SFC', ['CLINIC_COORDINATOR@SF']],
  ['spoc.sfc', 'Demo SPOC (South Fen Constabulary)', 'SFC', ['POLICE_SPOC']],
  ['mh.sfh', 'Demo Psychiatrist (South Fen NHS)', 'SFH', ['MH_CLINICIAN']],
  ['probation.sfps', 'Demo Probation Officer (South Fen)', 'SFPS', ['PROBATION_OFFICER']],
  ['advocate.sfa', 'Demo Advocate (Fenland Victim Advocacy)', 'SFA', ['VICTIM_ADVOCATE']],
  ['cps.sf', 'Demo CPS Lawyer (South Fen)', 'CPSSF', ['CPS_CONSULTEE']],
  ['auditor.sfc', 'Demo DPO (South Fen Constabulary)', 'SFC', ['AUDITOR_DPO']],
];

interface CaseSeed {
  key: string;
  clinic: string;
  lead: string;
  tier: 'CLINIC_CASE' | 'CONSULTATION_ONLY';
  status: string;
  cjStatus: string;
  participants: string[];
  subject: [given: string, family: string, dob: string];
  victim: [given: string, family: string, dob: string, relationship: string, ageBand: string];
}

const CASES: CaseSeed[] = [
  {
    key: 'NV1',
    clinic: 'NV',
    lead: 'NVP',
    tier: 'CLINIC_CASE',
    status: 'ACTIVE',
    cjStatus: 'ON_BAIL',
    participants: ['NVP', 'NVH', 'NVPS', 'NVA', 'CPSNV'],
    subject: ['Alpha', 'Exampleson', '1980-04-01'],
    victim: ['Bravo', 'Samplewood', '1985-09-15', 'Former partner', '35_44'],
  },
  {
    key: 'NV2',
    clinic: 'NV',
    lead: 'NVP',
    tier: 'CLINIC_CASE',
    status: 'AWAITING_LISTING',
    cjStatus: 'UNDER_INVESTIGATION',
    participants: ['NVP', 'NVA'],
    subject: ['Charlie', 'Testfield', '1977-02-02'],
    victim: ['Delta', 'Mockley', '1990-12-12', 'Former colleague', '35_44'],
  },
  {
    key: 'NV3',
    clinic: 'NV',
    lead: 'NVP',
    tier: 'CONSULTATION_ONLY',
    status: 'CONSULTATION',
    cjStatus: 'PRE_ARREST',
    participants: ['NVP', 'NVH'],
    subject: ['Echo', 'Placeholder', '1995-06-30'],
    victim: ['Foxtrot', 'Fictionby', '1999-01-20', 'Acquaintance', '25_34'],
  },
  {
    key: 'SF1',
    clinic: 'SF',
    lead: 'SFC',
    tier: 'CLINIC_CASE',
    status: 'LISTED',
    cjStatus: 'CHARGED',
    participants: ['SFC', 'SFH', 'SFPS', 'SFA', 'CPSSF'],
    subject: ['Golf', 'Dummyfold', '1969-11-11'],
    victim: ['Hotel', 'Pretendale', '1972-03-03', 'Neighbour', '45_54'],
  },
];

async function one(m: EntityManager, sql: string, params: unknown[]): Promise<string> {
  const rows: { id: string }[] = await m.query(sql, params);
  return rows[0]!.id;
}

export async function seedDemoData(ds: DataSource, opts: SeedOptions = {}): Promise<DemoFixture> {
  const outbox = new Outbox('cases');
  const tag = (value: string, category: string) =>
    opts.canaries ? `${value} CANARY-${category}-${value.replace(/\W+/g, '')}` : value;
  const fixture: DemoFixture = {
    agencies: {},
    clinics: {},
    users: {},
    cases: {},
    persons: {},
    canaries: { D3: [], D12: [], D13: [], D4: [], D6: [], D9: [], D14: [], D16: [], D22: [] },
  };
  await ds.transaction(async (m) => {
    for (const [code, name, type] of AGENCIES)
      fixture.agencies[code] = await one(
        m,
        `INSERT INTO cases.agencies (code, name, type) VALUES ($1, $2, $3) RETURNING id`,
        [code, name, type],
      );
    for (const [code, name, cadence, weekday] of CLINICS)
      fixture.clinics[code] = await one(
        m,
        `INSERT INTO cases.clinics (code, name, cadence, meeting_weekday) VALUES ($1, $2, $3, $4) RETURNING id`,
        [code, name, cadence, weekday],
      );
    for (const [clinic, agency, signed] of MEMBERS)
      await m.query(
        `INSERT INTO cases.clinic_members (clinic_id, agency_id, isa_signed_on) VALUES ($1, $2, $3)`,
        [fixture.clinics[clinic], fixture.agencies[agency], signed ? '2026-01-05' : null],
      );
    // The meetings and referrals services replicate each clinic's deadlines and signatories.
    for (const clinicId of Object.values(fixture.clinics))
      await writeClinicUpdated(outbox, m, clinicId, null, 'seed');
    for (const [username, displayName, agency, roles] of USERS) {
      const id = await one(
        m,
        `INSERT INTO cases.users (username, display_name, email, agency_id) VALUES ($1, $2, $3, $4) RETURNING id`,
        [username, displayName, `${username}@example.invalid`, fixture.agencies[agency]],
      );
      fixture.users[username] = id;
      for (const spec of roles) {
        const [role, clinic] = spec.split('@') as [Role, string | undefined];
        await m.query(`INSERT INTO cases.user_roles (user_id, role, clinic_id) VALUES ($1, $2, $3)`, [
          id,
          role,
          clinic ? fixture.clinics[clinic] : null,
        ]);
      }
    }
    let n = 0;
    for (const c of CASES) {
      n++;
      const clinicId = fixture.clinics[c.clinic]!;
      const counter: { last_value: number }[] = await m.query(
        `INSERT INTO cases.case_reference_counters (clinic_id, year, last_value) VALUES ($1, 2026, 1)
         ON CONFLICT (clinic_id, year) DO UPDATE SET last_value = cases.case_reference_counters.last_value + 1 RETURNING last_value`,
        [clinicId],
      );
      const reference = `${c.clinic}-2026-${String(counter[0]!.last_value).padStart(4, '0')}`;
      const caseId = await one(
        m,
        `INSERT INTO cases.cases (reference, clinic_id, tier, status, cj_status, lead_agency_id, created_by_user_id, next_review_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          reference,
          clinicId,
          c.tier,
          c.status,
          c.cjStatus,
          fixture.agencies[c.lead],
          fixture.users['chair.nvp'],
          `2027-01-${String(10 + n).padStart(2, '0')}`,
        ],
      );
      fixture.cases[c.key] = caseId;
      for (const agency of c.participants)
        await m.query(
          `INSERT INTO cases.participants (case_id, agency_id, role_in_case, sharing_basis, basis_rationale, added_by_user_id)
           VALUES ($1, $2, $3, 'STATUTORY_GATEWAY', 'Crime and Disorder Act 1998 s115', $4)`,
          [
            caseId,
            fixture.agencies[agency],
            agency === c.lead ? 'LEAD' : 'PARTNER',
            fixture.users['chair.nvp'],
          ],
        );
      // The same events a case created through the API writes, so that the other services'
      // participation replicas (referrals, meetings) know the seeded cases too.
      const seedEvent = (type: EventType, payload: Record<string, string>) =>
        outbox.write(m, {
          type,
          aggregateType: 'Case',
          aggregateId: caseId,
          actorId: null,
          correlationId: 'seed',
          payload,
        });
      await seedEvent(EVENT_TYPES.caseCreated, { caseId, clinicId, leadAgencyId: fixture.agencies[c.lead]! });
      for (const agency of c.participants)
        await seedEvent(EVENT_TYPES.participationAdded, {
          caseId,
          clinicId,
          agencyId: fixture.agencies[agency]!,
        });
      const subjectId = await one(
        m,
        `INSERT INTO cases.persons (case_id, role, alias, given_name, family_name, date_of_birth, proximity_concern, created_by_agency_id)
         VALUES ($1, 'SUBJECT', 'Subject', $2, $3, $4, true, $5) RETURNING id`,
        [caseId, c.subject[0], c.subject[1], c.subject[2], fixture.agencies[c.lead]],
      );
      const victimId = await one(
        m,
        `INSERT INTO cases.persons (case_id, role, alias, given_name, family_name, date_of_birth, relationship_to_subject, age_band,
           vulnerability_flags, created_by_agency_id)
         VALUES ($1, 'VICTIM', 'Victim A', $2, $3, $4, $5, $6, '{repeat victimisation}', $7) RETURNING id`,
        [caseId, c.victim[0], c.victim[1], c.victim[2], c.victim[3], c.victim[4], fixture.agencies[c.lead]],
      );
      fixture.persons[`${c.key}.subject`] = subjectId;
      fixture.persons[`${c.key}.victim`] = victimId;
      const subjectStreet = tag(`${n} Sample Lane`, 'D3');
      await m.query(
        `INSERT INTO cases.locations (person_id, case_id, kind, address_line1, town, postcode, recorded_by_agency_id, recorded_by_user_id)
         VALUES ($1, $2, 'HOME', $3, 'Demotown', $4, $5, $6)`,
        [subjectId, caseId, subjectStreet, `ZZ9 ${n}SB`, fixture.agencies[c.lead], fixture.users['spoc.nvp']],
      );
      const victimStreet = tag(`${10 + n} Example Road`, 'D12');
      const victimPhone = `07700 900${String(100 + n)}`;
      await m.query(
        `INSERT INTO cases.locations (person_id, case_id, kind, address_line1, town, postcode, phone, recorded_by_agency_id, recorded_by_user_id)
         VALUES ($1, $2, 'HOME', $3, 'Sampletown', $4, $5, $6, $7)`,
        [
          victimId,
          caseId,
          victimStreet,
          `ZZ1 ${n}VA`,
          victimPhone,
          fixture.agencies[c.lead],
          fixture.users['spoc.nvp'],
        ],
      );
      const voice = tag('Wants the contact to stop and feels unsafe walking to work', 'D13');
      await m.query(
        `INSERT INTO cases.victim_voice (person_id, case_id, voice_summary, safety_plan_summary, shared_summary, updated_by_agency_id)
         VALUES ($1, $2, $3, $4, 'Victim A asks that partners act on breaches quickly', $5)`,
        [
          victimId,
          caseId,
          voice,
          tag('Safe route agreed; panic alarm fitted', 'D13'),
          fixture.agencies[c.lead],
        ],
      );
      if (opts.canaries) {
        fixture.canaries.D3.push(subjectStreet);
        fixture.canaries.D12.push(victimStreet, victimPhone);
        fixture.canaries.D13.push(voice);
      }
    }
    await seedAssessmentsAndRecords(m, fixture, opts);
    await seedOrdersAndUpdates(m, fixture, opts);
    await seedDocumentsLifecycle(m, fixture, opts);
  });
  return fixture;
}
