import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import {
  CASE_EVENT_QUEUES,
  QUEUES,
  type Actor,
  type AgencyType,
  type EventEnvelope,
  type Role,
} from '@scp/contracts';
import { generateDevKeyPair, InternalTokenSigner, InternalTokenVerifier } from '@scp/platform-auth';
import { AuditWriter } from '@scp/platform-audit';
import { createDataSource, Outbox, RUNTIME_ROLE } from '@scp/platform-database';
import { createQueue, createRedis, createWorker, OutboxRelay, waitForRedis } from '@scp/platform-messaging';
import { RequestAudit } from '@scp/platform-graphql';
import {
  createTestDatabase,
  eventually,
  startRedis,
  testRedisUrl,
  uniquePrefix,
  type RedisHandle,
  type TestDatabase,
} from '@scp/platform-testing';
import {
  CASES_ENTITIES,
  createCaseFromReferral,
  seedDemoData,
  startReferralIntakeWorker,
  type DemoFixture,
  type ReferralHandoff,
} from '@scp/cases';
import { migrateCasesDatabase } from '@scp/cases-app';
import { migrateReferralsDatabase, referralQueuesFor } from '@scp/referrals-app';
import {
  applyCaseEvent,
  ReferralAccess,
  ReferralFreeTextGuard,
  referralHandoff,
  REFERRALS_ENTITIES,
  ReferralService,
} from '@scp/referrals';

/**
 * Acceptance of a referral creates its case exactly once (issue 5, item 4), across both services'
 * outboxes, relays and consumers on one database and one Redis. The GraphQL layers are left out:
 * two Nest code-first subgraphs that both declare `Case` cannot build their schemas in one process
 * (Nest's type registry is global), so the referrals side runs its service and hand-off directly.
 */
const USERS: Record<string, [agency: string, type: AgencyType, roles: Role[], clinics: string[]]> = {
  'spoc.nvp': ['NVP', 'POLICE', ['POLICE_SPOC'], []],
  'coord.nvc': ['NVC', 'LOCAL_AUTHORITY', ['CLINIC_COORDINATOR'], ['NV']],
  'mh.nvh': ['NVH', 'HEALTH', ['MH_CLINICIAN'], []],
};
const STREET = '9 Referral Close CANARY-D12-intake';
type Op = 'create' | 'update' | 'submit' | 'screen' | 'ask' | 'answer' | 'accept' | 'get';
interface R {
  id: string;
  reference: string;
  status: string;
  version: number;
  caseId: string | null;
}

interface Intake {
  db: TestDatabase;
  owner: DataSource;
  fixture: DemoFixture;
  prefix: string;
  run(user: string, op: Op, input: Record<string, unknown>): Promise<R>;
  questions(referralId: string): Promise<string[]>;
  /** Starts the referrals outbox relay (when it was left stopped: a relay that died after the commit). */
  startReferralsRelay(): void;
  close(): Promise<void>;
}

/**
 * The referrals service's domain logic, relay, case-events consumer and hand-off endpoint, and the
 * cases service's referral intake worker and relay, on one database and one Redis.
 */
