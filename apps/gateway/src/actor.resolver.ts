import type { Actor } from '@scp/contracts';
import type { ActorChange, ActorChangeListener } from '@scp/platform-messaging';
import type { ActorRecord, CasesInternalClient } from './cases-internal.client.js';

/**
 * Subject (from the verified user token) → Actor (from the cases directory).
 *
 * Resolved actors are reused for `ttlMs` (default 5 s, 0 disables) to spare a directory round
 * trip per request, but never past a change: the directory announces every change to a user or
 * an agency before committing it (`onChange`), which drops the cached actors it concerns and
 * keeps them uncached for one TTL (a lookup racing the commit cannot cache the old roles). While
 * the announcement channel is down (`onLive(false)`) nothing is reused, since a change may have
 * been missed. Unknown users are not cached, so a newly created user can log in at once.
 */
export class ActorResolver implements ActorChangeListener {
  private readonly cache = new Map<string, { record: ActorRecord; until: number }>();
  private readonly inflight = new Map<string, Promise<ActorRecord | null>>();
  /** Users and agencies changed within the last TTL: their actors are not cached. */
  private readonly unsettled = new Map<string, number>();
  private live: boolean;

  constructor(
    private readonly client: CasesInternalClient,
    private readonly ttlMs: number,
    opts: { maxEntries?: number; clock?: () => number; live?: boolean } = {},
  ) {
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.clock = opts.clock ?? Date.now;
    this.live = opts.live ?? false;
  }

  private readonly maxEntries: number;
  private readonly clock: () => number;

  async resolve(subject: string, requestId: string): Promise<Actor | null> {
    const record = await this.record(subject, requestId);
    return record
      ? { ...record, roles: [...record.roles], clinicIds: [...record.clinicIds], requestId }
      : null;
  }

  onLive(live: boolean): void {
    this.live = live;
    if (!live) this.cache.clear();
  }

  onChange(change: ActorChange): void {
    const until = this.clock() + this.ttlMs;
    // A lookup already on its way may carry the old roles: later requests must not join it.
    this.inflight.clear();
    if (!change.userId && !change.agencyId) {
      this.cache.clear();
      this.unsettled.set('*', until);
      return;
    }
    if (change.userId) this.unsettled.set(`u:${change.userId}`, until);
    if (change.agencyId) this.unsettled.set(`a:${change.agencyId}`, until);
    for (const [subject, { record }] of this.cache)
      if (record.userId === change.userId || record.agencyId === change.agencyId) this.cache.delete(subject);
  }

  private cacheable(record: ActorRecord): boolean {
    if (!this.live || this.ttlMs <= 0) return false;
    const now = this.clock();
    for (const [key, until] of this.unsettled) if (until <= now) this.unsettled.delete(key);
    return !['*', `u:${record.userId}`, `a:${record.agencyId}`].some((k) => this.unsettled.has(k));
  }

  private async record(subject: string, requestId: string): Promise<ActorRecord | null> {
    if (this.live && this.ttlMs > 0) {
      const hit = this.cache.get(subject);
      if (hit && hit.until > this.clock()) return hit.record;
      if (hit) this.cache.delete(subject);
    }
    // Concurrent first requests of one user share a single directory call.
    const pending = this.inflight.get(subject);
    if (pending) return pending;
    const lookup: Promise<ActorRecord | null> = this.client.lookupActor(subject, requestId).finally(() => {
      if (this.inflight.get(subject) === lookup) this.inflight.delete(subject);
    });
    this.inflight.set(subject, lookup);
    const record = await lookup;
    if (record && this.cacheable(record)) {
      if (this.cache.size >= this.maxEntries) {
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
      this.cache.set(subject, { record, until: this.clock() + this.ttlMs });
    }
    return record;
  }
}
