import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { actorOf, createInternalAuthMiddleware, InternalTokenVerifier } from '@scp/platform-auth';
import { AuditWriter } from '@scp/platform-audit';
import { createDataSource, RUNTIME_ROLE } from '@scp/platform-database';
import {
  RequestAudit,
  StrictDateTimeScalar,
  subgraphGraphqlConfig,
  subgraphValidationPipe,
} from '@scp/platform-graphql';
import { createLogger, type Logger } from '@scp/platform-logging';
import { createRedis } from '@scp/platform-messaging';
import {
  NOTIFICATIONS_ENTITIES,
  NotificationPipeline,
  NotificationsDomainModule,
  type Clock,
  type MailSender,
  type NotificationSettings,
  type NotificationsContext,
  type RecipientDirectory,
} from '@scp/notifications';
import { HealthController } from './health.controller.js';
import { BullJobs } from './jobs.js';
import { startNotificationsWorker, type NotificationsWorker } from './worker.js';

export interface NotificationsAppOptions {
  databaseUrl: string;
  redisUrl: string;
  internalPublicKey: string;
  production: boolean;
  directory: RecipientDirectory;
  mail: MailSender;
  settings: NotificationSettings;
  /** Run the BullMQ worker in this process (default true). */
  worker?: boolean;
  queuePrefix?: string;
  logger?: Logger;
  clock?: Clock;
  reconcileIntervalMs?: number;
  concurrency?: number;
  /** A warning is logged when Redis is not ready this long after start (default 10 s). */
  redisReadyWarnMs?: number;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  webBaseUrl: 'http://127.0.0.1:4010',
  messageIdDomain: 'notifications.scp.example.invalid',
  organizer: { name: 'Stalking clinic', email: 'clinic-meetings@example.invalid' },
};

/** Builds the notifications subgraph (not listening) and, unless told not to, its worker. */
export async function createNotificationsApp(opts: NotificationsAppOptions): Promise<{
  app: INestApplication;
  ds: DataSource;
  pipeline: NotificationPipeline;
  jobs: BullJobs;
  worker?: NotificationsWorker;
  close(): Promise<void>;
}> {
  const logger = opts.logger ?? createLogger('notifications');
  const ds = createDataSource({
    url: opts.databaseUrl,
    schema: 'notifications',
    entities: NOTIFICATIONS_ENTITIES,
    applicationName: 'scp-notifications',
    runtimeRole: RUNTIME_ROLE,
    poolSize: 10,
    logger,
  });
  await ds.initialize();
  const audit = new AuditWriter(ds, 'notifications');
  const producer = createRedis(opts.redisUrl, 'producer');
  const jobs = new BullJobs(producer, opts.queuePrefix);
  const pipeline = new NotificationPipeline(
    ds,
    opts.directory,
    opts.mail,
    jobs,
    opts.settings,
    opts.clock,
    logger,
  );

  @Module({})
  class NotificationsAppModule {
    static create(): DynamicModule {
      return {
        module: NotificationsAppModule,
        imports: [
          NotificationsDomainModule.forRoot({ dataSource: ds, audit, pipeline }),
          GraphQLModule.forRoot<ApolloFederationDriverConfig>(
            subgraphGraphqlConfig({
              service: 'notifications',
              production: opts.production,
              logger,
              audit,
              context: (req: Request): NotificationsContext => {
                const actor = actorOf(req);
                const operation =
                  typeof req.body?.operationName === 'string'
                    ? req.body.operationName.slice(0, 100)
                    : 'graphql';
                return {
                  req,
                  actor,
                  audit: new RequestAudit(
                    { userId: actor.userId, agencyId: actor.agencyId, requestId: actor.requestId },
                    () => `notifications:${operation}`,
                  ),
                };
              },
            }),
          ),
        ],
        // Every subgraph's DateTime refuses dates that do not exist before a resolver runs.
        providers: [StrictDateTimeScalar],
        controllers: [HealthController],
      };
    }
  }

  const app = await NestFactory.create(NotificationsAppModule.create(), {
    logger: false,
    bodyParser: true,
    abortOnError: false,
  });
  app.use(
    createInternalAuthMiddleware(
      new InternalTokenVerifier({ publicKey: opts.internalPublicKey, audience: 'notifications' }),
    ),
  );
  app.useGlobalPipes(subgraphValidationPipe());

  const workerConn = opts.worker === false ? undefined : createRedis(opts.redisUrl, 'worker');
  const worker = workerConn
    ? await startNotificationsWorker({
        pipeline,
        jobs,
        connection: workerConn,
        prefix: opts.queuePrefix,
        logger,
        reconcileIntervalMs: opts.reconcileIntervalMs,
        concurrency: opts.concurrency,
        redisReadyWarnMs: opts.redisReadyWarnMs,
      })
    : undefined;

  return {
    app,
    ds,
    pipeline,
    jobs,
    worker,
    close: async () => {
      await app.close();
      await worker?.close();
      await jobs.close();
      producer.disconnect();
      workerConn?.disconnect();
      if (ds.isInitialized) await ds.destroy();
    },
  };
}
