import { createSubgraphRuntime, type BuiltSubgraph, type SubgraphBaseOptions } from '@scp/platform-runtime';
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

/** With `redisUrl`, the outbox relay, the case-events consumer and the reminder sweep run in this process. */
export interface MeetingsAppOptions extends SubgraphBaseOptions {
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
export async function createMeetingsApp(opts: MeetingsAppOptions): Promise<BuiltSubgraph> {
  const queueFor = meetingEventQueues;
  const rt = await createSubgraphRuntime({
    ...opts,
    service: 'meetings',
    entities: MEETINGS_ENTITIES,
    queueFor,
  });
  const { ds, audit, outbox, logger } = rt;
  const { clock, freeText, directory, invites } = opts;
  const app = await rt.createApp({
    imports: [
      MeetingsDomainModule.forRoot({ dataSource: ds, audit, outbox, clock, freeText, directory, invites }),
    ],
    context: (base): MeetingsContext => ({ ...base, access: new MeetingsAccess(base.actor, ds) }),
  });
  if (opts.redisUrl)
    rt.onClose(
      startParticipationConsumer({
        ds,
        connection: rt.workerConnection(),
        prefix: opts.queuePrefix,
        logger,
      }),
    );
  // The reminder sweeps are idempotent (action_deadline_events, contribution_reminders), so every
  // replica may run them.
  const actions = app.get(ActionsService);
  const meetings = app.get(MeetingsService);
  if (rt.producer)
    rt.every(opts.sweepIntervalMs ?? 15 * 60_000, 'reminder sweep', () =>
      actions.sweepDeadlines().then(() => meetings.sweepContributions()),
    );
  return rt.built();
}
