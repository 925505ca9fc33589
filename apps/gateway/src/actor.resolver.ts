import type { Actor } from '@scp/contracts';
import type { ActorRecord, CasesInternalClient } from './cases-internal.client.js';

/**
 * Subject (from the verified user token) → Actor (from the cases directory).
 *
 * Trade-off, documented: resolved actors are reused for `ttlMs` (default 5 s, 0 disables). A role
 * removed or a user disabled in the directory therefore takes effect within 5 s at the gateway,
 * instead of costing a directory round trip on every request. Subgraphs still check case
 * participation per request from their own data, so the window covers only role/agency/clinic
 * membership. Unknown users are not cached, so a newly created user can log in at once.
 */
export class ActorResolver {
  private readonly cache = new Map<string, { record: ActorRecord; until: number }>();
  private readonly inflight = new Map<string, Promise<ActorRecord | null>>();

  constructor(
    private readonly client: CasesInternalClient,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async resolve(subject: string, requestId: string): Promise<Actor | null> {
    const record = await this.record(subject, requestId);
    return record
      ? { ...record, roles: [...record.roles], clinicIds: [...record.clinicIds], requestId }
      : null;
  }

  private async record(subject: string, requestId: string): Promise<ActorRecord | null> {
    if (this.ttlMs > 0) {
      const hit = this.cache.get(subject);
      if (hit && hit.until > this.clock()) return hit.record;
      if (hit) this.cache.delete(subject);
    }
    // Concurrent first requests of one user share a single directory call.
    const pending = this.inflight.get(subject);
    if (pending) return pending;
    const lookup = this.client.lookupActor(subject, requestId).finally(() => this.inflight.delete(subject));
    this.inflight.set(subject, lookup);
    const record = await lookup;
    if (record && this.ttlMs > 0) {
      if (this.cache.size >= this.maxEntries) {
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
      this.cache.set(subject, { record, until: this.clock() + this.ttlMs });
    }
    return record;
  }
}
