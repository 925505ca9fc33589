import { In, type EntityManager } from 'typeorm';
import { managerOf, type Queryable } from '../shared/scope.js';
import { OpenActionEntity } from './lifecycle.entities.js';

export const REPLICA_ACTION_STATUSES = [
  'OPEN',
  'IN_PROGRESS',
  'COMPLETED',
  'NOT_COMPLETED',
  'CANCELLED',
] as const;
export type ReplicaActionStatus = (typeof REPLICA_ACTION_STATUSES)[number];
export const REPLICA_OPEN_STATUSES: readonly ReplicaActionStatus[] = ['OPEN', 'IN_PROGRESS'];

export interface ActionStateChange {
  actionId: string;
  caseId: string;
  status: ReplicaActionStatus;
  /** When the meetings service made the change (its event's occurredAt). */
  changedAt: Date;
}

/**
 * `cases.open_actions`: the cases service's replica of the agreed actions (D18), which the
 * meetings service owns. Closure refuses while the replica holds open actions for the case,
 * unless the chair overrides each one.
 *
 * Feeding it (to be wired when the meetings service exists): its consumer of the meetings
 * service's action events (`action.created`, `action.status-changed`, payload
 * `{ actionId, caseId, status }`, ids and codes only) calls `apply` inside the transaction of
 * its idempotent-consumer record. `apply` keeps the newest state per action, so redelivered or
 * out-of-order events are harmless. Until then the table is empty and closure sees no open
 * actions.
 */
export class OpenActionsReplica {
  static async apply(m: EntityManager, change: ActionStateChange): Promise<void> {
    if (!(REPLICA_ACTION_STATUSES as readonly string[]).includes(change.status))
      throw new Error('unknown action status');
    // raw SQL: an upsert that keeps the newest state (ON CONFLICT DO UPDATE … WHERE), which TypeORM's upsert cannot
    await m.query(
      `INSERT INTO cases.open_actions (action_id, case_id, status, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (action_id) DO UPDATE SET status = EXCLUDED.status, case_id = EXCLUDED.case_id, updated_at = EXCLUDED.updated_at
        WHERE cases.open_actions.updated_at <= EXCLUDED.updated_at`,
      [change.actionId, change.caseId, change.status, change.changedAt],
    );
  }

  /** Open actions of a case, locked until the caller's transaction ends. */
  static async openFor(db: Queryable, caseId: string): Promise<string[]> {
    const rows = await managerOf(db).find(OpenActionEntity, {
      select: { actionId: true },
      where: { caseId, status: In([...REPLICA_OPEN_STATUSES]) },
      order: { actionId: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    return rows.map((r) => r.actionId);
  }
}
