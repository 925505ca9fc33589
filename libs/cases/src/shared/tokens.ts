/** Nest injection tokens of the cases domain. */
export const CASES_DATA_SOURCE = Symbol('CASES_DATA_SOURCE');
export const CASES_AUDIT = Symbol('CASES_AUDIT');
export const CASES_OUTBOX = Symbol('CASES_OUTBOX');

export interface AuditWriterLike {
  write(
    events: import('@scp/platform-graphql').AuditEventInput[],
    manager?: import('typeorm').EntityManager,
  ): Promise<void>;
}
export interface OutboxLike {
  write(
    manager: import('typeorm').EntityManager,
    event: Omit<import('@scp/contracts').EventEnvelope, 'id' | 'occurredAt'> & { id?: string },
  ): Promise<string>;
}
