import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@scp/contracts';
import type { AuditEventInput } from '@scp/platform-graphql';

/** Nest injection tokens of the cases domain. */
export const CASES_DATA_SOURCE = Symbol('CASES_DATA_SOURCE');
export const CASES_AUDIT = Symbol('CASES_AUDIT');
export const CASES_OUTBOX = Symbol('CASES_OUTBOX');
export const CASES_ACTOR_CHANGES = Symbol('CASES_ACTOR_CHANGES');

/** Tells the gateways that a cached actor (roles, agency, clinics) is stale. */
export interface ActorChangesLike {
  /** Rejects when the change cannot be announced: the caller then refuses the change. */
  publish(change: { userId?: string; agencyId?: string }): Promise<void>;
}

export interface AuditWriterLike {
  write(events: AuditEventInput[], manager?: EntityManager): Promise<void>;
}
export interface OutboxLike {
  write(
    manager: EntityManager,
    event: Omit<EventEnvelope, 'id' | 'occurredAt'> & { id?: string },
  ): Promise<string>;
}
