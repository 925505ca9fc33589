import { stringify } from 'csv-stringify/sync';
import type { AuditRow } from './audit-query.service.js';

/** The columns of an audit export, in order, with their header names. */
const COLUMNS: [keyof AuditRow, string][] = [
  ['seq', 'seq'],
  ['occurredAt', 'occurred_at'],
  ['actorId', 'actor_id'],
  ['actorAgencyId', 'actor_agency_id'],
  ['action', 'action'],
  ['entityType', 'entity_type'],
  ['entityId', 'entity_id'],
  ['caseId', 'case_id'],
  ['categories', 'categories'],
  ['purpose', 'purpose'],
  ['recipients', 'recipients'],
  ['requestId', 'request_id'],
  ['service', 'service'],
];

const cell = (v: unknown): string =>
  v == null ? '' : v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.join(';') : String(v);

/**
 * Audit rows as RFC 4180 CSV with a header row (csv-stringify). A purpose is text a user typed:
 * `escape_formulas` prefixes a cell starting with =, +, -, @, tab or carriage return with a quote,
 * so a spreadsheet opening the export never runs it as a formula (CSV injection).
 */
export function auditCsv(rows: readonly AuditRow[]): string {
  return stringify(
    rows.map((r) => COLUMNS.map(([key]) => cell(r[key]))),
    {
      header: true,
      columns: COLUMNS.map(([, name]) => name),
      escape_formulas: true,
      record_delimiter: 'windows',
    },
  );
}
