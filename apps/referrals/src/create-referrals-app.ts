import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Worker } from 'bullmq';
import { actorOf, createInternalAuthMiddleware, InternalTokenVerifier } from '@scp/platform-auth';
import { AuditWriter } from '@scp/platform-audit';
import { createDataSource, Outbox, RUNTIME_ROLE } from '@scp/platform-database';
import {
  RequestAudit,
  StrictDateTimeScalar,
  subgraphGraphqlConfig,
  subgraphValidationPipe,
} from '@scp/platform-graphql';
import { createLogger, type Logger } from '@scp/platform-logging';
import { createRedis, createWorker, OutboxRelay } from '@scp/platform-messaging';
import { EVENT_TYPES, QUEUES, type EventEnvelope, type EventType, type QueueName } from '@scp/contracts';
import {
  applyCaseEvent,
  ReferralAccess,
  ReferralMonitorService,
  REFERRALS_ENTITIES,
  ReferralsDomainModule,
  type ReferralsContext,
} from '@scp/referrals';
import { HealthController } from './health.controller.js';
import { InternalController } from './internal.controller.js';

export interface ReferralsAppOptions {
  databaseUrl: string;
  internalPublicKey: string;
  /**
   * Public keys of the services allowed to call `/internal/*` (the cases service's own key for the
   * referral hand-off). Only service tokens signed by these pass there, and these keys pass nowhere
   * else. Defaults to the gateway's key (development, single key pair).
   */
  serviceCallerKeys?: string[];
  production: boolean;
  logger?: Logger;
  /** When set: the outbox relay and the consumer of the cases service's events run in this process. */
  redisUrl?: string;
  /** BullMQ key prefix (tests give each file its own). */
  queuePrefix?: string;
  /** How often urgent referrals are checked for overdue screening; 0 turns the check off. */
  overdueCheckMs?: number;
}

/** Where each of this service's events goes: one queue per consuming service. */
export function referralQueuesFor(type: EventType): readonly QueueName[] {
  if (type === EVENT_TYPES.referralAccepted)
    return [QUEUES.referralEventsForCases, QUEUES.referralEventsForNotifications];
  return [QUEUES.referralEventsForNotifications];
}

/** Builds the referrals subgraph (not listening): tests, e2e and main.ts all use this. */
export async function createReferralsApp(opts: ReferralsAppOptions): Promise<{
  app: INestApplication;
  ds: DataSource;
  relay?: OutboxRelay;
  worker?: Worker;
  close(): Promise<void>;
}> {
  const logger = opts.logger ?? createLogger('referrals');
  const ds = createDataSource({
    url: opts.databaseUrl,
    schema: 'referrals',
    entities: REFERRALS_ENTITIES,
    applicationName: 'scp-referrals',
    runtimeRole: RUNTIME_ROLE,
    poolSize: 10,
    logger,
  });
  await ds.initialize();
  const audit = new AuditWriter(ds, 'referrals');
  const outbox = new Outbox('referrals');

  @Module({})
  class ReferralsAppModule {
    static create(): DynamicModule {
      return {
        module: ReferralsAppModule,
        imports: [
          ReferralsDomainModule.forRoot({ dataSource: ds, audit, outbox }),
          GraphQLModule.forRoot<ApolloFederationDriverConfig>(
            subgraphGraphqlConfig({
              service: 'referrals',
              production: opts.production,
              logger,
              audit,
              context: (req: Request): ReferralsContext => {
                const actor = actorOf(req);
                const operation =
                  typeof req.body?.operationName === 'string'
                    ? req.body.operationName.slice(0, 100)
                    : 'graphql';
                return {
                  req,
                  actor,
                  access: new ReferralAccess(actor),
                  audit: new RequestAudit(
                    { userId: actor.userId, agencyId: actor.agencyId, requestId: actor.requestId },
                    () => `referrals:${operation}`,
                  ),
                };
              },
            }),
          ),
        ],
        // Every subgraph's DateTime refuses dates that do not exist before a resolver runs.
        providers: [StrictDateTimeScalar],
        controllers: [InternalController, HealthController],
      };
    }
  }

  const app = await NestFactory.create(ReferralsAppModule.create(), {
    logger: false,
    bodyParser: true,
    abortOnError: false,
  });
  const graphAuth = createInternalAuthMiddleware(
    new InternalTokenVerifier({ publicKey: opts.internalPublicKey, audience: 'referrals' }),
  );
  const serviceAuth = createInternalAuthMiddleware(
    new InternalTokenVerifier({
      publicKey: opts.serviceCallerKeys?.length ? opts.serviceCallerKeys : opts.internalPublicKey,
      audience: 'referrals',
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) =>
    ((req.originalUrl ?? req.url ?? '').startsWith('/internal/') ? serviceAuth : graphAuth)(req, res, next),
  );
  app.useGlobalPipes(subgraphValidationPipe());
  // No Nest shutdown hooks: main.ts closes everything on SIGTERM (closeOnSignals), relays and
  // workers included; Nest's own hook would end the process before they finish.

  const producer = opts.redisUrl ? createRedis(opts.redisUrl, 'producer') : undefined;
  const relay = producer
    ? new OutboxRelay({
        ds,
        schema: 'referrals',
        queueFor: referralQueuesFor,
        connection: producer,
        prefix: opts.queuePrefix,
        logger,
      })
    : undefined;
  relay?.start();
  const workerConnection = opts.redisUrl ? createRedis(opts.redisUrl, 'worker') : undefined;
  // One at a time: participation-added and -ended of one case must apply in order.
  const worker = workerConnection
    ? createWorker<EventEnvelope>(
        QUEUES.caseEventsForReferrals,
        async (job) => {
          await applyCaseEvent(ds, job.data);
        },
        workerConnection,
        { prefix: opts.queuePrefix, logger, concurrency: 1 },
      )
    : undefined;
  const monitor = app.get(ReferralMonitorService);
  const interval = opts.overdueCheckMs ?? 60_000;
  const timer =
    interval > 0
      ? setInterval(() => {
          monitor
            .flagOverdue()
            .catch((err: Error) => logger.warn({ err: { name: err.name } }, 'overdue check failed'));
        }, interval)
      : undefined;
  timer?.unref();
  return {
    app,
    ds,
    relay,
    worker,
    close: async () => {
      if (timer) clearInterval(timer);
      await app.close();
      await worker?.close();
      await relay?.stop();
      workerConnection?.disconnect();
      producer?.disconnect();
      if (ds.isInitialized) await ds.destroy();
    },
  };
}
