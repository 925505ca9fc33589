export { createRedis, onRedisReady, waitForRedis, type RedisRole } from './redis-connection.js';
export {
  DEFAULT_JOB_OPTIONS,
  createQueue,
  createWorker,
  closeAll,
  type CreateWorkerOptions,
} from './queue.js';
export {
  OutboxRelay,
  type OutboxRelayOptions,
  type OutboxJobData,
  type ReconcileResult,
} from './outbox-relay.js';
export {
  processedEventsTableSql,
  dropProcessedEventsTableSql,
  consumeOnce,
  type ProcessedEventsTableSqlOptions,
} from './idempotent-consumer.js';
export {
  ACTOR_CHANGES_CHANNEL,
  ActorChangePublisher,
  parseActorChange,
  subscribeActorChanges,
  type ActorChange,
  type ActorChangeListener,
} from './actor-changes.js';
