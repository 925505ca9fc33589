import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { DataCategory } from '@scp/contracts';
import { withAccess, type WithAccess } from '@scp/platform-access';
import { badInput, conflict, notFound } from '@scp/platform-graphql';
import { updateReturning, type RequestScope } from '../shared/scope.js';
import { FreeTextGuard } from '../shared/free-text.js';
import { writeEvent } from '../shared/audit.js';
import type { AuditWriterLike, OutboxLike } from '../shared/tokens.js';
import type { CaseRow } from '../case/case.repository.js';
import {
  authoredView,
  caseForWrite,
  groupBy,
  isUniqueViolation,
  perRequest,
  requireRecordWrite,
  screenFreeText,
  todayInLondon,
  touchCase,
} from './record-support.js';

type ColumnKind = 'text' | 'date' | 'plain' | 'json';

/** One agency-authored record type: its table, category and content columns. */
export interface RecordSpec {
  entityType: string;
  table: string;
  category: DataCategory;
  /** One record per case (shared summaries), rather than a list of entries. */
  onePerCase: boolean;
  /**
   * Entries only their author agency may read (D14 "O"): loaded narrowed to that agency in SQL,
   * so other agencies' entries never enter the process for that reader.
   */
  ownAgencyOnly?: boolean;
  /** Input field → column and kind. */
  columns: Record<string, { column: string; kind: ColumnKind }>;
  /** Date columns that may not lie in the future. */
  pastDates?: string[];
  order: string;
}

export interface AuthoredRecordRow {
  id: string;
  caseId: string;
  authorAgencyId: string;
  authorUserId: string;
  updatedByAgencyId: string;
  updatedByUserId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  [field: string]: unknown;
}

