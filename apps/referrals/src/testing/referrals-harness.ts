import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '@scp/platform-database';
import { generateDevKeyPair, InternalTokenSigner } from '@scp/platform-auth';
import { createTestDatabase, type TestDatabase } from '@scp/platform-testing';
import { auditMigrations } from '@scp/schemas';
import { applyCaseEvent, REFERRALS_ENTITIES } from '@scp/referrals';
import {
  EVENT_TYPES,
  type Actor,
  type AgencyType,
  type ClinicEventPayload,
  type EventEnvelope,
  type Role,
} from '@scp/contracts';
import { createReferralsApp } from '../create-referrals-app.js';
import { migrateReferralsDatabase } from '../migrate.js';

const AGENCIES: Record<string, AgencyType> = {
  NVP: 'POLICE',
  NVH: 'HEALTH',
  NVPS: 'PROBATION',
  NVA: 'ADVOCACY',
  CPSNV: 'CPS',
  NVC: 'LOCAL_AUTHORITY',
  SFC: 'POLICE',
  SFH: 'HEALTH',
};

/** The agencies that signed each clinic's information sharing agreement. */
const SIGNATORIES: Record<string, string[]> = {
  NV: ['NVP', 'NVH', 'NVPS', 'NVA', 'CPSNV', 'NVC'],
  SF: ['SFC', 'SFH'],
};

/** [username, agency, roles, clinics where chair/coordinator] */
const USERS: [string, string, Role[], string[]][] = [
  ['spoc.nvp', 'NVP', ['POLICE_SPOC'], []],
  ['spoc2.nvp', 'NVP', ['POLICE_SPOC'], []],
  ['chair.nvp', 'NVP', ['CLINIC_CHAIR', 'POLICE_SPOC'], ['NV']],
  ['coord.nvc', 'NVC', ['CLINIC_COORDINATOR'], ['NV']],
  ['mh.nvh', 'NVH', ['MH_CLINICIAN'], []],
  ['probation.nvps', 'NVPS', ['PROBATION_OFFICER'], []],
  ['advocate.nva', 'NVA', ['VICTIM_ADVOCATE'], []],
  ['cps.nv', 'CPSNV', ['CPS_CONSULTEE'], []],
  ['auditor.nvp', 'NVP', ['AUDITOR_DPO'], []],
  ['admin.nvc', 'NVC', ['SYSTEM_ADMIN'], []],
  ['spoc.sfc', 'SFC', ['POLICE_SPOC'], []],
  ['chair.sfh', 'SFH', ['CLINIC_CHAIR', 'MH_CLINICIAN'], ['SF']],
];

export interface ReferralsFixture {
  clinics: Record<string, string>;
  agencies: Record<string, string>;
  users: Record<string, string>;
}

export interface GqlResult<T> {
  status: number;
  body: { data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] };
  text: string;
}

export interface ReferralsHarness {
  url: string;
  db: TestDatabase;
  owner: DataSource;
  app: INestApplication;
  fixture: ReferralsFixture;
  signer: InternalTokenSigner;
  actor(username: string): Actor;
  gql<T = Record<string, unknown>>(
    username: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

/** A `clinic.updated` snapshot as the cases service writes it: these agencies signed on 5 January 2026. */
export function clinicUpdated(clinicId: string, signed: string[], at = new Date()): EventEnvelope {
  const payload: ClinicEventPayload = {
    clinicId,
    cadence: 'WEEKLY',
    meetingWeekday: 2,
    referralDeadlineWorkingDays: 3,
    agendaPublicationWorkingDays: 2,
    isaAgencyIds: signed,
    isaSignedOn: signed.map(() => '2026-01-05'),
  };
  return {
    id: randomUUID(),
    type: EVENT_TYPES.clinicUpdated,
    aggregateType: 'Clinic',
    aggregateId: clinicId,
    actorId: null,
    correlationId: null,
    occurredAt: at.toISOString(),
    payload,
  };
}

/** A migrated database (audit + referrals) and a listening referrals subgraph, for one test file. */
export async function startReferralsHarness(
  opts: { redisUrl?: string; queuePrefix?: string; db?: TestDatabase } = {},
): Promise<ReferralsHarness> {
  const db = opts.db ?? (await createTestDatabase('referrals'));
  const auditDs = createDataSource({ url: db.url, schema: 'audit', migrations: [...auditMigrations] });
  await auditDs.initialize();
  await runMigrations(auditDs);
  await auditDs.destroy();
  await migrateReferralsDatabase(db.url);
  const owner = createDataSource({ url: db.url, schema: 'referrals', entities: REFERRALS_ENTITIES });
  await owner.initialize();
  const fixture: ReferralsFixture = {
    clinics: { NV: randomUUID(), SF: randomUUID() },
    agencies: Object.fromEntries(Object.keys(AGENCIES).map((a) => [a, randomUUID()])),
    users: Object.fromEntries(USERS.map(([u]) => [u, randomUUID()])),
  };
  // What the cases service announces: each clinic's agreement signatories (`clinic.updated`).
  for (const [clinic, signed] of Object.entries(SIGNATORIES))
    await applyCaseEvent(
      owner,
      clinicUpdated(
        fixture.clinics[clinic]!,
        signed.map((a) => fixture.agencies[a]!),
      ),
    );
  const keys = generateDevKeyPair();
  const signer = new InternalTokenSigner({ privateKey: keys.privateKeyPem });
  const { app, close } = await createReferralsApp({
    databaseUrl: db.url,
    internalPublicKey: keys.publicKeyPem,
    production: false,
    redisUrl: opts.redisUrl,
    queuePrefix: opts.queuePrefix,
    overdueCheckMs: 0,
  });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const actor = (username: string): Actor => {
    const u = USERS.find(([name]) => name === username);
    if (!u) throw new Error(`unknown test user ${username}`);
    return {
      userId: fixture.users[username]!,
      agencyId: fixture.agencies[u[1]]!,
      agencyType: AGENCIES[u[1]]!,
      roles: u[2],
      clinicIds: u[3].map((c) => fixture.clinics[c]!),
      requestId: randomUUID(),
    };
  };
  return {
    url,
    db,
    owner,
    app,
    fixture,
    signer,
    actor,
    async gql(username, query, variables) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (username) headers.authorization = `Bearer ${signer.mintForUser(actor(username), 'referrals')}`;
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      return { status: res.status, body: JSON.parse(text), text };
    },
    async close() {
      await close();
      await owner.destroy();
      if (!opts.db) await db.drop();
    },
  };
}
