import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { isDataCategory } from '@scp/contracts';
import { inTransaction, withTransaction } from '@scp/platform-database';
import { auditWriteDuration } from '@scp/platform-telemetry';
import {
  AUDIT_ACTIONS,
  GENESIS_HASH,
  canonicalTimestamp,
  chainHash,
  type AuditEventInput,
  type AuditRecord,
} from './audit-event.js';

/**
 * One constant advisory-lock key for the whole chain: every append, from any service or replica,
 * takes it for the rest of its transaction, so "read last hash, insert next" never interleaves.
 */
export const AUDIT_CHAIN_LOCK_KEY = '5343504155444954'; // the ASCII codes of "SCPAUDIT", read as a decimal bigint

const COLUMNS = [
  'id',
  'occurred_at',
  'actor_id',
  'actor_agency_id',
  'action',
  'entity_type',
  'entity_id',
  'case_id',
  'owner_agency_id',
  'categories',
  'purpose',
  'recipients',
  'request_id',
  'service',
  'prev_hash',
  'hash',
] as const;
/** Rows per INSERT statement: 16 parameters each stays well under PostgreSQL's 65535. */
const ROWS_PER_INSERT = 1_000;

const actions = new Set<string>(AUDIT_ACTIONS);

/**
 * An audit event that must not be written. A programming error in the calling service (which
 * checks a user-supplied purpose itself and answers BAD_USER_INPUT), so it is a plain Error that
 * the GraphQL layer masks; kept free of @scp/platform-graphql so every layer can use the writer.
 */
export class AuditValidationError extends Error {
  override readonly name = 'AuditValidationError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const invalid = (message: string, field: string) => new AuditValidationError(message, field);

function toRecord(service: string, e: AuditEventInput): AuditRecord {
  if (!e.actorId) throw invalid('An audit event needs an actor', 'actorId');
  if (!actions.has(e.action)) throw invalid('Unknown audit action', 'action');
  if (!e.entityType) throw invalid('An audit event needs an entity type', 'entityType');
  if (typeof e.purpose !== 'string' || e.purpose.trim().length === 0) {
    // s62: every consultation carries a justification; callers pass the one from context.
    throw invalid('A purpose is required for the audit log', 'purpose');
  }
  if (!Array.isArray(e.categories) || !e.categories.every(isDataCategory)) {
    throw invalid('Unknown data category', 'categories');
  }
  return {
    id: randomUUID(),
    occurredAt: canonicalTimestamp(e.occurredAt ?? new Date()),
    actorId: e.actorId,
    actorAgencyId: e.actorAgencyId ?? null,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId ?? null,
    caseId: e.caseId ?? null,
    ownerAgencyId: e.ownerAgencyId ?? null,
    categories: [...e.categories],
    purpose: e.purpose,
    recipients: [...(e.recipients ?? [])],
    requestId: e.requestId ?? null,
    service,
  };
}

/** Appends to the hash-chained audit.events. */
export class AuditWriter {
  constructor(
    private readonly ds: DataSource,
    private readonly service: string,
  ) {
    if (!service) throw new Error('AuditWriter needs the name of the service writing');
  }

  /**
   * Appends `events` in order, all or none. With `manager`, inside the caller's transaction (the
   * audit rows commit with the change they describe, and the chain lock is held until then);
   * without, in a transaction of its own. Validation happens before any SQL.
   */
  async write(events: AuditEventInput[], manager?: EntityManager): Promise<void> {
    if (events.length === 0) return;
    const records = events.map((e) => toRecord(this.service, e));
    const timer = auditWriteDuration.startTimer({ service: this.service });
    if (manager) {
      if (!inTransaction(manager))
        throw new Error('AuditWriter.write(manager) needs a manager inside a transaction');
      await this.append(manager, records);
    } else {
      await withTransaction(this.ds, (m) => this.append(m, records));
    }
    timer();
  }

  private async append(manager: EntityManager, records: AuditRecord[]): Promise<void> {
    // raw SQL: the audit chain's transaction-scoped advisory lock
    await manager.query(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
    // Read after the lock, in a new statement: under READ COMMITTED that sees the last committed
    // link. A REPEATABLE READ snapshot could predate it and fork the chain, so it is refused.
    // raw SQL: the chain head and the isolation level, read in one statement after the lock
    const [head]: { iso: string; hash: string | null }[] = await manager.query(
      `SELECT current_setting('transaction_isolation') AS iso,
              (SELECT hash FROM audit.events ORDER BY seq DESC LIMIT 1) AS hash`,
    );
    if (head?.iso !== 'read committed') {
      throw new Error(`Audit writes need READ COMMITTED, not ${head?.iso}`);
    }
    let prev = head.hash ?? GENESIS_HASH;
    const rows: unknown[][] = [];
    for (const r of records) {
      const hash = chainHash(prev, r);
      rows.push([
        r.id,
        r.occurredAt,
        r.actorId,
        r.actorAgencyId,
        r.action,
        r.entityType,
        r.entityId,
        r.caseId,
        r.ownerAgencyId,
        r.categories,
        r.purpose,
        r.recipients,
        r.requestId,
        r.service,
        prev,
        hash,
      ]);
      prev = hash;
    }
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      const values = chunk
        .map(
          (_, r) =>
            `(${COLUMNS.map((c, k) => `$${r * COLUMNS.length + k + 1}${c === 'categories' || c === 'recipients' ? '::text[]' : ''}`).join(', ')})`,
        )
        .join(', ');
      // seq is assigned in this order, so chain order = seq order.
      // raw SQL: the chain's multi-row append (hash-linked rows, one statement per chunk)
      await manager.query(`INSERT INTO audit.events (${COLUMNS.join(', ')}) VALUES ${values}`, chunk.flat());
    }
  }
}
