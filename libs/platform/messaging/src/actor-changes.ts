import type { Redis } from 'ioredis';
import { createRedis } from './redis-connection.js';

/**
 * A change to who an actor is: one user's roles or status (`userId`), or a whole agency's
 * (`agencyId`). Neither set means "anything may have changed".
 */
export interface ActorChange {
  userId?: string;
  agencyId?: string;
}

export const ACTOR_CHANGES_CHANNEL = 'scp:actor-changes';

/** The directory tells every gateway replica that a cached actor is stale. */
export class ActorChangePublisher {
  constructor(
    private readonly redis: Redis,
    private readonly channel = ACTOR_CHANGES_CHANNEL,
  ) {}

  /** Rejects when Redis cannot take the message, so the caller can refuse the change. */
  async publish(change: ActorChange): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(change));
  }
}

export interface ActorChangeListener {
  onChange(change: ActorChange): void;
  /**
   * `false` while the subscription is down: pub/sub does not replay what was sent meanwhile, so
   * anything cached may be stale and must not be used until `true` again.
   */
  onLive(live: boolean): void;
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 256 ? v : undefined);

/** Parses a message; anything malformed means "anything may have changed" (fail closed). */
export function parseActorChange(message: string): ActorChange {
  try {
    const body = JSON.parse(message) as Record<string, unknown> | null;
    const userId = str(body?.userId);
    const agencyId = str(body?.agencyId);
    return { ...(userId ? { userId } : {}), ...(agencyId ? { agencyId } : {}) };
  } catch {
    return {};
  }
}

/** Subscribes `listener` to actor changes; live only between a confirmed subscribe and a drop. */
export function subscribeActorChanges(
  url: string,
  listener: ActorChangeListener,
  channel = ACTOR_CHANGES_CHANNEL,
): { close(): Promise<void> } {
  const redis = createRedis(url, 'worker', { autoResubscribe: false });
  listener.onLive(false);
  redis.on('message', (ch: string, message: string) => {
    if (ch === channel) listener.onChange(parseActorChange(message));
  });
  redis.on('ready', () => {
    redis.subscribe(channel).then(
      () => listener.onLive(true),
      () => listener.onLive(false),
    );
  });
  for (const event of ['close', 'reconnecting', 'end']) redis.on(event, () => listener.onLive(false));
  return {
    async close() {
      listener.onLive(false);
      redis.disconnect();
    },
  };
}
