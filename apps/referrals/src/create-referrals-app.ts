import type { Worker } from 'bullmq';
import { createWorker } from '@scp/platform-messaging';
import { createSubgraphRuntime, type BuiltSubgraph, type SubgraphBaseOptions } from '@scp/platform-runtime';
import { EVENT_TYPES, QUEUES, type EventEnvelope, type EventType, type QueueName } from '@scp/contracts';
import {
  applyCaseEvent,
  ReferralAccess,
  ReferralMonitorService,
  REFERRALS_ENTITIES,
  ReferralsDomainModule,
  type ReferralsContext,
} from '@scp/referrals';
import { InternalController } from './internal.controller.js';

/** With `redisUrl`, the outbox relay and the consumer of the cases service's events run in this process. */
export interface ReferralsAppOptions extends SubgraphBaseOptions {
  /**
   * Public keys of the services allowed to call `/internal/*` (the cases service's own key for the
   * referral hand-off). Only service tokens signed by these pass there, and these keys pass nowhere
   * else. Defaults to the gateway's key (development, single key pair).
   */
  serviceCallerKeys?: string[];
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
export async function createReferralsApp(
  opts: ReferralsAppOptions,
): Promise<BuiltSubgraph & { worker?: Worker }> {
  const queueFor = referralQueuesFor;
  const rt = await createSubgraphRuntime({
    ...opts,
    service: 'referrals',
    entities: REFERRALS_ENTITIES,
    queueFor,
  });
  const { ds, audit, outbox, logger } = rt;
  const app = await rt.createApp({
    servicePaths: [
      {
        prefix: '/internal/',
        keys: opts.serviceCallerKeys?.length ? opts.serviceCallerKeys : opts.internalPublicKey,
      },
    ],
    imports: [ReferralsDomainModule.forRoot({ dataSource: ds, audit, outbox })],
    controllers: [InternalController],
    context: (base): ReferralsContext => ({ ...base, access: new ReferralAccess(base.actor) }),
  });
  // One at a time: participation-added and -ended of one case must apply in order.
  const worker = opts.redisUrl
    ? rt.onClose(
        createWorker<EventEnvelope>(
          QUEUES.caseEventsForReferrals,
          async (job) => {
            await applyCaseEvent(ds, job.data);
          },
          rt.workerConnection(),
          { prefix: opts.queuePrefix, logger, concurrency: 1 },
        ),
      )
    : undefined;
  const monitor = app.get(ReferralMonitorService);
  rt.every(opts.overdueCheckMs ?? 60_000, 'overdue check', () => monitor.flagOverdue());
  return { ...rt.built(), worker };
}
