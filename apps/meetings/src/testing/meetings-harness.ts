import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { auditMigrations } from '@scp/schemas';
import { createDataSource, runMigrations, withTransaction } from '@scp/platform-database';
import { generateDevKeyPair, InternalTokenSigner } from '@scp/platform-auth';
import { createTestDatabase, type TestDatabase } from '@scp/platform-testing';
import {
  EVENT_TYPES,
  type Actor,
  type AgencyType,
  type EventEnvelope,
  type EventType,
  type Role,
} from '@scp/contracts';
import {
  MEETINGS_ENTITIES,
  ParticipationReplica,
  type ClinicDirectory,
  type FreeTextChecker,
} from '@scp/meetings';
import { createMeetingsApp } from '../create-meetings-app.js';
import { migrateMeetingsDatabase } from '../migrate.js';

/** Synthetic directory for the meetings tests: one clinic, one agency per type, users per role. */
export const CLINIC = randomUUID();
export const OTHER_CLINIC = randomUUID();
export const AGENCY = {
  police: randomUUID(),
  health: randomUUID(),
  probation: randomUUID(),
  advocacy: randomUUID(),
  advocacy2: randomUUID(),
  cps: randomUUID(),
  council: randomUUID(),
  otherHealth: randomUUID(),
} as const;

const USERS: Record<
  string,
  { agency: keyof typeof AGENCY; type: AgencyType; roles: Role[]; clinics?: string[] }
> = {
  chair: { agency: 'police', type: 'POLICE', roles: ['CLINIC_CHAIR', 'POLICE_SPOC'], clinics: [CLINIC] },
  coord: { agency: 'council', type: 'LOCAL_AUTHORITY', roles: ['CLINIC_COORDINATOR'], clinics: [CLINIC] },
  spoc: { agency: 'police', type: 'POLICE', roles: ['POLICE_SPOC'] },
  mh: { agency: 'health', type: 'HEALTH', roles: ['MH_CLINICIAN'] },
  probation: { agency: 'probation', type: 'PROBATION', roles: ['PROBATION_OFFICER'] },
  advocate: { agency: 'advocacy', type: 'ADVOCACY', roles: ['VICTIM_ADVOCATE'] },
  advocate2: { agency: 'advocacy2', type: 'ADVOCACY', roles: ['VICTIM_ADVOCATE'] },
  cps: { agency: 'cps', type: 'CPS', roles: ['CPS_CONSULTEE'] },
  otherChair: { agency: 'otherHealth', type: 'HEALTH', roles: ['CLINIC_CHAIR'], clinics: [OTHER_CLINIC] },
};
export type TestUser = keyof typeof USERS;
const USER_IDS = Object.fromEntries(Object.keys(USERS).map((k) => [k, randomUUID()])) as Record<
  TestUser,
  string
>;

/** The clinics' member agencies, as the cases service's directory has them. */
const CLINIC_AGENCIES: Record<string, string[]> = {
  [CLINIC]: Object.entries(AGENCY)
    .filter(([name]) => name !== 'otherHealth')
    .map(([, id]) => id),
  [OTHER_CLINIC]: [AGENCY.otherHealth],
};

/**
 * Stands in for the cases service's `POST /internal/clinic-member` (the HTTP boundary; the real
 * endpoint is exercised end to end): a test user's agency when it is a member of the clinic.
 */
export const harnessDirectory: ClinicDirectory = {
  async memberAgency(clinicId, userId) {
    const user = (Object.keys(USER_IDS) as TestUser[]).find((u) => USER_IDS[u] === userId);
    const agency = user ? AGENCY[USERS[user]!.agency] : undefined;
    return agency && CLINIC_AGENCIES[clinicId]?.includes(agency) ? agency : null;
  },
};

