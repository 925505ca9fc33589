import pg from 'pg';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope, EventType, QueueName } from '@scp/contracts';
import {
  assertIdentifier,
  outboxChannel,
  qualified,
  toEnvelope,
  withTransaction,
  type OutboxRow,
  type PlatformLogger,
} from '@scp/platform-database';
import { watchOutbox } from '@scp/platform-telemetry';
import { createQueue } from './queue.js';
import { onRedisReady } from './redis-connection.js';

/** Job data of an outbox event: the envelope (ids and codes only; see libs/contracts). */
export type OutboxJobData = EventEnvelope;

export interface OutboxRelayOptions {
  ds: DataSource;
  schema: string;
  /** The queue(s) an event type goes to; one per consuming service (BullMQ consumers of one queue compete). */
  queueFor: (type: EventType) => QueueName | readonly QueueName[];
  /** A producer connection (`createRedis(url, 'producer')`); owned by the caller. */
  connection: Redis;
  prefix?: string;
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (missed while disconnected, or rows waiting for a retry). */
  pollIntervalMs?: number;
  /** An `enqueued` row older than this is checked against its jobs (reconciler). */
  staleAfterMs?: number;
  /** Retry delay after a failed enqueue: base * 2^attempts, capped, with ±20% jitter. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Set false to use the poll only (no LISTEN connection). */
  listen?: boolean;
  /**
   * Delivered rows are deleted after this long (default 30 days), an hourly pass of at most a few
   * thousand rows. Only `delivered` rows: pending, enqueued and failed ones stay until resolved.
   */
  deliveredRetentionMs?: number;
  logger?: PlatformLogger;
}

export interface ReconcileResult {
  reset: number;
  delivered: number;
  failed: number;
  stillQueued: number;
}

const ERROR_TEXT_LIMIT = 500;

function errorText(err: unknown): string {
  return (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, ERROR_TEXT_LIMIT);
}

/**
 * Moves `<schema>.outbox` rows to BullMQ. Several replicas may run one each: rows are claimed
 * with FOR UPDATE SKIP LOCKED. A row becomes `enqueued` only after every `queue.add` resolved;
 * a failed add leaves it `pending` with a later `next_attempt_at`. The reconciler looks at rows
 * `enqueued` for longer than `staleAfterMs`: job completed → `delivered`; job failed for good →
 * `failed`; job missing (Redis lost it, or the history was trimmed) → `pending` again, and the
 * idempotent consumers absorb the re-send.
 */
export class OutboxRelay {
  private readonly ds: DataSource;
  private readonly schema: string;
  private readonly table: string;
  private readonly queues = new Map<QueueName, Queue<OutboxJobData>>();
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly staleAfterMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly deliveredRetentionMs: number;
  private readonly logger?: PlatformLogger;

