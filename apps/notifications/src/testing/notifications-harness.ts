import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { Logger } from '@scp/platform-logging';
import { auditMigrations } from '@scp/schemas';
import { createDataSource, runMigrations } from '@scp/platform-database';
import { generateDevKeyPair, InternalTokenSigner } from '@scp/platform-auth';
import { createQueue, createRedis, waitForRedis } from '@scp/platform-messaging';
import { createTestDatabase, testRedisUrl, uniquePrefix, type TestDatabase } from '@scp/platform-testing';
import { createMailer, startDevMailCatcher, type DevMailCatcher } from '@scp/platform-mail';
import type {
  Actor,
  EventEnvelope,
  EventType,
  QueueName,
  Recipient,
  RecipientQuery,
  Role,
} from '@scp/contracts';
import { NOTIFICATIONS_ENTITIES, NotificationPipeline, type RecipientDirectory } from '@scp/notifications';
import { createNotificationsApp, DEFAULT_NOTIFICATION_SETTINGS } from '../create-notifications-app.js';
import { migrateNotificationsDatabase } from '../migrate.js';
import type { BullJobs } from '../jobs.js';

/**
 * A stand-in for the cases service's `/internal/recipients` (the HTTP boundary, not the
 * database): people with agencies and roles, case participation, clinic officers, evaluated with
 * the same rules (apps/cases/src/recipients.spec.ts tests the real one; the e2e suite both).
 */
export class TestDirectory implements RecipientDirectory {
  people: (Recipient & { officerOf?: string[] })[] = [];
  participation = new Map<string, Set<string>>();
  caseClinic = new Map<string, string>();
  calls = 0;
  failing = false;

  async resolve(q: RecipientQuery): Promise<Recipient[]> {
    this.calls++;
    if (this.failing) throw new Error('cases service unavailable');
    const caseClinic = q.caseId ? this.caseClinic.get(q.caseId) : undefined;
    const officerClinic = q.clinicId ?? caseClinic;
    return this.people
      .filter((u) => {
        const selected =
          (q.userIds?.includes(u.userId) ?? false) ||
          ((q.agencyIds?.length || q.roles?.length) &&
            (!q.agencyIds?.length || q.agencyIds.includes(u.agencyId)) &&
            (!q.roles?.length || q.roles.some((r) => u.roles.includes(r)))) ||
          (q.clinicOfficers === true && !!officerClinic && (u.officerOf ?? []).includes(officerClinic));
        if (!selected) return false;
        if (!q.caseId) return true;
        return (
          (this.participation.get(q.caseId)?.has(u.agencyId) ?? false) ||
          (!!caseClinic && (u.officerOf ?? []).includes(caseClinic))
        );
      })
      .map(({ officerOf: _o, ...r }) => r);
  }

  person(name: string, agencyId: string, roles: Role[], officerOf: string[] = []): Recipient {
    const r = {
      userId: randomUUID(),
      displayName: `Demo ${name}`,
      email: `${name}@example.invalid`,
      agencyId,
      roles,
      officerOf,
    };
    this.people.push(r);
    return r;
  }
}

export interface NotificationsHarness {
  url: string;
  db: TestDatabase;
  owner: DataSource;
  app: INestApplication;
  pipeline: NotificationPipeline;
  jobs: BullJobs;
  directory: TestDirectory;
  catcher: DevMailCatcher;
  prefix: string;
  /** What the producing service's outbox relay does: the envelope as a job, id = event id. */
  emit(
    queue: QueueName,
    type: EventType,
    payload: Record<string, unknown>,
    id?: string,
  ): Promise<EventEnvelope>;
  gql<T = Record<string, unknown>>(
    actor: Actor,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ body: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] } }>;
  actorOf(r: Recipient): Actor;
  setNow(at: Date): void;
  close(): Promise<void>;
}

export async function startNotificationsHarness(
  opts: {
    worker?: boolean;
    /** Another Redis than the run's (a test's own, which it stops); need not be up at start. */
    redisUrl?: string;
    logger?: Logger;
    redisReadyWarnMs?: number;
  } = {},
): Promise<NotificationsHarness> {
  const redisUrl = opts.redisUrl ?? testRedisUrl();
  const db = await createTestDatabase('notifications');
  const auditDs = createDataSource({ url: db.url, schema: 'audit', migrations: [...auditMigrations] });
  await auditDs.initialize();
  await runMigrations(auditDs);
  await auditDs.destroy();
  await migrateNotificationsDatabase(db.url);
  const owner = createDataSource({ url: db.url, schema: 'notifications', entities: NOTIFICATIONS_ENTITIES });
  await owner.initialize();
  const catcher = await startDevMailCatcher({ smtpPort: 0, httpPort: 0 });
  const mail = createMailer({
    smtpUrl: `smtp://127.0.0.1:${catcher.smtpPort}`,
    from: 'Clinic <no-reply@example.invalid>',
  });
  const keys = generateDevKeyPair();
  const signer = new InternalTokenSigner({ privateKey: keys.privateKeyPem });
  const directory = new TestDirectory();
  const prefix = uniquePrefix('notif');
  let now: Date | null = null;
  const built = await createNotificationsApp({
    databaseUrl: db.url,
    redisUrl,
    internalPublicKey: keys.publicKeyPem,
    production: false,
    directory,
    mail,
    settings: DEFAULT_NOTIFICATION_SETTINGS,
    worker: opts.worker,
    queuePrefix: prefix,
    clock: () => now ?? new Date(),
    reconcileIntervalMs: 3_600_000,
    logger: opts.logger,
    redisReadyWarnMs: opts.redisReadyWarnMs,
  });
  await built.app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(built.app.getHttpServer().address() as AddressInfo).port}`;
  const producer: Redis = createRedis(redisUrl, 'producer');
  if (!opts.redisUrl) await waitForRedis(producer);
  const queues = new Map<string, ReturnType<typeof createQueue<EventEnvelope>>>();
  return {
    url,
    db,
    owner,
    app: built.app,
    pipeline: built.pipeline,
    jobs: built.jobs,
    directory,
    catcher,
    prefix,
    async emit(queue, type, payload, id = randomUUID()) {
      await waitForRedis(producer);
      let q = queues.get(queue);
      if (!q) queues.set(queue, (q = createQueue<EventEnvelope>(queue, producer, prefix)));
      const envelope: EventEnvelope = {
        id,
        type,
        aggregateType: 'Test',
        aggregateId: randomUUID(),
        actorId: null,
        correlationId: null,
        occurredAt: new Date().toISOString(),
        payload,
      };
      await q.add(type, envelope, { jobId: id });
      return envelope;
    },
    async gql(actor, query, variables) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${signer.mintForUser(actor, 'notifications')}`,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { body: JSON.parse(await res.text()) };
    },
    actorOf: (r) => ({
      userId: r.userId,
      agencyId: r.agencyId,
      agencyType: 'POLICE',
      roles: r.roles,
      clinicIds: [],
      requestId: randomUUID(),
    }),
    setNow(at) {
      now = at;
    },
    async close() {
      for (const q of queues.values()) await q.close();
      producer.disconnect();
      await built.close();
      await mail.close?.();
      await catcher.close();
      await owner.destroy();
      await db.drop();
    },
  };
}
