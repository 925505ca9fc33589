import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { actorOf, createInternalAuthMiddleware, InternalTokenVerifier } from '@scp/platform-auth';
import { AuditAnchor, AuditWriter, FileCheckpointStore } from '@scp/platform-audit';
import { createDataSource, Outbox, RUNTIME_ROLE } from '@scp/platform-database';
import {
  RequestAudit,
  StrictDateTimeScalar,
  subgraphGraphqlConfig,
  subgraphValidationPipe,
} from '@scp/platform-graphql';
import { createLogger, type Logger } from '@scp/platform-logging';
import { ActorChangePublisher, createRedis, OutboxRelay } from '@scp/platform-messaging';
import type { Worker } from 'bullmq';
import { CASE_EVENT_QUEUES } from '@scp/contracts';
import {
  CaseAccess,
  CASES_ENTITIES,
  CasesDomainModule,
  createLoaders,
  sweepLifecycle,
  type CasesContext,
} from '@scp/cases';
import { HealthController } from './health.controller.js';
import { ClinicMemberController } from './clinic-member.controller.js';
import { FreeTextCheckController } from './free-text-check.controller.js';

const FREE_TEXT_CHECK_PATH = '/internal/free-text-check';
const RECIPIENTS_PATH = '/internal/recipients';
const CLINIC_MEMBER_PATH = '/internal/clinic-member';
import { FilesController } from './files.controller.js';
import { SESSION_AUDIT, SessionEventsController } from './session-events.controller.js';
import { INTERNAL_OPTIONS, InternalController, RecipientsController } from './internal.controller.js';
import { startReferralIntakeWorker, type ReferralHandoffOptions } from './referral-intake.consumer.js';
import { startMeetingEventsWorker } from './meeting-events.consumer.js';

export interface CasesAppOptions {
  databaseUrl: string;
  internalPublicKey: string;
  production: boolean;
  devIdentities: boolean;
  logger?: Logger;
  /** When set, the outbox relay runs in this process and moves events to BullMQ. */
  redisUrl?: string;
  /** BullMQ key prefix (tests give each file its own). */
  queuePrefix?: string;
  /**
   * With `redisUrl`: consume `referral.accepted` and open the case, fetching the referral's people
   * from the referrals service with a service token (see referral-intake.consumer.ts).
   */
  referralHandoff?: ReferralHandoffOptions;
  /**
   * Public keys of the services allowed to call `POST /internal/free-text-check` and
   * `POST /internal/clinic-member` (the meetings
   * service's own key). None ⇒ the endpoint refuses every caller.
   */
  serviceCallerKeys?: string[];
  /** Public keys of the notifications service, the only caller of `/internal/recipients`. */
  notificationsCallerKeys?: string[];
  /**
   * Checkpoints of the audit chain's head, signed with the cases service's key and appended to
   * `file` every `intervalMs` (libs/platform/audit/src/audit-anchor.ts, docs/audit.md).
   */
  auditCheckpoints?: { file: string; privateKey: string; intervalMs: number };
  /**
   * How often the lifecycle sweep runs (ms; default 15 minutes; 0 disables): reviews falling due,
   * urgent reviews past their deadline (libs/cases/src/lifecycle/lifecycle-sweep.ts).
   */
  lifecycleSweepIntervalMs?: number;
}

