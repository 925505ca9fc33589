import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@scp/contracts';
import type { AuditEventInput } from '@scp/platform-graphql';

/** Nest injection tokens of the referrals domain. */
export const REFERRALS_DATA_SOURCE = Symbol('REFERRALS_DATA_SOURCE');
export const REFERRALS_AUDIT = Symbol('REFERRALS_AUDIT');
export const REFERRALS_OUTBOX = Symbol('REFERRALS_OUTBOX');

export interface AuditWriterLike {
  write(events: AuditEventInput[], manager?: EntityManager): Promise<void>;
}
export interface OutboxLike {
  write(
    manager: EntityManager,
    event: Omit<EventEnvelope, 'id' | 'occurredAt'> & { id?: string },
  ): Promise<string>;
}
