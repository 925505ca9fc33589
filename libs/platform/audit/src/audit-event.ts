import { createHash } from 'node:crypto';
import type { AuditAction, DataCategory } from '@scp/contracts';

export { AUDIT_ACTIONS, type AuditAction } from '@scp/contracts';

export interface AuditEventInput {
  actorId: string;
  actorAgencyId?: string | null;
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  /** The case the entity belongs to, when it belongs to one. */
  caseId?: string | null;
  /** The agency that owns the record read (its DPO answers for it). */
  ownerAgencyId?: string | null;
  categories: DataCategory[];
  /** The caller's stated purpose, or the justification from context (never empty). */
  purpose: string;
  recipients?: string[];
  requestId?: string | null;
  occurredAt?: Date;
}

/** The hashed fields of one audit.events row (everything but seq and the hashes). */
export interface AuditRecord {
  id: string;
  /** UTC, microsecond precision: `YYYY-MM-DDTHH:MM:SS.ffffffZ`, exactly as PostgreSQL stores it. */
  occurredAt: string;
  actorId: string;
  actorAgencyId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  caseId: string | null;
  ownerAgencyId: string | null;
  categories: string[];
  purpose: string;
  recipients: string[];
  requestId: string | null;
  service: string;
}

/** The first link's prev_hash. */
export const GENESIS_HASH = '0'.repeat(64);

/** PostgreSQL expression giving occurred_at in the canonical text form of AuditRecord.occurredAt. */
export const OCCURRED_AT_SQL = `to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A JS Date (millisecond precision) in the canonical microsecond form. */
export function canonicalTimestamp(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

/** JSON with keys in a fixed (sorted) order, so the same record always hashes the same. */
export function canonicalJson(record: AuditRecord): string {
  const keys = Object.keys(record).sort() as (keyof AuditRecord)[];
  const ordered: Record<string, unknown> = {};
  for (const key of keys) ordered[key] = record[key];
  return JSON.stringify(ordered);
}

/** hash = sha256(prev_hash + canonical JSON of the record), hex. */
export function chainHash(prevHash: string, record: AuditRecord): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(record)).digest('hex');
}
