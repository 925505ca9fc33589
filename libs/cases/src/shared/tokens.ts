import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@scp/contracts';
import type { AuditEventInput } from '@scp/platform-graphql';

/** Nest injection tokens of the cases domain. */
export const CASES_DATA_SOURCE = Symbol('CASES_DATA_SOURCE');
export const CASES_AUDIT = Symbol('CASES_AUDIT');
export const CASES_OUTBOX = Symbol('CASES_OUTBOX');

export interface AuditWriterLike {
  write(events: AuditEventInput[], manager?: EntityManager): Promise<void>;
}
export interface OutboxLike {
  write(
    manager: EntityManager,
    event: Omit<EventEnvelope, 'id' | 'occurredAt'> & { id?: string },
  ): Promise<string>;
}