const META = `id, case_id AS "caseId", author_agency_id AS "authorAgencyId", author_user_id AS "authorUserId",
  updated_by_agency_id AS "updatedByAgencyId", updated_by_user_id AS "updatedByUserId", version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * Reads and writes of one record type, with the same access rules on every path: lists are
 * batched per request (one statement per list), each row gets its own view, and writes check
 * the matrix for the caller's role and agency before anything else, then run in one
 * transaction with their audit event and outbox row.
 */
export class RecordStore<Row extends AuthoredRecordRow = AuthoredRecordRow> {
  private readonly select: string;

  private readonly freeText: FreeTextGuard;

  constructor(
    readonly spec: RecordSpec,
    private readonly ds: DataSource,
    private readonly audit: AuditWriterLike,
    private readonly outbox: OutboxLike,
  ) {
    this.freeText = new FreeTextGuard(ds, audit, outbox);
    const cols = Object.entries(spec.columns).map(([key, { column, kind }]) =>
      kind === 'date' ? `to_char(${column}, 'YYYY-MM-DD') AS "${key}"` : `${column} AS "${key}"`,
    );
    this.select = `SELECT ${META}, ${cols.join(', ')} FROM cases.${spec.table}`;
  }

  private loaders(scope: RequestScope) {
    return perRequest(scope, `records:${this.spec.table}`, () => ({
      all: new DataLoader<string, Row[]>(async (caseIds) =>
        groupBy(
          await this.ds.query(`${this.select} WHERE case_id = ANY($1::uuid[]) ORDER BY ${this.spec.order}`, [
            caseIds,
          ]),
          (r: Row) => r.caseId,
          caseIds,
        ),
      ),
      own: new DataLoader<string, Row[]>(async (caseIds) =>
        groupBy(
          await this.ds.query(
            `${this.select} WHERE case_id = ANY($1::uuid[]) AND author_agency_id = $2::uuid ORDER BY ${this.spec.order}`,
            [caseIds, scope.actor.agencyId],
          ),
          (r: Row) => r.caseId,
          caseIds,
        ),
      ),
    }));
  }

  /** The records of a case the reader may see, each carrying its own view. */
  async visible(scope: RequestScope, caseRow: CaseRow): Promise<WithAccess<Row>[]> {
    const loaders = this.loaders(scope);
    // Only a reader whose case view already holds the category (break-glass) loads every
    // agency's entries of an own-agency-only type; recordView then keeps its agency's own.
    const narrow = this.spec.ownAgencyOnly && !scope.access.view(caseRow).fields.has(this.spec.category);
    const rows = await (narrow ? loaders.own : loaders.all).load(caseRow.id);
    const out: WithAccess<Row>[] = [];
    for (const r of rows) {
      const view = authoredView(scope, caseRow, {
        category: this.spec.category,
        authorAgencyId: r.authorAgencyId,
        entityType: this.spec.entityType,
        entityId: r.id,
      });
      if (view) out.push(withAccess({ ...r }, view));
    }
    return out;
  }

  private async findById(id: string): Promise<Row | null> {
    const rows: Row[] = await this.ds.query(`${this.select} WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** A record and its case, loaded fresh; NOT_FOUND unless the caller may read the record. */
  private async visibleForWrite(scope: RequestScope, id: string): Promise<{ row: Row; caseRow: CaseRow }> {
    const row = await this.findById(id);
    if (!row) throw notFound(this.spec.entityType);
    const caseRow = await caseForWrite(scope, this.ds, row.caseId).catch(() => {
      throw notFound(this.spec.entityType);
    });
    const view = authoredView(scope, caseRow, {
      category: this.spec.category,
      authorAgencyId: row.authorAgencyId,
      entityType: this.spec.entityType,
      entityId: row.id,
    });
    if (!view) throw notFound(this.spec.entityType);
    return { row, caseRow };
  }

  private validate(values: Record<string, unknown>) {
    for (const key of this.spec.pastDates ?? []) {
      const v = values[key];
      if (typeof v === 'string' && v > todayInLondon()) throw badInput(`${key} cannot be in the future`, key);
    }
  }

  /** Values in range, and shared free text through the free-text rule (docs/free-text.md). */
  private async validateAndScreen(scope: RequestScope, caseRow: CaseRow, values: Record<string, unknown>) {
    this.validate(values);
    await screenFreeText(this.freeText, scope, caseRow.id, this.spec.category, this.texts(values));
  }

  private texts(values: Record<string, unknown>): Record<string, string | null | undefined> {
    const out: Record<string, string | null | undefined> = {};
    for (const [key, v] of Object.entries(values)) {
      const kind = this.spec.columns[key]?.kind;
      if (kind === 'text') out[key] = v as string | null | undefined;
      if (kind === 'json') out[key] = v === undefined || v === null ? undefined : JSON.stringify(v);
    }
    return out;
  }

  private param(key: string, value: unknown): unknown {
    const kind = this.spec.columns[key]!.kind;
    if (kind === 'json') return JSON.stringify(value ?? []);
    if (kind === 'text' && typeof value === 'string') return value.trim() === '' ? null : value;
    return value ?? null;
  }

  async create(scope: RequestScope, caseId: string, values: Record<string, unknown>): Promise<string> {
    const caseRow = await caseForWrite(scope, this.ds, caseId);
    await requireRecordWrite(scope, caseRow, this.spec.category, scope.actor.agencyId, 'create');
    const keys = Object.keys(values).filter(
      (k) => this.spec.columns[k] && values[k] !== undefined && values[k] !== null,
    );
    if (!keys.length) throw badInput('Give at least one part of the record');
    await this.validateAndScreen(scope, caseRow, values);
    const params: unknown[] = [
      caseRow.id,
      scope.actor.agencyId,
      scope.actor.userId,
      ...keys.map((k) => this.param(k, values[k])),
    ];
    const columns = keys.map((k) => this.spec.columns[k]!.column);
    const placeholders = keys.map(
      (k, i) => `$${i + 4}${this.spec.columns[k]!.kind === 'json' ? '::jsonb' : ''}`,
    );
    try {
      return await this.ds.transaction(async (m) => {
        const inserted: { id: string }[] = await m.query(
          `INSERT INTO cases.${this.spec.table} (case_id, author_agency_id, author_user_id, updated_by_agency_id, updated_by_user_id, ${columns.join(', ')})
           VALUES ($1, $2, $3, $2, $3, ${placeholders.join(', ')})
           ${this.spec.onePerCase ? 'ON CONFLICT (case_id) DO NOTHING' : ''} RETURNING id`,
          params,
        );
        if (!inserted.length)
          throw conflict(`The case already has a ${this.spec.entityType}; update it with its version`);
        const id = inserted[0]!.id;
        await touchCase(m, this.outbox, scope, caseRow, [this.spec.category]);
        await this.audit.write(
          [
            writeEvent(
              scope,
              'CREATE',
              this.spec.entityType,
              id,
              [this.spec.category],
              `create${this.spec.entityType}`,
              {
                caseId: caseRow.id,
                ownerAgencyId: scope.actor.agencyId,
              },
            ),
          ],
          m,
        );
        return id;
      });
    } finally {
      this.loaders(scope).all.clear(caseRow.id);
      this.loaders(scope).own.clear(caseRow.id);
    }
  }

  async update(
    scope: RequestScope,
    id: string,
    expectedVersion: number,
    values: Record<string, unknown>,
  ): Promise<{ id: string; caseId: string }> {
    const { row, caseRow } = await this.visibleForWrite(scope, id);
    await requireRecordWrite(scope, caseRow, this.spec.category, row.authorAgencyId, 'update');
    const keys = Object.keys(values).filter((k) => this.spec.columns[k] && values[k] !== undefined);
    if (!keys.length) throw badInput('Nothing to change');
    await this.validateAndScreen(scope, caseRow, values);
    const params: unknown[] = [row.id, expectedVersion, scope.actor.agencyId, scope.actor.userId];
    const sets = keys.map((k) => {
      params.push(this.param(k, values[k]));
      return `${this.spec.columns[k]!.column} = $${params.length}${this.spec.columns[k]!.kind === 'json' ? '::jsonb' : ''}`;
    });
    try {
      await this.ds.transaction(async (m) => {
        const updated = await updateReturning<{ id: string }>(
          m,
          `UPDATE cases.${this.spec.table} SET ${sets.join(', ')}, updated_by_agency_id = $3, updated_by_user_id = $4,
                  version = version + 1, updated_at = now()
            WHERE id = $1 AND version = $2 RETURNING id`,
          params,
        );
        if (!updated.length) throw conflict();
        await touchCase(m, this.outbox, scope, caseRow, [this.spec.category]);
        await this.audit.write(
          [
            writeEvent(
              scope,
              'UPDATE',
              this.spec.entityType,
              row.id,
              [this.spec.category],
              `update${this.spec.entityType}`,
              {
                caseId: caseRow.id,
                ownerAgencyId: row.authorAgencyId,
              },
            ),
          ],
          m,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict();
      throw error;
    } finally {
      this.loaders(scope).all.clear(caseRow.id);
      this.loaders(scope).own.clear(caseRow.id);
    }
    return { id: row.id, caseId: caseRow.id };
  }

  /** A record just written, as its writer now sees it (null if the writer may not). */
  async presentById(scope: RequestScope, id: string): Promise<WithAccess<Row> | null> {
    const row = await this.findById(id);
    if (!row) return null;
    const caseRow = await caseForWrite(scope, this.ds, row.caseId).catch(() => null);
    if (!caseRow) return null;
    const view = authoredView(scope, caseRow, {
      category: this.spec.category,
      authorAgencyId: row.authorAgencyId,
      entityType: this.spec.entityType,
      entityId: row.id,
    });
    return view ? withAccess({ ...row }, view) : null;
  }
}
