import type { Actor } from '@scp/contracts';
import type { ActorChange, ActorChangeListener } from '@scp/platform-messaging';
import { DirectoryUnavailable, type ActorRecord, type CasesInternalClient } from './cases-internal.client.js';
import type { Logger } from './logger.js';

export interface ActorResolverOptions {
  maxEntries?: number;
  clock?: () => number;
  live?: boolean;
  /**
   * How long the last record the directory gave for a subject may stand in for it while the
   * directory is unreachable (stale-if-error); 0 disables. See docs/degradation.md.
   */
  staleIfErrorMs?: number;
  logger?: Pick<Logger, 'warn'>;
}

interface Entry {
  record: ActorRecord;
  fetchedAt: number;
}

/**
 * Subject (from the verified user token) → Actor (from the cases directory).
 *
 * Resolved actors are reused for `ttlMs` (default 5 s, 0 disables) to spare a directory round
 * trip per request, but never past a change: the directory announces every change to a user or
 * an agency before committing it (`onChange`), which drops the cached actors it concerns and
 * keeps them uncached for one TTL (a lookup racing the commit cannot cache the old roles). While
 * the announcement channel is down (`onLive(false)`) nothing is reused, since a change may have
 * been missed. Unknown users are not cached, so a newly created user can log in at once.
 *
 * Stale-if-error: the same record, kept for `staleIfErrorMs` (default 15 min), answers for its
 * subject when — and only when — the directory is unreachable (`DirectoryUnavailable`: a network
 * error, a timeout, a 5xx). It obeys every rule above: it exists only if the channel has been live
 * without a break since it was fetched, and any change announced for its user or agency drops it,
 * so a role revoked (announced before its commit) is never served from it.
 */
export class ActorResolver implements ActorChangeListener {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<ActorRecord | null>>();
  /** Users and agencies changed within the last TTL: their actors are not kept. */
  private readonly unsettled = new Map<string, number>();
  private live: boolean;
  /** Bumped at every change of `live`: a lookup that straddles one is not kept. */
  private liveEpoch = 0;
  private readonly maxEntries: number;
  private readonly clock: () => number;
  private readonly staleIfErrorMs: number;
  private readonly settleMs: number;
  private readonly logger?: Pick<Logger, 'warn'>;

  constructor(
    private readonly client: CasesInternalClient,
    private readonly ttlMs: number,
    opts: ActorResolverOptions = {},
  ) {
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.clock = opts.clock ?? Date.now;
    this.live = opts.live ?? false;
    this.staleIfErrorMs = opts.staleIfErrorMs ?? 0;
    // A lookup racing an announced change may read the old roles until the change commits.
    this.settleMs = Math.max(ttlMs, 5_000);
    this.logger = opts.logger;
  }

  async resolve(subject: string, requestId: string): Promise<Actor | null> {
    const record = await this.record(subject, requestId);
    return record
      ? { ...record, roles: [...record.roles], clinicIds: [...record.clinicIds], requestId }
      : null;
  }

  /** Whether change announcements are being received (nothing is reused otherwise). */
  get isLive(): boolean {
    return this.live;
  }

  onLive(live: boolean): void {
    if (live !== this.live) this.liveEpoch += 1;
    this.live = live;
    if (!live) this.entries.clear();
  }

  onChange(change: ActorChange): void {
    const until = this.clock() + this.settleMs;
    // A lookup already on its way may carry the old roles: later requests must not join it.
    this.inflight.clear();
    if (!change.userId && !change.agencyId) {
      this.entries.clear();
      this.unsettled.set('*', until);
      return;
    }
    if (change.userId) this.unsettled.set(`u:${change.userId}`, until);
    if (change.agencyId) this.unsettled.set(`a:${change.agencyId}`, until);
    for (const [subject, { record }] of this.entries)
      if (record.userId === change.userId || record.agencyId === change.agencyId)
        this.entries.delete(subject);
  }

  private keepable(record: ActorRecord, epoch: number): boolean {
    if (!this.live || epoch !== this.liveEpoch || Math.max(this.ttlMs, this.staleIfErrorMs) <= 0)
      return false;
    const now = this.clock();
    for (const [key, until] of this.unsettled) if (until <= now) this.unsettled.delete(key);
    return !['*', `u:${record.userId}`, `a:${record.agencyId}`].some((k) => this.unsettled.has(k));
  }

  private keep(subject: string, record: ActorRecord): void {
    this.entries.delete(subject);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(subject, { record, fetchedAt: this.clock() });
  }

  private async record(subject: string, requestId: string): Promise<ActorRecord | null> {
    const entry = this.live ? this.entries.get(subject) : undefined;
    if (entry && this.ttlMs > 0 && this.clock() - entry.fetchedAt < this.ttlMs) return entry.record;
    const epoch = this.liveEpoch;
    let record: ActorRecord | null;
    try {
      record = await this.lookup(subject, requestId);
    } catch (error) {
      const stale = this.stale(subject);
      if (!(error instanceof DirectoryUnavailable) || !stale) throw error;
      this.logger?.warn(
        { userId: stale.record.userId, ageMs: this.clock() - stale.fetchedAt },
        'directory unavailable; using the last actor record it gave',
      );
      return stale.record;
    }
    // A fresh answer that may not be kept makes the kept one suspect too.
    if (record && this.keepable(record, epoch)) this.keep(subject, record);
    else this.entries.delete(subject);
    return record;
  }

  /** The record to fall back on: still there (no change announced, channel never down) and young enough. */
  private stale(subject: string): Entry | undefined {
    const entry = this.entries.get(subject);
    if (!this.live || !entry || this.staleIfErrorMs <= 0) return undefined;
    return this.clock() - entry.fetchedAt < this.staleIfErrorMs ? entry : undefined;
  }

  /** Concurrent first requests of one user share a single directory call. */
  private lookup(subject: string, requestId: string): Promise<ActorRecord | null> {
    const pending = this.inflight.get(subject);
    if (pending) return pending;
    const lookup: Promise<ActorRecord | null> = this.client.lookupActor(subject, requestId).finally(() => {
      if (this.inflight.get(subject) === lookup) this.inflight.delete(subject);
    });
    this.inflight.set(subject, lookup);
    return lookup;
  }
}
