import DataLoader from 'dataloader';
import { In, type DataSource, type FindOptionsOrder, type FindOptionsWhere } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { DataCategory } from '@scp/contracts';
import { withAccess, type WithAccess } from '@scp/platform-access';
import { badInput, conflict, notFound } from '@scp/platform-graphql';
import type { RequestScope } from '../shared/scope.js';
import { FreeTextGuard } from '../shared/free-text.js';
import { writeEvent } from '../shared/audit.js';
import type { AuditWriterLike, OutboxLike } from '../shared/tokens.js';
import type { CaseRow } from '../case/case.repository.js';
import type { AuthoredRecord } from './agency-records.entities.js';
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

/** The content fields of a record entity (everything but its authorship and locking). */
export type ContentKey<E extends AuthoredRecord> = Exclude<keyof E & string, keyof AuthoredRecord>;

/** One agency-authored record type: its entity, category and content fields. */
export interface RecordSpec<E extends AuthoredRecord = AuthoredRecord> {
  entity: new () => E;
  entityType: string;
  category: DataCategory;
  /** One record per case (shared summaries), rather than a list of entries. */
  onePerCase: boolean;
  /**
   * Entries only their author agency may read (D14 "O"): loaded narrowed to that agency in SQL,
   * so other agencies' entries never enter the process for that reader.
   */
  ownAgencyOnly?: boolean;
  /** Input field (an entity property) → its kind. */
  columns: Partial<Record<ContentKey<E>, ColumnKind>>;
  /** Date fields that may not lie in the future. */
  pastDates?: ContentKey<E>[];
  order: FindOptionsOrder<E>;
}

/**
 * Reads and writes of one record type, with the same access rules on every path: lists are
 * batched per request (one statement per list), each row gets its own view, and writes check
 * the matrix for the caller's role and agency before anything else, then run in one
 * transaction with their audit event and outbox row.
 */
export class RecordStore<Row extends AuthoredRecord = AuthoredRecord> {
  private readonly freeText: FreeTextGuard;

  constructor(
    readonly spec: RecordSpec<Row>,
    private readonly ds: DataSource,
    private readonly audit: AuditWriterLike,
    private readonly outbox: OutboxLike,
  ) {
    this.freeText = new FreeTextGuard(ds, audit, outbox);
  }

  private get repo() {
    return this.ds.getRepository(this.spec.entity);
  }

  private kindOf(key: string): ColumnKind | undefined {
    return (this.spec.columns as Record<string, ColumnKind | undefined>)[key];
  }

  private loaders(scope: RequestScope) {
    const load = async (caseIds: readonly string[], own: boolean) =>
      groupBy(
        await this.repo.find({
          where: {
            caseId: In([...caseIds]),
            ...(own ? { authorAgencyId: scope.actor.agencyId } : {}),
          } as FindOptionsWhere<Row>,
          order: this.spec.order,
        }),
        (r) => r.caseId,
        caseIds,
      );
    return perRequest(scope, `records:${this.spec.entityType}`, () => ({
      all: new DataLoader<string, Row[]>((caseIds) => load(caseIds, false)),
      own: new DataLoader<string, Row[]>((caseIds) => load(caseIds, true)),
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

  private findById(id: string): Promise<Row | null> {
    return this.repo.findOneBy({ id } as FindOptionsWhere<Row>);
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
    for (const key of (this.spec.pastDates ?? []) as string[]) {
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
      const kind = this.kindOf(key);
      if (kind === 'text') out[key] = v as string | null | undefined;
      if (kind === 'json') out[key] = v === undefined || v === null ? undefined : JSON.stringify(v);
    }
    return out;
  }

  private param(key: string, value: unknown): unknown {
    const kind = this.kindOf(key);
    if (kind === 'json') return value ?? [];
    if (kind === 'text' && typeof value === 'string') return value.trim() === '' ? null : value;
    return value ?? null;
  }

  async create(scope: RequestScope, caseId: string, values: Record<string, unknown>): Promise<string> {
    const caseRow = await caseForWrite(scope, this.ds, caseId);
    await requireRecordWrite(scope, caseRow, this.spec.category, scope.actor.agencyId, 'create');
    const keys = Object.keys(values).filter(
      (k) => this.kindOf(k) && values[k] !== undefined && values[k] !== null,
    );
    if (!keys.length) throw badInput('Give at least one part of the record');
    await this.validateAndScreen(scope, caseRow, values);
    const content = Object.fromEntries(keys.map((k) => [k, this.param(k, values[k])]));
    try {
      return await this.ds.transaction(async (m) => {
        const insert = m
          .createQueryBuilder()
          .insert()
          .into(this.spec.entity)
          .values({
            ...content,
            caseId: caseRow.id,
            authorAgencyId: scope.actor.agencyId,
            authorUserId: scope.actor.userId,
            updatedByAgencyId: scope.actor.agencyId,
            updatedByUserId: scope.actor.userId,
          } as unknown as QueryDeepPartialEntity<Row>)
          .returning(['id'])
          .updateEntity(false);
        // A one-per-case record: a second create is a conflict (the unique key on case_id).
        if (this.spec.onePerCase) insert.orIgnore();
        const inserted = (await insert.execute()).raw as { id: string }[];
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
    const keys = Object.keys(values).filter((k) => this.kindOf(k) && values[k] !== undefined);
    if (!keys.length) throw badInput('Nothing to change');
    await this.validateAndScreen(scope, caseRow, values);
    const content = Object.fromEntries(keys.map((k) => [k, this.param(k, values[k])]));
    try {
      await this.ds.transaction(async (m) => {
        const updated = await m.getRepository(this.spec.entity).update(
          { id: row.id, version: expectedVersion } as FindOptionsWhere<Row>,
          {
            ...content,
            updatedByAgencyId: scope.actor.agencyId,
            updatedByUserId: scope.actor.userId,
            version: () => 'version + 1',
            updatedAt: () => 'now()',
          } as unknown as QueryDeepPartialEntity<Row>,
        );
        if (!updated.affected) throw conflict();
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
