import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { Request } from 'express';
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
import { createRedis, OutboxRelay } from '@scp/platform-messaging';
import { EVENT_TYPES, QUEUES, type EventType, type QueueName } from '@scp/contracts';
import {
  ActionsService,
  MEETINGS_ENTITIES,
  MeetingsAccess,
  MeetingsDomainModule,
  MeetingsService,
  startParticipationConsumer,
  type ClinicDirectory,
  type Clock,
  type FreeTextChecker,
  type InviteSettings,
  type MeetingsContext,
} from '@scp/meetings';
import { HealthController } from './health.controller.js';

export interface MeetingsAppOptions {
  databaseUrl: string;
  internalPublicKey: string;
  production: boolean;
  logger?: Logger;
  /** When set, the outbox relay, the case-events consumer and the reminder sweep run in this process. */
  redisUrl?: string;
  /** BullMQ key prefix (tests give each file its own). */
  queuePrefix?: string;
  /** Tests move time; production uses the wall clock. */
  clock?: Clock;
  freeText?: FreeTextChecker;
  /** Who belongs to which clinic (the cases service's directory); without it no one is invited. */
  directory?: ClinicDirectory;
  invites?: InviteSettings;
  /** How often the action reminder sweep runs (ms; default 15 minutes; 0 disables). */
  sweepIntervalMs?: number;
}

/**
 * Where each meetings event goes: the cases service keeps its open-actions replica, the next
 * review date and the case's status (listed, reviewed, unlisted) from `meeting-events.cases`; notifications consume every action event.
 */
export function meetingEventQueues(type: EventType): readonly QueueName[] {
  if (type === EVENT_TYPES.actionStatusChanged)
    return [QUEUES.meetingEventsForCases, QUEUES.meetingEventsForNotifications];
  if (
    type === EVENT_TYPES.nextReviewSet ||
    type === EVENT_TYPES.caseListed ||
    type === EVENT_TYPES.caseReviewed ||
    type === EVENT_TYPES.caseUnlisted
  )
    return [QUEUES.meetingEventsForCases];
  return [QUEUES.meetingEventsForNotifications];
}

/** Builds the meetings subgraph (not listening): tests and main.ts use this. */
export async function createMeetingsApp(opts: MeetingsAppOptions): Promise<{
  app: INestApplication;
  ds: DataSource;
  relay?: OutboxRelay;
  close(): Promise<void>;
}> {
  const logger = opts.logger ?? createLogger('meetings');
  const ds = createDataSource({
    url: opts.databaseUrl,
    schema: 'meetings',
    entities: MEETINGS_ENTITIES,
    applicationName: 'scp-meetings',
    runtimeRole: RUNTIME_ROLE,
    poolSize: 10,
    logger,
  });
  await ds.initialize();
  const audit = new AuditWriter(ds, 'meetings');
  const outbox = new Outbox('meetings');

  @Module({})
  class MeetingsAppModule {
    static create(): DynamicModule {
      return {
        module: MeetingsAppModule,
        imports: [
          MeetingsDomainModule.forRoot({
            dataSource: ds,
            audit,
            outbox,
            clock: opts.clock,
            freeText: opts.freeText,
            directory: opts.directory,
            invites: opts.invites,
          }),
          GraphQLModule.forRoot<ApolloFederationDriverConfig>(
            subgraphGraphqlConfig({
              service: 'meetings',
              production: opts.production,
              logger,
              audit,
              context: (req: Request): MeetingsContext => {
                const actor = actorOf(req);
                const operation =
                  typeof req.body?.operationName === 'string'
                    ? req.body.operationName.slice(0, 100)
                    : 'graphql';
                return {
                  req,
                  actor,
                  access: new MeetingsAccess(actor, ds),
                  audit: new RequestAudit(
                    { userId: actor.userId, agencyId: actor.agencyId, requestId: actor.requestId },
                    () => `meetings:${operation}`,
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

  const app = await NestFactory.create(MeetingsAppModule.create(), {
    logger: false,
    bodyParser: true,
    abortOnError: false,
  });
  app.use(
    createInternalAuthMiddleware(
      new InternalTokenVerifier({ publicKey: opts.internalPublicKey, audience: 'meetings' }),
    ),
  );
  app.useGlobalPipes(subgraphValidationPipe());
  // No Nest shutdown hooks: main.ts closes everything on SIGTERM (closeOnSignals), relays and
  // workers included; Nest's own hook would end the process before they finish.

  const producer = opts.redisUrl ? createRedis(opts.redisUrl, 'producer') : undefined;
  const workerConn = opts.redisUrl ? createRedis(opts.redisUrl, 'worker') : undefined;
  const relay = producer
    ? new OutboxRelay({
        ds,
        schema: 'meetings',
        queueFor: meetingEventQueues,
        connection: producer,
        prefix: opts.queuePrefix,
        logger,
      })
    : undefined;
  relay?.start();
  const consumer: Worker | undefined = workerConn
    ? startParticipationConsumer({ ds, connection: workerConn, prefix: opts.queuePrefix, logger })
    : undefined;
  // The reminder sweeps are idempotent (action_deadline_events, contribution_reminders), so every
  // replica may run them.
  const actions = app.get(ActionsService);
  const meetings = app.get(MeetingsService);
  const interval = opts.sweepIntervalMs ?? 15 * 60_000;
  const sweep =
    producer && interval > 0
      ? setInterval(() => {
          actions
            .sweepDeadlines()
            .then(() => meetings.sweepContributions())
            .catch((err: Error) => logger.warn({ err: { name: err.name } }, 'reminder sweep failed'));
        }, interval)
      : undefined;
  sweep?.unref();

  return {
    app,
    ds,
    relay,
    close: async () => {
      if (sweep) clearInterval(sweep);
      await app.close();
      await consumer?.close();
      await relay?.stop();
      producer?.disconnect();
      workerConn?.disconnect();
      if (ds.isInitialized) await ds.destroy();
    },
  };
}
