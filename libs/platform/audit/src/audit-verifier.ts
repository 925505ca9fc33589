import type { DataSource } from 'typeorm';
import { GENESIS_HASH, OCCURRED_AT_SQL, chainHash, type AuditRecord } from './audit-event.js';

export interface AuditChainResult {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: string; id: string; reason: string };
}

interface EventRow {
  seq: string;
  id: string;
  occurred_at: string;
  actor_id: string;
  actor_agency_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  case_id: string | null;
  owner_agency_id: string | null;
  categories: string[];
  purpose: string;
  recipients: string[];
  request_id: string | null;
  service: string;
  prev_hash: string;
  hash: string;
}

function recordOf(row: EventRow): AuditRecord {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    actorAgencyId: row.actor_agency_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    caseId: row.case_id,
    ownerAgencyId: row.owner_agency_id,
    categories: row.categories,
    purpose: row.purpose,
    recipients: row.recipients,
    requestId: row.request_id,
    service: row.service,
  };
}

/**
 * Walks audit.events in seq order, a page at a time (keyset on the primary key, so memory and
 * per-page cost stay flat over millions of rows), and checks every link: prev_hash equals the
 * previous row's hash (a deleted, inserted or reordered row breaks this) and hash equals
 * sha256(prev_hash + canonical JSON) (an edited row breaks this). Stops at the first break.
 */
export async function verifyAuditChain(
  ds: DataSource,
  opts: { pageSize?: number } = {},
): Promise<AuditChainResult> {
  const pageSize = opts.pageSize ?? 5_000;
  let expectedPrev = GENESIS_HASH;
  let afterSeq = '0';
  let checked = 0;
  for (;;) {
    // raw SQL: the verifier reads the chain as stored, in seq order, a page at a time
    const rows: EventRow[] = await ds.query(
      // ORDER BY e.seq, not the text alias `seq` (which would sort '10' before '2').
      `SELECT e.seq::text AS seq, id::text AS id, ${OCCURRED_AT_SQL} AS occurred_at, actor_id, actor_agency_id, action,
              entity_type, entity_id, case_id, owner_agency_id, categories, purpose, recipients, request_id, service, prev_hash, hash
         FROM audit.events e
        WHERE e.seq > $1::bigint
        ORDER BY e.seq
        LIMIT $2`,
      [afterSeq, pageSize],
    );
    for (const row of rows) {
      if (row.prev_hash !== expectedPrev) {
        return {
          ok: false,
          checked,
          firstBroken: {
            seq: row.seq,
            id: row.id,
            reason: 'prev_hash does not match the previous event (a row was removed, added or reordered)',
          },
        };
      }
      if (chainHash(row.prev_hash, recordOf(row)) !== row.hash) {
        return {
          ok: false,
          checked,
          firstBroken: {
            seq: row.seq,
            id: row.id,
            reason: 'hash does not match the event content (the row was altered)',
          },
        };
      }
      expectedPrev = row.hash;
      checked++;
    }
    if (rows.length < pageSize) return { ok: true, checked };
    afterSeq = rows[rows.length - 1]!.seq;
  }
}
