import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Worker } from 'bullmq';
import { QUEUES, type EventEnvelope } from '@scp/contracts';
import { consumeOnce, createWorker } from '@scp/platform-messaging';
import type { PlatformLogger } from '@scp/platform-database';
import { ParticipationReplica } from './participation.replica.js';

export const PARTICIPATION_CONSUMER = 'meetings.participation-replica';

/**
 * Consumes `case-events.meetings` into the participation replica, once per event
 * (processed_events) and in the same transaction as the change.
 */
export function startParticipationConsumer(opts: {
  ds: DataSource;
  connection: Redis;
  prefix?: string;
  logger?: PlatformLogger;
}): Worker<EventEnvelope> {
  return createWorker<EventEnvelope>(
    QUEUES.caseEventsForMeetings,
    async (job) => {
      await consumeOnce(opts.ds, 'meetings', PARTICIPATION_CONSUMER, job.data.id, (m) =>
        ParticipationReplica.apply(m, job.data),
      );
    },
    opts.connection,
    { prefix: opts.prefix, logger: opts.logger },
  );
}
