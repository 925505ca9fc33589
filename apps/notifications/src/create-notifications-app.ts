import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Logger } from '@scp/platform-logging';
import { SubgraphRuntime } from '@scp/platform-runtime';
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
  const rt = await SubgraphRuntime.create({
    service: 'notifications',
    databaseUrl: opts.databaseUrl,
    entities: NOTIFICATIONS_ENTITIES,
    logger: opts.logger,
    redisUrl: opts.redisUrl,
    queuePrefix: opts.queuePrefix,
  });
  const { ds, audit, logger } = rt;
  // Required: the inbox is fed by events, and emails and reminders are jobs.
  if (!rt.producer) throw new Error('the notifications service needs Redis');
  const jobs = new BullJobs(rt.producer, opts.queuePrefix);
  const pipeline = new NotificationPipeline(
    ds,
    opts.directory,
    opts.mail,
    jobs,
    opts.settings,
    opts.clock,
    logger,
  );
  const app = await rt.createApp({
    production: opts.production,
    internalPublicKey: opts.internalPublicKey,
    imports: [NotificationsDomainModule.forRoot({ dataSource: ds, audit, pipeline })],
    context: (base): NotificationsContext => base,
  });
  const worker =
    opts.worker === false
      ? undefined
      : rt.onClose(
          await startNotificationsWorker({
            pipeline,
            jobs,
            connection: rt.workerConnection(),
            prefix: opts.queuePrefix,
            logger,
            reconcileIntervalMs: opts.reconcileIntervalMs,
            concurrency: opts.concurrency,
            redisReadyWarnMs: opts.redisReadyWarnMs,
          }),
        );
  rt.onClose(jobs);
  return { app, ds, pipeline, jobs, worker, close: rt.close };
}
