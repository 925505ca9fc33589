import type { DataSource } from 'typeorm';
import {
  EVENT_TYPES,
  type AgeBand,
  type AgencyType,
  type CaseStatus,
  type CjStatus,
  type EventType,
  type Role,
} from '@scp/contracts';
import { CaseEntity, ParticipantEntity } from '../case/case.entities.js';
import { nextCaseReference } from '../case/case.repository.js';
import {
  AgencyEntity,
  ClinicEntity,
  ClinicMemberEntity,
  UserEntity,
  UserRoleEntity,
} from '../directory/directory.entities.js';
import { LocationEntity, PersonEntity, VictimVoiceEntity } from '../people/people.entities.js';
import { Outbox } from '@scp/platform-database';
import { writeClinicUpdated } from '../directory/clinic-events.js';
import { insertOne } from '../shared/typed-query.js';
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

const CLINICS: [code: string, name: string, cadence: ClinicEntity['cadence'], weekday: number][] = [
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
  status: CaseStatus;
  cjStatus: CjStatus;
  participants: string[];
  subject: [given: string, family: string, dob: string];
  victim: [given: string, family: string, dob: string, relationship: string, ageBand: AgeBand];
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
      fixture.agencies[code] = await insertOne(m, AgencyEntity, { code, name, type });
    for (const [code, name, cadence, weekday] of CLINICS)
      fixture.clinics[code] = await insertOne(m, ClinicEntity, {
        code,
        name,
        cadence,
        meetingWeekday: weekday,
      });
    for (const [clinic, agency, signed] of MEMBERS)
      await m.insert(ClinicMemberEntity, {
        clinicId: fixture.clinics[clinic]!,
        agencyId: fixture.agencies[agency]!,
        isaSignedOn: signed ? '2026-01-05' : null,
      });
    // The meetings and referrals services replicate each clinic's deadlines and signatories.
    for (const clinicId of Object.values(fixture.clinics))
      await writeClinicUpdated(outbox, m, clinicId, null, 'seed');
    for (const [username, displayName, agency, roles] of USERS) {
      const id = await insertOne(m, UserEntity, {
        username,
        displayName,
        email: `${username}@example.invalid`,
        agencyId: fixture.agencies[agency]!,
      });
      fixture.users[username] = id;
      for (const spec of roles) {
        const [role, clinic] = spec.split('@') as [Role, string | undefined];
        await m.insert(UserRoleEntity, {
          userId: id,
          role,
          clinicId: clinic ? fixture.clinics[clinic]! : null,
        });
      }
    }
    let n = 0;
    for (const c of CASES) {
      n++;
      const clinicId = fixture.clinics[c.clinic]!;
      const reference = await nextCaseReference(m, clinicId, c.clinic, 2026);
      const caseId = await insertOne(m, CaseEntity, {
        reference,
        clinicId,
        tier: c.tier,
        status: c.status,
        cjStatus: c.cjStatus,
        leadAgencyId: fixture.agencies[c.lead]!,
        createdByUserId: fixture.users['chair.nvp']!,
        nextReviewOn: `2027-01-${String(10 + n).padStart(2, '0')}`,
      });
      fixture.cases[c.key] = caseId;
      for (const agency of c.participants)
        await m.insert(ParticipantEntity, {
          caseId,
          agencyId: fixture.agencies[agency]!,
          roleInCase: agency === c.lead ? 'LEAD' : 'PARTNER',
          sharingBasis: 'STATUTORY_GATEWAY',
          basisRationale: 'Crime and Disorder Act 1998 s115',
          addedByUserId: fixture.users['chair.nvp']!,
        });
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
      const subjectId = await insertOne(m, PersonEntity, {
        caseId,
        role: 'SUBJECT',
        alias: 'Subject',
        givenName: c.subject[0],
        familyName: c.subject[1],
        dateOfBirth: c.subject[2],
        proximityConcern: true,
        createdByAgencyId: fixture.agencies[c.lead]!,
      });
      const victimId = await insertOne(m, PersonEntity, {
        caseId,
        role: 'VICTIM',
        alias: 'Victim A',
        givenName: c.victim[0],
        familyName: c.victim[1],
        dateOfBirth: c.victim[2],
        relationshipToSubject: c.victim[3],
        ageBand: c.victim[4],
        vulnerabilityFlags: ['repeat victimisation'],
        createdByAgencyId: fixture.agencies[c.lead]!,
      });
      fixture.persons[`${c.key}.subject`] = subjectId;
      fixture.persons[`${c.key}.victim`] = victimId;
      const subjectStreet = tag(`${n} Sample Lane`, 'D3');
      await m.insert(LocationEntity, {
        personId: subjectId,
        caseId,
        kind: 'HOME',
        addressLine1: subjectStreet,
        town: 'Demotown',
        postcode: `ZZ9 ${n}SB`,
        recordedByAgencyId: fixture.agencies[c.lead]!,
        recordedByUserId: fixture.users['spoc.nvp']!,
      });
      const victimStreet = tag(`${10 + n} Example Road`, 'D12');
      const victimPhone = `07700 900${String(100 + n)}`;
      await m.insert(LocationEntity, {
        personId: victimId,
        caseId,
        kind: 'HOME',
        addressLine1: victimStreet,
        town: 'Sampletown',
        postcode: `ZZ1 ${n}VA`,
        phone: victimPhone,
        recordedByAgencyId: fixture.agencies[c.lead]!,
        recordedByUserId: fixture.users['spoc.nvp']!,
      });
      const voice = tag('Wants the contact to stop and feels unsafe walking to work', 'D13');
      await m.insert(VictimVoiceEntity, {
        personId: victimId,
        caseId,
        voiceSummary: voice,
        safetyPlanSummary: tag('Safe route agreed; panic alarm fitted', 'D13'),
        sharedSummary: 'Victim A asks that partners act on breaches quickly',
        updatedByAgencyId: fixture.agencies[c.lead]!,
      });
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
