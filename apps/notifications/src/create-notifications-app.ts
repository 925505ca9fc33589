import { createSubgraphRuntime, type BuiltSubgraph, type SubgraphBaseOptions } from '@scp/platform-runtime';
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

export interface NotificationsAppOptions extends SubgraphBaseOptions {
  /** Required: the inbox is fed by events, and emails and reminders are jobs. */
  redisUrl: string;
  directory: RecipientDirectory;
  mail: MailSender;
  settings: NotificationSettings;
  /** Run the BullMQ worker in this process (default true). */
  worker?: boolean;
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
export async function createNotificationsApp(
  opts: NotificationsAppOptions,
): Promise<BuiltSubgraph & { pipeline: NotificationPipeline; jobs: BullJobs; worker?: NotificationsWorker }> {
  const rt = await createSubgraphRuntime({
    ...opts,
    service: 'notifications',
    entities: NOTIFICATIONS_ENTITIES,
  });
  const { ds, audit, logger } = rt;
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
  await rt.createApp({
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
  return { ...rt.built(), pipeline, jobs, worker };
}