export interface MeetingsHarness {
  url: string;
  db: TestDatabase;
  owner: DataSource;
  app: INestApplication;
  userId(user: TestUser): string;
  agencyOf(user: TestUser): string;
  actor(user: TestUser): Actor;
  /** Feeds case events straight into the replica (the consumer's own code path). */
  caseEvents(events: { type: EventType; payload: Record<string, unknown>; at?: Date }[]): Promise<void>;
  /** Creates a case in the replica with these participating agencies. */
  givenCase(agencies: (keyof typeof AGENCY)[], clinicId?: string): Promise<string>;
  gql<T = Record<string, unknown>>(
    user: TestUser | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{
    status: number;
    body: { data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] };
    text: string;
  }>;
  /** Moves the service's clock. */
  setNow(at: Date): void;
  close(): Promise<void>;
}

export async function startMeetingsHarness(
  opts: {
    redisUrl?: string;
    queuePrefix?: string;
    now?: Date;
    freeText?: FreeTextChecker;
    directory?: ClinicDirectory;
  } = {},
): Promise<MeetingsHarness> {
  const db = await createTestDatabase('meetings');
  const auditDs = createDataSource({ url: db.url, schema: 'audit', migrations: [...auditMigrations] });
  await auditDs.initialize();
  await runMigrations(auditDs);
  await auditDs.destroy();
  await migrateMeetingsDatabase(db.url);
  const owner = createDataSource({ url: db.url, schema: 'meetings', entities: MEETINGS_ENTITIES });
  await owner.initialize();
  const keys = generateDevKeyPair();
  const signer = new InternalTokenSigner({ privateKey: keys.privateKeyPem });
  let now = opts.now ?? new Date();
  const { app, close } = await createMeetingsApp({
    databaseUrl: db.url,
    internalPublicKey: keys.publicKeyPem,
    production: false,
    redisUrl: opts.redisUrl,
    queuePrefix: opts.queuePrefix,
    clock: () => now,
    freeText: opts.freeText,
    directory: opts.directory ?? harnessDirectory,
    sweepIntervalMs: 0,
  });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const actor = (user: TestUser): Actor => {
    const u = USERS[user]!;
    return {
      userId: USER_IDS[user],
      agencyId: AGENCY[u.agency],
      agencyType: u.type,
      roles: u.roles,
      clinicIds: u.clinics ?? [],
      requestId: randomUUID(),
    };
  };
  let seq = 0;
  const caseEvents: MeetingsHarness['caseEvents'] = async (events) => {
    await withTransaction(owner, async (m) => {
      for (const e of events) {
        const envelope: EventEnvelope = {
          id: randomUUID(),
          type: e.type,
          aggregateType: 'Case',
          aggregateId: String(e.payload.caseId),
          actorId: null,
          correlationId: null,
          occurredAt: (e.at ?? new Date(Date.UTC(2026, 0, 1) + seq++ * 1000)).toISOString(),
          payload: e.payload,
        };
        await ParticipationReplica.apply(m, envelope);
      }
    });
  };
  return {
    url,
    db,
    owner,
    app,
    userId: (u) => USER_IDS[u],
    agencyOf: (u) => AGENCY[USERS[u]!.agency],
    actor,
    caseEvents,
    async givenCase(agencies, clinicId = CLINIC) {
      const caseId = randomUUID();
      await caseEvents([
        ...agencies.map((a) => ({
          type: EVENT_TYPES.participationAdded,
          payload: { caseId, clinicId, agencyId: AGENCY[a] },
        })),
        { type: EVENT_TYPES.caseCreated, payload: { caseId, clinicId, leadAgencyId: AGENCY[agencies[0]!] } },
      ]);
      return caseId;
    },
    async gql(user, query, variables) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (user) headers.authorization = `Bearer ${signer.mintForUser(actor(user), 'meetings')}`;
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      return { status: res.status, body: JSON.parse(text), text };
    },
    setNow(at) {
      now = at;
    },
    async close() {
      await close();
      await owner.destroy();
      await db.drop();
    },
  };
}