  private running = false;
  private timer?: NodeJS.Timeout;
  private loop?: Promise<void>;
  private wakeRequested = false;
  private lastReconcile = 0;
  private lastPurge = 0;
  private listener?: pg.Client;
  private listenerConnecting?: Promise<void>;
  private offReady?: () => void;
  private pendingNow?: Promise<void>;
  private unwatch?: () => void;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.ds = opts.ds;
    this.schema = assertIdentifier(opts.schema, 'schema name');
    this.table = qualified(opts.schema, 'outbox');
    this.batchSize = opts.batchSize ?? 100;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1_000;
    this.staleAfterMs = opts.staleAfterMs ?? 5 * 60_000;
    this.retryBaseMs = opts.retryBaseMs ?? 1_000;
    this.retryMaxMs = opts.retryMaxMs ?? 60_000;
    this.deliveredRetentionMs = opts.deliveredRetentionMs ?? 30 * 24 * 60 * 60_000;
    this.logger = opts.logger;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.opts.listen !== false) void this.ensureListener();
    // Redis back after an outage: what failed meanwhile goes now, not at its backoff's pace.
    this.offReady = onRedisReady(this.opts.connection, () => void this.relayPendingNow());
    this.unwatch = watchOutbox(this.schema, () => this.pendingStats());
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unwatch?.();
    this.unwatch = undefined;
    this.offReady?.();
    this.offReady = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.pendingNow;
    await this.loop?.catch(() => undefined);
    await this.listenerConnecting?.catch(() => undefined);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.queues.clear();
  }

  /**
   * Claims one batch of due pending rows and enqueues them. Returns how many were enqueued;
   * failures stay pending (attempts + 1, later next_attempt_at, last_error) and are not thrown.
   */
  async drainOnce(): Promise<number> {
    return withTransaction(this.ds, async (manager) => {
      // raw SQL: FOR UPDATE SKIP LOCKED claim on the schema's outbox table (no entity)
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, type, aggregate_type, aggregate_id, actor_id, correlation_id, payload, status, attempts, created_at
           FROM ${this.table}
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, created_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      const errors = await this.enqueueAll(rows);
      const enqueued: string[] = [];
      const failed: { id: string; error: string }[] = [];
      for (const row of rows) {
        const error = errors.get(row.id);
        if (error === undefined) enqueued.push(row.id);
        else failed.push({ id: row.id, error });
      }
      if (enqueued.length) {
        // raw SQL: the claimed rows marked enqueued (the schema's outbox table)
        await manager.query(
          `UPDATE ${this.table} SET status = 'enqueued', enqueued_at = now(), last_error = NULL WHERE id = ANY($1::uuid[])`,
          [enqueued],
        );
      }
      if (failed.length) await this.recordFailures(manager, failed);
      return enqueued.length;
    });
  }

  /**
   * Makes every pending row due now and runs a pass: called when the Redis connection becomes
   * ready (again). A row whose enqueue failed during an outage waits `retryBaseMs * 2^attempts`
   * (up to `retryMaxMs`); once Redis answers there is nothing left to wait for. Resolves when the
   * rows are due and the pass is asked for (not when it has run); errors are logged, not thrown.
   */
  relayPendingNow(): Promise<void> {
    if (!this.running) return Promise.resolve();
    // raw SQL: every pending row made due (the schema's outbox table)
    this.pendingNow ??= this.ds
      .query(
        `UPDATE ${this.table} SET next_attempt_at = now() WHERE status = 'pending' AND next_attempt_at > now()`,
      )
      .then(
        () => this.wake(),
        (err: unknown) => {
          this.logger?.warn(
            { schema: this.schema, err: { name: (err as Error)?.name } },
            'outbox rows not made due after Redis came back; they go at their retry time',
          );
          this.wake();
        },
      )
      .finally(() => {
        this.pendingNow = undefined;
      });
    return this.pendingNow;
  }

  /** One pass of the reconciler over stale `enqueued` rows. Leaves rows alone while Redis is unreachable. */
  async reconcileOnce(): Promise<ReconcileResult> {
    const result: ReconcileResult = { reset: 0, delivered: 0, failed: 0, stillQueued: 0 };
    await withTransaction(this.ds, async (manager) => {
      // raw SQL: the reconciler's stale enqueued rows, SKIP LOCKED
      const rows: Pick<OutboxRow, 'id' | 'type'>[] = await manager.query(
        `SELECT id, type FROM ${this.table}
          WHERE status = 'enqueued' AND enqueued_at < now() - make_interval(secs => $1::double precision / 1000)
          ORDER BY enqueued_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED`,
        [this.staleAfterMs, this.batchSize],
      );
      if (rows.length === 0) return;
      const verdicts = await Promise.allSettled(rows.map((row) => this.jobVerdict(row)));
      const by: Record<keyof ReconcileResult, string[]> = {
        reset: [],
        delivered: [],
        failed: [],
        stillQueued: [],
      };
      verdicts.forEach((v, i) => {
        // Redis unreachable: say nothing about the row; the next pass decides.
        if (v.status === 'fulfilled') by[v.value].push(rows[i]!.id);
      });
      const update = async (ids: string[], set: string) => {
        if (ids.length)
          // raw SQL: the reconciler's verdicts, one UPDATE per kind
          await manager.query(`UPDATE ${this.table} SET ${set} WHERE id = ANY($1::uuid[])`, [ids]);
      };
      await update(by.reset, `status = 'pending', next_attempt_at = now(), enqueued_at = NULL`);
      await update(by.delivered, `status = 'delivered', delivered_at = now()`);
      await update(
        by.failed,
        `status = 'failed', last_error = 'consumer job failed; kept in its queue for inspection'`,
      );
      // Still waiting or running: look again after another staleAfterMs.
      await update(by.stillQueued, `enqueued_at = now()`);
      result.reset = by.reset.length;
      result.delivered = by.delivered.length;
      result.failed = by.failed.length;
      result.stillQueued = by.stillQueued.length;
    });
    if (result.reset)
      this.logger?.warn({ schema: this.schema, reset: result.reset }, 'outbox rows re-sent: jobs missing');
    return result;
  }

  /**
   * Deletes delivered rows older than the retention, `limit` at a time, up to `passes` batches.
   * Returns how many went. A delivered row is never sent again, so nothing depends on it.
   */
  async purgeDelivered(limit = 1_000, passes = 5): Promise<number> {
    let total = 0;
    for (let i = 0; i < passes; i++) {
      // As a CTE, so the driver answers with rows (a bare DELETE … RETURNING gives [rows, count]).
      // raw SQL: the purge of delivered rows in bounded batches (DELETE … RETURNING count)
      const [{ n }]: { n: number }[] = await this.ds.query(
        `WITH gone AS (
           DELETE FROM ${this.table} WHERE id IN (
             SELECT id FROM ${this.table}
              WHERE status = 'delivered' AND delivered_at < now() - make_interval(secs => $1::double precision / 1000)
              LIMIT $2 FOR UPDATE SKIP LOCKED)
           RETURNING id)
         SELECT count(*)::int AS n FROM gone`,
        [this.deliveredRetentionMs, limit],
      );
      total += n;
      if (n < limit) break;
    }
    if (total) this.logger?.info({ schema: this.schema, purged: total }, 'delivered outbox rows purged');
    return total;
  }

  /** Number of pending rows and the age of the oldest (scp_outbox_pending, scp_outbox_oldest_pending_age_seconds). */
  async pendingStats(): Promise<{ pending: number; oldestSeconds: number }> {
    // raw SQL: the backlog figures for the metrics scrape
    const [row] = await this.ds.query(
      `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS oldest
         FROM ${this.table} WHERE status = 'pending'`,
    );
    return { pending: row.pending, oldestSeconds: row.oldest };
  }

  private queueNames(type: EventType): readonly QueueName[] {
    const q = this.opts.queueFor(type);
    return typeof q === 'string' ? [q] : q;
  }

  private queue(name: QueueName): Queue<OutboxJobData> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = createQueue<OutboxJobData>(name, this.opts.connection, this.opts.prefix);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Adds a batch's jobs with one `addBulk` (one MULTI) per consumer queue. Returns the error of
   * each row that is not in every one of its queues; such a row stays pending and is retried.
   * jobId = event id: a second add of the same event (a retry after a lost reply or a failed bulk,
   * a reset by the reconciler while the job still exists) is a no-op in BullMQ.
   */
  private async enqueueAll(rows: OutboxRow[]): Promise<Map<string, string>> {
    const errors = new Map<string, string>();
    const byQueue = new Map<QueueName, OutboxRow[]>();
    for (const row of rows) {
      const names = this.queueNames(row.type);
      if (names.length === 0) errors.set(row.id, `No queue for event type ${row.type}`);
      for (const name of names) byQueue.set(name, [...(byQueue.get(name) ?? []), row]);
    }
    await Promise.all(
      [...byQueue].map(async ([name, queued]) => {
        try {
          await this.queue(name).addBulk(
            queued.map((row) => ({ name: row.type, data: toEnvelope(row), opts: { jobId: row.id } })),
          );
        } catch (error) {
          for (const row of queued) if (!errors.has(row.id)) errors.set(row.id, errorText(error));
        }
      }),
    );
    return errors;
  }

  private async jobVerdict(row: Pick<OutboxRow, 'id' | 'type'>): Promise<keyof ReconcileResult> {
    const states = await Promise.all(
      this.queueNames(row.type).map((name) => this.queue(name).getJobState(row.id)),
    );
    if (states.includes('unknown')) return 'reset';
    if (states.includes('failed')) return 'failed';
    if (states.every((s) => s === 'completed')) return 'delivered';
    return 'stillQueued';
  }

  private async recordFailures(
    manager: EntityManager,
    failed: { id: string; error: string }[],
  ): Promise<void> {
    // raw SQL: failures recorded with per-row backoff from a VALUES list
    await manager.query(
      `UPDATE ${this.table} AS o
          SET attempts = o.attempts + 1,
              last_error = f.error,
              next_attempt_at = now() + make_interval(secs =>
                least($3::double precision, $2::double precision * power(2, least(o.attempts, 30)))
                * (0.8 + random() * 0.4) / 1000)
         FROM unnest($1::uuid[], $4::text[]) AS f(id, error)
        WHERE o.id = f.id`,
      [failed.map((f) => f.id), this.retryBaseMs, this.retryMaxMs, failed.map((f) => f.error)],
    );
    this.logger?.warn(
      { schema: this.schema, failed: failed.length, error: failed[0]!.error },
      'outbox enqueue failed',
    );
  }

  /** Runs now (coalescing concurrent wake-ups), then again after the poll interval. */
  private wake(): void {
    if (!this.running) return;
    if (this.loop) {
      this.wakeRequested = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.loop = this.runLoop().finally(() => {
      this.loop = undefined;
      if (!this.running) return;
      if (this.wakeRequested) {
        this.wakeRequested = false;
        this.wake();
      } else {
        this.timer = setTimeout(() => this.wake(), this.pollIntervalMs);
      }
    });
  }

  private async runLoop(): Promise<void> {
    try {
      if (this.opts.listen !== false && !this.listener) void this.ensureListener();
      // Keep draining while full batches come back; stop at the first short batch.
      while (this.running && (await this.drainOnce()) === this.batchSize);
      if (this.running && Date.now() - this.lastReconcile >= Math.min(this.staleAfterMs, 60_000)) {
        this.lastReconcile = Date.now();
        await this.reconcileOnce();
      }
      if (this.running && Date.now() - this.lastPurge >= 60 * 60_000) {
        this.lastPurge = Date.now();
        await this.purgeDelivered();
      }
    } catch (err) {
      this.logger?.error(
        { schema: this.schema, err: { name: (err as Error)?.name } },
        'outbox relay pass failed',
      );
    }
  }

  private ensureListener(): Promise<void> {
    if (this.listener || this.listenerConnecting) return this.listenerConnecting ?? Promise.resolve();
    this.listenerConnecting = (async () => {
      const o = this.ds.options as { url?: string; extra?: { options?: string }; applicationName?: string };
      const client = new pg.Client({
        connectionString: o.url,
        options: o.extra?.options,
        application_name: o.applicationName ? `${o.applicationName}-outbox-listen` : 'outbox-listen',
      });
      client.on('error', () => {
        // Dropped: the poll keeps working; the next loop reconnects.
        if (this.listener === client) this.listener = undefined;
        void client.end().catch(() => undefined);
      });
      client.on('notification', () => this.wake());
      await client.connect();
      // raw SQL: LISTEN on the outbox channel (a pg client, not TypeORM)
      await client.query(`LISTEN "${outboxChannel(this.schema)}"`);
      if (!this.running) {
        await client.end();
        return;
      }
      this.listener = client;
    })()
      .catch((err) => {
        this.logger?.warn(
          { schema: this.schema, err: { name: (err as Error)?.name } },
          'outbox LISTEN unavailable',
        );
      })
      .finally(() => {
        this.listenerConnecting = undefined;
      });
    return this.listenerConnecting;
  }
}
