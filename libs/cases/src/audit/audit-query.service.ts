import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AuditRecord } from '@scp/platform-audit';
import { rulesToSql, withAccess, type SqlMapping } from '@scp/platform-access';
import { decodeCursor, encodeCursor } from '@scp/platform-graphql';
import { CASES_DATA_SOURCE } from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import { AUDIT_EXPORT_MAX_ROWS, type AuditEventFilter } from './audit-query.model.js';
import { auditCsv } from './audit-csv.js';
import { forbidden } from '@scp/contracts';

/** A row of audit.events as the reader view selects it: the hashed record, its seq, a Date. */
export type AuditRow = Omit<AuditRecord, 'occurredAt' | 'ownerAgencyId' | 'recipients'> & {
  seq: string;
  occurredAt: Date;
  recipients: string[] | null;
};

const AUDIT_MAPPING: SqlMapping = {
  actorAgencyId: { kind: 'column', column: 'e.actor_agency_id' },
  ownerAgencyId: { kind: 'column', column: 'e.owner_agency_id' },
};

/**
 * The auditor's view of the log: events by the auditor's own agency's users, or about data its
 * agency owns (entitlements.md D23). Reading the log is itself logged.
 */
@Injectable()
export class AuditQueryService {
  constructor(@Inject(CASES_DATA_SOURCE) private readonly ds: DataSource) {}

  /** The events the reader may see that match the filter, newest first: at most `limit`. */
  private async select(scope: RequestScope, filter: AuditEventFilter, limit: number, after?: string) {
    const ability = await scope.access.ability();
    const params: unknown[] = [];
    const where = [rulesToSql(ability, 'read', 'AuditEvent', undefined, AUDIT_MAPPING, params)];
    if (where[0] === 'FALSE')
      throw forbidden('Only an auditor or data protection officer reads the audit log');
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (filter.caseId) where.push(`e.case_id = ${p(filter.caseId)}`);
    if (filter.actorId) where.push(`e.actor_id = ${p(filter.actorId)}`);
    if (filter.category) where.push(`${p(filter.category)} = ANY(e.categories)`);
    if (filter.action) where.push(`e.action = ${p(filter.action)}`);
    if (filter.since) where.push(`e.occurred_at >= ${p(filter.since)}::timestamptz`);
    if (filter.until) where.push(`e.occurred_at < ${p(filter.until)}::timestamptz`);
    if (after) where.push(`e.seq < ${p(String(decodeCursor(after, 'none', 'bigint')[1]))}::bigint`);
    // raw SQL: the audit log's reader view over audit.events (no entity), filtered by the access rules' SQL
    const rows: AuditRow[] = await this.ds.query(
      `SELECT e.seq::text AS seq, e.id, e.occurred_at AS "occurredAt", e.actor_id AS "actorId", e.actor_agency_id AS "actorAgencyId",
              e.action, e.entity_type AS "entityType", e.entity_id AS "entityId", e.case_id AS "caseId", e.categories, e.purpose,
              e.recipients, e.request_id AS "requestId", e.service
         FROM audit.events e WHERE ${where.join(' AND ')} ORDER BY e.seq DESC LIMIT ${p(limit)}`,
      params,
    );
    return rows;
  }

  /** How a filter reads in an audit event's purpose (ids and codes only). */
  private static described(filter: AuditEventFilter): string {
    const parts = [
      filter.caseId && `case ${filter.caseId}`,
      filter.actorId && `person ${filter.actorId}`,
      filter.category && `category ${filter.category}`,
      filter.action && `action ${filter.action}`,
      filter.since && `from ${filter.since}`,
      filter.until && `until ${filter.until}`,
    ].filter(Boolean);
    return parts.length ? parts.join(', ') : 'no filter';
  }

  /**
   * The matching events as CSV, newest first, at most AUDIT_EXPORT_MAX_ROWS: an export of the
   * log, itself an EXPORT event of the log (D23) naming the filter and how many rows left.
   */
  async export(scope: RequestScope, filter: AuditEventFilter) {
    const rows = await this.select(scope, filter, AUDIT_EXPORT_MAX_ROWS + 1);
    const kept = rows.slice(0, AUDIT_EXPORT_MAX_ROWS);
    scope.audit.record({
      actorId: scope.actor.userId,
      actorAgencyId: scope.actor.agencyId,
      action: 'EXPORT',
      entityType: 'AuditEvent',
      entityId: null,
      categories: ['D23'],
      purpose: `audit log export of ${kept.length} events (${AuditQueryService.described(filter)})`,
      requestId: scope.actor.requestId,
      caseId: filter.caseId ?? null,
    });
    return withAccess(
      { csv: auditCsv(kept), rowCount: kept.length, truncated: rows.length > AUDIT_EXPORT_MAX_ROWS },
      { fields: new Set(['D23' as const]), entityType: 'AuditEvent', entityId: 'export' },
    );
  }

  async list(scope: RequestScope, filter: AuditEventFilter, first: number, after?: string) {
    const rows = await this.select(scope, filter, first + 1, after);
    scope.audit.record({
      actorId: scope.actor.userId,
      actorAgencyId: scope.actor.agencyId,
      action: 'SEARCH',
      entityType: 'AuditEvent',
      entityId: null,
      categories: ['D23'],
      purpose: `audit review${filter.caseId ? ` of case ${filter.caseId}` : ''}${filter.category ? ` for ${filter.category}` : ''}`,
      requestId: scope.actor.requestId,
      caseId: filter.caseId ?? null,
    });
    const page = rows.slice(0, first);
    const nodes = page.map((r) =>
      withAccess(
        { ...r },
        { fields: new Set(['D23' as const]), entityType: 'AuditEvent', entityId: String(r.id) },
      ),
    );
    const last = page.at(-1);
    return {
      nodes,
      hasNextPage: rows.length > first,
      endCursor: last ? encodeCursor(null, String(last.seq)) : null,
    };
  }
}