async function startIntake(opts: { redisUrl: string; referralsRelay: boolean }): Promise<Intake> {
  const db = await createTestDatabase('intake');
  await migrateCasesDatabase(db.url);
  await migrateReferralsDatabase(db.url);
  const owner = createDataSource({ url: db.url, schema: 'cases', entities: CASES_ENTITIES });
  await owner.initialize();
  const fixture = await seedDemoData(owner, { canaries: false });
  const casesKeys = generateDevKeyPair();
  const prefix = uniquePrefix('intake');
  const workerRedis = createRedis(opts.redisUrl, 'worker');
  const producer = createRedis(opts.redisUrl, 'producer');

  // Referrals side.
  const refDs = createDataSource({
    url: db.url,
    schema: 'referrals',
    entities: REFERRALS_ENTITIES,
    runtimeRole: RUNTIME_ROLE,
  });
  await refDs.initialize();
  const refAudit = new AuditWriter(refDs, 'referrals');
  const outbox = new Outbox('referrals');
  const service = new ReferralService(
    refDs,
    refAudit,
    outbox,
    new ReferralFreeTextGuard(refDs, refAudit, outbox),
  );
  const verifier = new InternalTokenVerifier({ publicKey: casesKeys.publicKeyPem, audience: 'referrals' });
  const server = http.createServer((req, res) => {
    void (async () => {
      const m = /^\/internal\/referrals\/([0-9a-f-]{36})\/handoff$/.exec(req.url ?? '');
      let principal;
      try {
        principal = verifier.verify((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      } catch {
        principal = undefined;
      }
      if (!principal || principal.kind !== 'service' || principal.service !== 'cases' || !m) {
        res.statusCode = 403;
        return res.end();
      }
      const found = await referralHandoff(refDs, refAudit, m[1]!, principal.requestId);
      res.statusCode = found ? 200 : 404;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(found));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const referralsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const refWorker = createWorker<EventEnvelope>(
    QUEUES.caseEventsForReferrals,
    async (job) => {
      await applyCaseEvent(refDs, job.data);
    },
    workerRedis,
    { prefix, concurrency: 1 },
  );
  let referralsRelay: OutboxRelay | undefined;
  const startReferralsRelay = () => {
    referralsRelay = new OutboxRelay({
      ds: refDs,
      schema: 'referrals',
      queueFor: referralQueuesFor,
      connection: producer,
      prefix,
    });
    referralsRelay.start();
  };
  if (opts.referralsRelay) startReferralsRelay();

  // Cases side.
  const casesDs = createDataSource({
    url: db.url,
    schema: 'cases',
    runtimeRole: RUNTIME_ROLE,
    entities: CASES_ENTITIES,
  });
  await casesDs.initialize();
  const intake = startReferralIntakeWorker({
    ds: casesDs,
    outbox: new Outbox('cases'),
    audit: new AuditWriter(casesDs, 'cases'),
    handoff: {
      baseUrl: () => referralsUrl,
      signer: new InternalTokenSigner({ privateKey: casesKeys.privateKeyPem }),
    },
    connection: workerRedis,
    prefix,
  });
  const casesRelay = new OutboxRelay({
    ds: casesDs,
    schema: 'cases',
    queueFor: () => CASE_EVENT_QUEUES,
    connection: producer,
    prefix,
  });
  casesRelay.start();
  // Acceptance needs the clinics' sharing agreement signatories (`clinic.updated`, from the seed).
  await eventually(async () => {
    const [{ n }] = await refDs.query(`SELECT count(*)::int AS n FROM referrals.clinic_replica`);
    return n === Object.keys(fixture.clinics).length;
  }, 20_000);

  const scopeOf = (username: string) => {
    const [agency, agencyType, roles, clinics] = USERS[username]!;
    const actor: Actor = {
      userId: fixture.users[username]!,
      agencyId: fixture.agencies[agency]!,
      agencyType,
      roles,
      clinicIds: clinics.map((c) => fixture.clinics[c]!),
      requestId: randomUUID(),
    };
    return {
      actor,
      access: new ReferralAccess(actor),
      audit: new RequestAudit(
        { userId: actor.userId, agencyId: actor.agencyId, requestId: actor.requestId },
        () => 'test',
      ),
    };
  };
  return {
    db,
    owner,
    fixture,
    prefix,
    startReferralsRelay,
    async questions(referralId) {
      const rows: { id: string }[] = await refDs.query(
        `SELECT id FROM referrals.questions WHERE referral_id = $1 ORDER BY asked_at`,
        [referralId],
      );
      return rows.map((r) => r.id);
    },
    async run(user, op, input) {
      const scope = scopeOf(user);
      const i = input as never;
      const call = {
        create: () => service.createReferral(scope, i),
        update: () => service.updateReferral(scope, i),
        submit: () => service.submitReferral(scope, i),
        screen: () => service.startScreening(scope, i),
        ask: () => service.requestMoreInformation(scope, i),
        answer: () => service.answerQuestion(scope, i),
        accept: () => service.acceptReferral(scope, i),
        get: () => service.getReferral(scope, String(input.id)),
      }[op];
      return (await call()) as unknown as R;
    },
    async close() {
      await referralsRelay?.stop();
      await casesRelay.stop();
      await intake.close();
      await refWorker.close();
      workerRedis.disconnect();
      producer.disconnect();
      await new Promise((resolve) => server.close(resolve));
      await refDs.destroy();
      await casesDs.destroy();
      await owner.destroy();
      await db.drop();
    },
  };
}

const referralInput = (fixture: DemoFixture, overrides: Record<string, unknown> = {}) => ({
  clinicId: fixture.clinics.NV,
  urgency: 'URGENT',
  reason: 'Repeated contact and loitering near the victim’s workplace',
  behaviours: ['LOITERING', 'UNWANTED_CONTACT', 'THREATS'],
  crimeReferences: ['NVP-CR-2026-0456'],
  cjStatus: 'UNDER_INVESTIGATION',
  sharingBasis: 'STATUTORY_GATEWAY',
  basisRationale: 'Crime and Disorder Act 1998 s115; risk of serious harm',
  subject: { givenName: 'November', familyName: 'Referralson' },
  victim: { givenName: 'Papa', familyName: 'Scenariofield', relationshipToSubject: 'Former partner' },
  victimLocations: [{ kind: 'HOME', addressLine1: STREET, town: 'Sampletown', postcode: 'ZZ1 9RC' }],
  sdash: { answers: [true, true, true, true, true, true, true, false, false, false, false] },
  ...overrides,
});

/** Create → submit → screen → accept; returns the referral. */
async function acceptOne(
  h: Intake,
  tier = 'CLINIC_CASE',
  overrides: Record<string, unknown> = {},
): Promise<R> {
  let r = await h.run('spoc.nvp', 'create', referralInput(h.fixture, overrides));
  r = await h.run('spoc.nvp', 'submit', { id: r.id, expectedVersion: r.version });
  r = await h.run('coord.nvc', 'screen', { id: r.id, expectedVersion: r.version });
  const a = h.fixture.agencies;
  return h.run('coord.nvc', 'accept', {
    id: r.id,
    expectedVersion: r.version,
    tier,
    participantAgencyIds: [a.NVP, a.NVH, a.NVPS, a.NVA],
  });
}

const casesOf = async (h: Intake, referralId: string) =>
  (await h.owner.query(`SELECT id, reference, status, tier FROM cases.cases WHERE referral_id = $1`, [
    referralId,
  ])) as {
    id: string;
    reference: string;
    status: string;
    tier: string;
  }[];

async function waitCases(h: Intake, referralId: string) {
  return (await eventually(async () => {
    const rows = await casesOf(h, referralId);
    return rows.length ? rows : null;
  }, 20_000))!;
}

describe('referral acceptance creates the case exactly once', () => {
  let h: Intake;
  beforeAll(async () => {
    h = await startIntake({ redisUrl: testRedisUrl(), referralsRelay: true });
  });
  afterAll(async () => h?.close());

  it('scenarios 1–2: S-DASH 7/11 on STATUTORY_GATEWAY, more information, accepted: one case, people copied, linked both ways', async () => {
    let r = await h.run('spoc.nvp', 'create', referralInput(h.fixture));
    r = await h.run('spoc.nvp', 'submit', { id: r.id, expectedVersion: r.version });
    r = await h.run('coord.nvc', 'screen', { id: r.id, expectedVersion: r.version });
    r = await h.run('coord.nvc', 'ask', {
      id: r.id,
      expectedVersion: r.version,
      question: 'Subject date of birth is missing',
    });
    r = await h.run('spoc.nvp', 'update', {
      id: r.id,
      expectedVersion: r.version,
      subject: { dateOfBirth: '1983-08-09' },
    });
    const [questionId] = await h.questions(r.id);
    r = await h.run('spoc.nvp', 'answer', { questionId, expectedVersion: r.version, answer: 'Added' });
    expect(r.status).toBe('SUBMITTED');
    r = await h.run('coord.nvc', 'screen', { id: r.id, expectedVersion: r.version });
    const a = h.fixture.agencies;
    r = await h.run('coord.nvc', 'accept', {
      id: r.id,
      expectedVersion: r.version,
      tier: 'CLINIC_CASE',
      participantAgencyIds: [a.NVP, a.NVH, a.NVPS, a.NVA],
    });
    const [c] = await waitCases(h, r.id);
    expect(c).toMatchObject({ status: 'AWAITING_LISTING', tier: 'CLINIC_CASE' });
    const participants: { agency_id: string; sharing_basis: string; basis_rationale: string }[] =
      await h.owner.query(
        `SELECT agency_id, sharing_basis, basis_rationale FROM cases.participants WHERE case_id = $1`,
        [c!.id],
      );
    expect(participants.map((p) => p.agency_id).sort()).toEqual([a.NVP, a.NVH, a.NVPS, a.NVA].sort());
    expect(
      participants.every(
        (p) => p.sharing_basis === 'STATUTORY_GATEWAY' && p.basis_rationale.includes('s115'),
      ),
    ).toBe(true);
    const people: { role: string; family_name: string; dob: string }[] = await h.owner.query(
      `SELECT role, family_name, to_char(date_of_birth, 'YYYY-MM-DD') AS dob FROM cases.persons WHERE case_id = $1 ORDER BY role`,
      [c!.id],
    );
    expect(people).toEqual([
      { role: 'SUBJECT', family_name: 'Referralson', dob: '1983-08-09' },
      { role: 'VICTIM', family_name: 'Scenariofield', dob: null },
    ]);
    const [loc] = await h.owner.query(`SELECT address_line1 FROM cases.locations WHERE case_id = $1`, [
      c!.id,
    ]);
    expect(loc.address_line1).toBe(STREET);
    // Referral.case, from case.created consumed by the referrals service.
    await eventually(async () => (await h.run('spoc.nvp', 'get', { id: r.id })).caseId === c!.id, 20_000);
    // The new case's participants now see the referral (participation replica).
    await eventually(
      async () => (await h.run('mh.nvh', 'get', { id: r.id }).catch(() => null))?.id === r.id,
      20_000,
    );
    // No victim data in any job: the event held ids and codes; the people came over the hand-off.
    const [event] = await h.owner.query(
      `SELECT payload FROM referrals.outbox WHERE aggregate_id = $1 AND type = 'referral.accepted'`,
      [r.id],
    );
    expect(JSON.stringify(event.payload)).not.toMatch(/Referralson|Scenariofield|Referral Close|s115/);
    const [disclosure] = await h.owner.query(
      `SELECT count(*)::int AS n FROM audit.events WHERE action = 'DISCLOSURE' AND entity_id = $1 AND 'cases' = ANY(recipients)`,
      [r.id],
    );
    expect(disclosure.n).toBe(1);
  });

  it('scenario 3 (acceptance part): consultation only becomes a CONSULTATION case', async () => {
    const r = await acceptOne(h, 'CONSULTATION_ONLY', { victimLocations: [] });
    const [c] = await waitCases(h, r.id);
    expect(c).toMatchObject({ status: 'CONSULTATION', tier: 'CONSULTATION_ONLY' });
  });

  it('a redelivered event (same event twice) creates no second case, participant, person or event', async () => {
    const r = await acceptOne(h);
    await eventually(async () => (await casesOf(h, r.id)).length === 1, 20_000);
    const counts = async () =>
      (
        await h.owner.query(
          `SELECT (SELECT count(*)::int FROM cases.cases) AS cases, (SELECT count(*)::int FROM cases.participants) AS participants,
                  (SELECT count(*)::int FROM cases.persons) AS persons, (SELECT count(*)::int FROM cases.outbox) AS events,
                  (SELECT last_value FROM cases.case_reference_counters WHERE clinic_id = $1 AND year = extract(year FROM now())::int) AS counter`,
          [h.fixture.clinics.NV],
        )
      )[0];
    const before = await counts();
    const [row] = await h.owner.query(
      `SELECT id, type, aggregate_type, aggregate_id, actor_id, correlation_id, payload, created_at FROM referrals.outbox WHERE aggregate_id = $1 AND type = 'referral.accepted'`,
      [r.id],
    );
    const envelope: EventEnvelope = {
      id: row.id,
      type: row.type,
      aggregateType: row.aggregate_type,
      aggregateId: row.aggregate_id,
      actorId: row.actor_id,
      correlationId: row.correlation_id,
      occurredAt: row.created_at.toISOString(),
      payload: row.payload,
    };
    // The same event delivered again under another job id (BullMQ itself dedupes by job id).
    const redis = createRedis(testRedisUrl(), 'producer');
    await waitForRedis(redis);
    const queue = createQueue<EventEnvelope>(QUEUES.referralEventsForCases, redis, h.prefix);
    const job = await queue.add(envelope.type, envelope, { jobId: `${envelope.id}-again` });
    await eventually(async () => (await job.getState()) === 'completed', 20_000);
    await queue.close();
    redis.disconnect();
    expect(await counts()).toEqual(before);
    // And two consumers racing on it: one creates, the other writes nothing.
    const handoff = { referralId: r.id } as ReferralHandoff;
    const casesDs = createDataSource({
      url: h.db.url,
      schema: 'cases',
      runtimeRole: RUNTIME_ROLE,
      entities: CASES_ENTITIES,
    });
    await casesDs.initialize();
    const deps = { ds: casesDs, outbox: new Outbox('cases'), audit: new AuditWriter(casesDs, 'cases') };
    const results = await Promise.all([
      createCaseFromReferral(deps, envelope, handoff),
      createCaseFromReferral(deps, envelope, handoff),
    ]);
    await casesDs.destroy();
    expect(results).toEqual([null, null]);
    expect(await counts()).toEqual(before);
  });
});

describe('exactly once when the relay dies after the commit', () => {
  let h: Intake;
  beforeAll(async () => {
    h = await startIntake({ redisUrl: testRedisUrl(), referralsRelay: false });
  });
  afterAll(async () => h?.close());

  it('the row stays pending; a restarted relay delivers it once, even if the job had already gone out', async () => {
    const r = await acceptOne(h);
    const [row] = await h.owner.query(
      `SELECT id, status, type, payload FROM referrals.outbox WHERE aggregate_id = $1 AND type = 'referral.accepted'`,
      [r.id],
    );
    expect(row.status).toBe('pending');
    expect(await casesOf(h, r.id)).toEqual([]);
    // The crash happened after the job was added but before the row was marked: the job exists.
    const redis = createRedis(testRedisUrl(), 'producer');
    await waitForRedis(redis);
    const queue = createQueue<EventEnvelope>(QUEUES.referralEventsForCases, redis, h.prefix);
    await queue.add(
      row.type,
      {
        id: row.id,
        type: row.type,
        aggregateType: 'Referral',
        aggregateId: r.id,
        actorId: null,
        correlationId: null,
        occurredAt: new Date().toISOString(),
        payload: row.payload,
      },
      { jobId: row.id },
    );
    await eventually(async () => (await casesOf(h, r.id)).length === 1, 20_000);
    h.startReferralsRelay();
    await eventually(async () => {
      const [s] = await h.owner.query(`SELECT status FROM referrals.outbox WHERE id = $1`, [row.id]);
      return s.status !== 'pending';
    }, 20_000);
    // A second accepted referral that only the restarted relay sends.
    const second = await acceptOne(h, 'CLINIC_CASE', { subject: { familyName: 'Secondson' } });
    await eventually(async () => (await casesOf(h, second.id)).length === 1, 20_000);
    await queue.close();
    redis.disconnect();
    expect(await casesOf(h, r.id)).toHaveLength(1);
  });
});

describe('exactly once with Redis down during the acceptance', () => {
  let redis: RedisHandle;
  let h: Intake;
  beforeAll(async () => {
    redis = await startRedis({ own: true });
    h = await startIntake({ redisUrl: redis.url, referralsRelay: true });
  });
  afterAll(async () => {
    await h?.close();
    await redis?.stop();
  });

  it('accepting works while Redis is dead; once it is back there is eventually one case', async () => {
    if (!redis.kill || !redis.start)
      throw new Error('this test needs a private redis-server (REDIS_URL is set)');
    await redis.kill();
    const r = await acceptOne(h);
    expect(r.status).toBe('ACCEPTED');
    const [row] = await h.owner.query(
      `SELECT status FROM referrals.outbox WHERE aggregate_id = $1 AND type = 'referral.accepted'`,
      [r.id],
    );
    expect(row.status).toBe('pending');
    await redis.start();
    await eventually(async () => (await casesOf(h, r.id)).length === 1, 40_000, 200);
    await eventually(async () => Boolean((await h.run('spoc.nvp', 'get', { id: r.id })).caseId), 40_000, 200);
    expect(await casesOf(h, r.id)).toHaveLength(1);
  }, 90_000);
});
