import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, EventType } from '@scp/contracts';
import { inTransaction } from './data-source.js';
import { outboxChannel, type OutboxStatus } from './outbox-schema.js';
import { assertIdentifier, qualified } from './sql-identifier.js';

export type OutboxEventInput = Omit<EventEnvelope, 'id' | 'occurredAt'> & { id?: string };

/** Payload limits: job data is copied to Redis in plain text, so it holds ids and codes only. */
const MAX_PAYLOAD_BYTES = 4096;

function isScalar(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

/**
 * Rejects payloads that look like content rather than references: nested objects, or anything
 * large. A cheap structural guard; the contract (ids and codes only) is in libs/contracts.
 */
export function assertReferencePayload(payload: Record<string, unknown>): void {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new Error('Outbox payload must be a flat object of ids and codes');
  }
  for (const [key, value] of Object.entries(payload)) {
    const ok = isScalar(value) || (Array.isArray(value) && value.every(isScalar));
    if (!ok) throw new Error(`Outbox payload field "${key}" must be a scalar or an array of scalars`);
  }
  if (Buffer.byteLength(JSON.stringify(payload)) > MAX_PAYLOAD_BYTES) {
    throw new Error(`Outbox payload exceeds ${MAX_PAYLOAD_BYTES} bytes; events carry ids, not content`);
  }
}

/** Writes a service's events into `<schema>.outbox` inside the caller's transaction. */
export class Outbox {
  private readonly table: string;
  private readonly channel: string;

  constructor(readonly schema: string) {
    assertIdentifier(schema, 'schema name');
    this.table = qualified(schema, 'outbox');
    this.channel = outboxChannel(schema);
  }

  /**
   * Inserts the event with `manager` (which must be inside a transaction, so the state change
   * and its event commit or roll back together) and notifies the relay; PostgreSQL delivers the
   * NOTIFY only on commit. Returns the event id.
   */
  async write(manager: EntityManager, event: OutboxEventInput): Promise<string> {
    if (!inTransaction(manager)) {
      throw new Error('Outbox.write must run inside the transaction of the change it announces');
    }
    assertReferencePayload(event.payload);
    const id = event.id ?? randomUUID();
    // raw SQL: the outbox of the caller's schema (one table per service, no entity) and its NOTIFY in one statement
    await manager.query(
      `WITH inserted AS (
         INSERT INTO ${this.table} (id, type, aggregate_type, aggregate_id, actor_id, correlation_id, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
         RETURNING id
       )
       SELECT pg_notify($8, '') FROM inserted`,
      [
        id,
        event.type,
        event.aggregateType,
        event.aggregateId,
        event.actorId,
        event.correlationId,
        JSON.stringify(event.payload),
        this.channel,
      ],
    );
    return id;
  }
}

/** A row of `<schema>.outbox` as the relay reads it. */
export interface OutboxRow {
  id: string;
  type: EventType;
  aggregate_type: string;
  aggregate_id: string;
  actor_id: string | null;
  correlation_id: string | null;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  created_at: Date;
}

export function toEnvelope(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    actorId: row.actor_id,
    correlationId: row.correlation_id,
    occurredAt: row.created_at.toISOString(),
    payload: row.payload,
  };
}