/** Builds the cases subgraph (not listening): tests, the bench and main.ts all use this. */
export async function createCasesApp(opts: CasesAppOptions): Promise<{
  app: INestApplication;
  ds: DataSource;
  relay?: OutboxRelay;
  intakeWorker?: Worker;
  close(): Promise<void>;
}> {
  const logger = opts.logger ?? createLogger('cases');
  const ds = createDataSource({
    url: opts.databaseUrl,
    schema: 'cases',
    entities: CASES_ENTITIES,
    applicationName: 'scp-cases',
    runtimeRole: RUNTIME_ROLE,
    poolSize: 20,
    logger,
  });
  await ds.initialize();
  const audit = new AuditWriter(ds, 'cases');
  const outbox = new Outbox('cases');
  const redis = opts.redisUrl ? createRedis(opts.redisUrl, 'producer') : undefined;
  const actorChanges = redis ? new ActorChangePublisher(redis) : undefined;

  @Module({})
  class CasesAppModule {
    static create(): DynamicModule {
      return {
        module: CasesAppModule,
        imports: [
          CasesDomainModule.forRoot({ dataSource: ds, audit, outbox, actorChanges }),
          GraphQLModule.forRoot<ApolloFederationDriverConfig>(
            subgraphGraphqlConfig({
              service: 'cases',
              production: opts.production,
              logger,
              audit,
              context: (req: Request): CasesContext => {
                const actor = actorOf(req);
                const operation =
                  typeof req.body?.operationName === 'string'
                    ? req.body.operationName.slice(0, 100)
                    : 'graphql';
                return {
                  req,
                  actor,
                  access: new CaseAccess(actor, ds),
                  audit: new RequestAudit(
                    { userId: actor.userId, agencyId: actor.agencyId, requestId: actor.requestId },
                    () => `cases:${operation}`,
                  ),
                  loaders: createLoaders(ds),
                };
              },
            }),
          ),
        ],
        controllers: [
          InternalController,
          HealthController,
          FilesController,
          FreeTextCheckController,
          ClinicMemberController,
          RecipientsController,
          SessionEventsController,
        ],
        providers: [
          { provide: INTERNAL_OPTIONS, useValue: { devIdentities: opts.devIdentities } },
          // Every subgraph's DateTime refuses dates that do not exist before a resolver runs.
          StrictDateTimeScalar,
          { provide: SESSION_AUDIT, useValue: audit },
        ],
      };
    }
  }

  const app = await NestFactory.create(CasesAppModule.create(), {
    logger: false,
    bodyParser: true,
    abortOnError: false,
  });
  const gatewayAuth = createInternalAuthMiddleware(
    new InternalTokenVerifier({ publicKey: opts.internalPublicKey, audience: 'cases' }),
  );
  // Service-to-service calls from other subgraphs carry tokens of the caller's own key, never the
  // gateway's: a gateway token cannot reach them, their keys cannot reach GraphQL, and each
  // internal path accepts only its one caller's keys (a meetings key cannot ask for recipients).
  const refuse = (_req: Request, res: Response) => {
    res
      .status(401)
      .type('application/json')
      .send('{"errors":[{"message":"Unauthenticated","extensions":{"code":"UNAUTHENTICATED"}}]}');
  };
  const callerAuth = (keys: string[] | undefined) =>
    keys?.length
      ? createInternalAuthMiddleware(new InternalTokenVerifier({ publicKey: keys, audience: 'cases' }))
      : refuse;
  const servicePaths: [string, ReturnType<typeof callerAuth>][] = [
    [FREE_TEXT_CHECK_PATH, callerAuth(opts.serviceCallerKeys)],
    [CLINIC_MEMBER_PATH, callerAuth(opts.serviceCallerKeys)],
    [RECIPIENTS_PATH, callerAuth(opts.notificationsCallerKeys)],
  ];
  app.use((req: Request, res: Response, next: NextFunction) => {
    const url = req.originalUrl ?? req.url ?? '';
    const service = servicePaths.find(([path]) => url.startsWith(path));
    (service ? service[1] : gatewayAuth)(req, res, next);
  });
  app.useGlobalPipes(subgraphValidationPipe());
  // No Nest shutdown hooks: main.ts closes everything on SIGTERM (closeOnSignals), relays and
  // workers included; Nest's own hook would end the process before they finish.
  const relay = redis
    ? new OutboxRelay({
        ds,
        schema: 'cases',
        queueFor: () => CASE_EVENT_QUEUES,
        connection: redis,
        prefix: opts.queuePrefix,
        logger,
      })
    : undefined;
  relay?.start();
  const meetingEvents = opts.redisUrl
    ? startMeetingEventsWorker({ ds, redisUrl: opts.redisUrl, prefix: opts.queuePrefix, logger })
    : undefined;
  const workerRedis =
    opts.redisUrl && opts.referralHandoff ? createRedis(opts.redisUrl, 'worker') : undefined;
  const intakeWorker =
    workerRedis && opts.referralHandoff
      ? startReferralIntakeWorker({
          ds,
          outbox,
          audit,
          handoff: opts.referralHandoff,
          connection: workerRedis,
          prefix: opts.queuePrefix,
          logger,
        })
      : undefined;
  // Idempotent (each change re-checked under the case's lock), so every replica may run it.
  const sweepInterval = opts.lifecycleSweepIntervalMs ?? 15 * 60_000;
  const lifecycleSweep =
    sweepInterval > 0
      ? setInterval(() => {
          sweepLifecycle(ds, outbox).catch((err: Error) =>
            logger.warn({ err: { name: err.name } }, 'lifecycle sweep failed'),
          );
        }, sweepInterval)
      : undefined;
  lifecycleSweep?.unref();
  const stopCheckpoints = opts.auditCheckpoints
    ? new AuditAnchor(
        ds,
        opts.auditCheckpoints.privateKey,
        new FileCheckpointStore(opts.auditCheckpoints.file),
      ).schedule(opts.auditCheckpoints.intervalMs, (e) =>
        logger.error({ err: e instanceof Error ? e.message : String(e) }, 'audit checkpoint failed'),
      )
    : undefined;
  return {
    app,
    ds,
    relay,
    intakeWorker,
    close: async () => {
      if (lifecycleSweep) clearInterval(lifecycleSweep);
      await app.close();
      await stopCheckpoints?.();
      await meetingEvents?.close();
      await intakeWorker?.close();
      workerRedis?.disconnect();
      await relay?.stop();
      redis?.disconnect();
      if (ds.isInitialized) await ds.destroy();
    },
  };
}
