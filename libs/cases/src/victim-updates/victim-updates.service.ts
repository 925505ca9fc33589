import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_TYPES, type DataCategory } from '@scp/contracts';
import { toInstant } from '@scp/platform-calendar';
import { withAccess, type AccessView, type FieldKey, type WithAccess } from '@scp/platform-access';
import { badInput, conflict, decodeCursor, encodeCursor, forbidden, notFound } from '@scp/platform-graphql';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import { updateReturning, type RequestScope } from '../shared/scope.js';
import { writeEvent } from '../shared/audit.js';
import { FreeTextGuard } from '../shared/free-text.js';
import type { CaseRow } from '../case/case.repository.js';
import { findPersonById } from '../people/people.repository.js';
import { caseEvent, loadCaseForWrite, requireWrite, touchCase } from '../orders/case-write.js';
import {
  DEFAULT_ENTITLEMENT,
  isOverdue,
  VICTIM_UPDATE_TRIGGERS,
  victimUpdateDueBy,
} from './victim-update-rules.js';
import {
  findCjEventById,
  findVictimUpdateById,
  VICTIM_UPDATE_COLUMNS,
  VICTIM_UPDATE_FROM,
  type CjEventRow,
  type VictimUpdateRow,
} from './victim-updates.repository.js';
import { victimUpdateLoaders } from './victim-updates.loaders.js';
import type {
  RecordCriminalJusticeEventInput,
  RecordVictimUpdateDeliveredInput,
  SetVictimCodeEntitlementInput,
} from './victim-updates.inputs.js';

export type VictimUpdateView = WithAccess<
  VictimUpdateRow & {
    trigger: string;
    overdue: boolean;
    deliveredOnTime: boolean | null;
    method: string | null;
  }
>;
export type CjEventView = WithAccess<CjEventRow>;

/** Clock skew tolerated on "when did it happen" inputs. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

export function parseInstant(value: string, field: string): Date {
  let at: Date;
  try {
    at = toInstant(value);
  } catch {
    throw badInput(`${field} must be an ISO date-time with an offset`, field);
  }
  if (at.getTime() > Date.now() + FUTURE_SKEW_MS) throw badInput(`${field} cannot be in the future`, field);
  return at;
}

/**
 * Victims' Code Right 6 obligations (D22: police and advocate read and write, the chair reads).
 * Triggers are criminal-justice events (recorded on their own, or as the outcome of a breach);
 * each creates one obligation per victim, due by the end of the 1st or 5th working day after.
 */
@Injectable()
export class VictimUpdatesService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    private readonly freeText: FreeTextGuard,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
  ) {}

  private viewFor(scope: RequestScope, row: CaseRow, v: VictimUpdateRow): AccessView | null {
    return scope.access.recordView(row, {
      category: 'D22',
      authorAgencyId: v.authorAgencyId,
      entityType: 'VictimUpdate',
      entityId: v.id,
    });
  }

  private present(v: VictimUpdateRow, view: AccessView): VictimUpdateView {
    return withAccess(
      {
        ...v,
        trigger: v.triggerType,
        method: v.deliveryMethod,
        overdue: isOverdue(v.dueBy, v.deliveredAt),
        deliveredOnTime: v.deliveredAt ? v.deliveredAt.getTime() <= v.dueBy.getTime() : null,
      },
      view,
    );
  }

  async victimUpdatesOf(scope: RequestScope, row: CaseRow): Promise<VictimUpdateView[]> {
    await scope.access.ability();
    const rows = await victimUpdateLoaders(scope, this.ds).byCase.load(row.id);
    return rows.flatMap((v) => {
      const view = this.viewFor(scope, row, v);
      return view ? [this.present(v, view)] : [];
    });
  }

  async victimUpdatesOfEvent(scope: RequestScope, event: CjEventRow): Promise<VictimUpdateView[]> {
    const row = await scope.loaders.cases.load(event.caseId);
    if (!row) return [];
    await scope.access.ability();
    const rows = await victimUpdateLoaders(scope, this.ds).byEvent.load(event.id);
    return rows.flatMap((v) => {
      const view = this.viewFor(scope, row, v);
      return view ? [this.present(v, view)] : [];
    });
  }

  private cjView(scope: RequestScope, row: CaseRow, e: CjEventRow): AccessView | null {
    return scope.access.recordView(row, {
      category: 'D5',
      authorAgencyId: e.recordedByAgencyId,
      entityType: 'CriminalJusticeEvent',
      entityId: e.id,
    });
  }

  async eventsOf(scope: RequestScope, row: CaseRow): Promise<CjEventView[]> {
    await scope.access.ability();
    const rows = await victimUpdateLoaders(scope, this.ds).eventsByCase.load(row.id);
    return rows.flatMap((e) => {
      const view = this.cjView(scope, row, e);
      return view ? [withAccess({ ...e }, view)] : [];
    });
  }

  /** Criminal-justice events that followed a breach; they carry the breach's view (D17). */
  async eventsOfBreach(scope: RequestScope, view: AccessView, breachId: string) {
    const rows = await victimUpdateLoaders(scope, this.ds).eventsByBreach.load(breachId);
    return rows.map((e) => withAccess({ id: e.id, action: e.type, occurredAt: e.occurredAt }, view));
  }

  /** A victim's entitlement; null for anyone who is not a victim. */
  async entitlementOf(scope: RequestScope, personId: string): Promise<string | null> {
    const row = await victimUpdateLoaders(scope, this.ds).entitlements.load(personId);
    if (!row || row.role !== 'VICTIM') return null;
    return row.entitlement ?? DEFAULT_ENTITLEMENT;
  }

  /**
   * Records a criminal-justice event inside the caller's transaction and creates the victim-update
   * obligations it triggers. The caller has checked the write and writes the audit event.
   */
  async recordEvent(
    m: EntityManager,
    scope: RequestScope,
    row: CaseRow,
    event: { type: string; occurredAt: Date; breachId: string | null },
  ): Promise<{ eventId: string; victimUpdateIds: string[] }> {
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO cases.criminal_justice_events (case_id, breach_id, type, occurred_at, recorded_by_agency_id, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [row.id, event.breachId, event.type, event.occurredAt, scope.actor.agencyId, scope.actor.userId],
    );
    const eventId = inserted[0]!.id;
    if (!VICTIM_UPDATE_TRIGGERS.has(event.type)) return { eventId, victimUpdateIds: [] };
    const victims: { id: string; entitlement: string }[] = await m.query(
      `SELECT id, COALESCE(victim_code_entitlement, $2) AS entitlement
         FROM cases.persons WHERE case_id = $1 AND role = 'VICTIM' ORDER BY created_at, id`,
      [row.id, DEFAULT_ENTITLEMENT],
    );
    const victimUpdateIds: string[] = [];
    for (const victim of victims) {
      const { workingDays, dueBy } = victimUpdateDueBy(event.occurredAt, victim.entitlement);
      const created: { id: string }[] = await m.query(
        `INSERT INTO cases.victim_updates (case_id, person_id, trigger_event_id, trigger_type, event_at, entitlement, working_days, due_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [row.id, victim.id, eventId, event.type, event.occurredAt, victim.entitlement, workingDays, dueBy],
      );
      victimUpdateIds.push(created[0]!.id);
      // Notifications schedule the reminder and the overdue escalation from this event.
      await caseEvent(m, this.outbox, scope, row, EVENT_TYPES.victimUpdateDue, {
        victimUpdateId: created[0]!.id,
        dueBy: dueBy.toISOString(),
      });
    }
    return { eventId, victimUpdateIds };
  }

  async recordCriminalJusticeEvent(
    scope: RequestScope,
    input: RecordCriminalJusticeEventInput,
  ): Promise<CjEventView> {
    const row = await loadCaseForWrite(this.ds, scope, input.caseId);
    const triggers = VICTIM_UPDATE_TRIGGERS.has(input.type);
    const categories: FieldKey[] = triggers ? ['D5', 'D22'] : ['D5'];
    await requireWrite(scope, row, categories);
    const occurredAt = parseInstant(input.occurredAt, 'occurredAt');
    const eventId = await this.ds.transaction(async (m) => {
      const { eventId } = await this.recordEvent(m, scope, row, {
        type: input.type,
        occurredAt,
        breachId: null,
      });
      await touchCase(m, this.outbox, scope, row, categories);
      await this.audit.write(
        [
          writeEvent(
            scope,
            'CREATE',
            'Case',
            row.id,
            categories as DataCategory[],
            `recordCriminalJusticeEvent:${input.type}`,
            { caseId: row.id },
          ),
        ],
        m,
      );
      return eventId;
    });
    const event = await findCjEventById(this.ds, eventId);
    scope.access.invalidate(row.id);
    const view = event ? this.cjView(scope, row, event) : null;
    if (!event || !view) throw notFound('Criminal-justice event');
    return withAccess({ ...event }, view);
  }

  async recordDelivered(
    scope: RequestScope,
    input: RecordVictimUpdateDeliveredInput,
  ): Promise<VictimUpdateView> {
    const found = await findVictimUpdateById(this.ds, input.id);
    if (!found) throw notFound('Victim update');
    const row = await loadCaseForWrite(this.ds, scope, found.caseId, 'Victim update');
    if (!this.viewFor(scope, row, found)) throw notFound('Victim update');
    await requireWrite(scope, row, ['D22']);
    if (found.deliveredAt) throw conflict('This update was already recorded as delivered');
    const deliveredAt = parseInstant(input.deliveredAt, 'deliveredAt');
    if (deliveredAt.getTime() < found.eventAt.getTime())
      throw badInput('The victim cannot be told before the event', 'deliveredAt');
    // The chair reads this log and may not read the victim's location.
    await this.freeText.assert(scope, row.id, input.content, 'content');
    await this.ds.transaction(async (m) => {
      const updated = await updateReturning<{ id: string }>(
        m,
        `UPDATE cases.victim_updates SET delivered_at = $3, delivered_by_user_id = $4, delivered_by_agency_id = $5,
                delivery_method = $6, content = $7, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 AND delivered_at IS NULL RETURNING id`,
        [
          found.id,
          input.expectedVersion,
          deliveredAt,
          scope.actor.userId,
          scope.actor.agencyId,
          input.method,
          input.content.trim(),
        ],
      );
      if (!updated.length) throw conflict();
      await touchCase(m, this.outbox, scope, row, ['D22']);
      await caseEvent(m, this.outbox, scope, row, EVENT_TYPES.victimUpdateDelivered, {
        victimUpdateId: found.id,
        onTime: deliveredAt.getTime() <= found.dueBy.getTime(),
      });
      await this.audit.write(
        [
          writeEvent(scope, 'UPDATE', 'Case', row.id, ['D22'], 'recordVictimUpdateDelivered', {
            caseId: row.id,
          }),
        ],
        m,
      );
    });
    victimUpdateLoaders(scope, this.ds).byCase.clear(row.id);
    const reloaded = await findVictimUpdateById(this.ds, found.id);
    const view = reloaded ? this.viewFor(scope, row, reloaded) : null;
    if (!reloaded || !view) throw notFound('Victim update');
    return this.present(reloaded, view);
  }

  async setEntitlement(
    scope: RequestScope,
    input: SetVictimCodeEntitlementInput,
  ): Promise<{ id: string; caseId: string }> {
    const person = await findPersonById(this.ds, input.personId);
    if (!person) throw notFound('Person');
    const row = await loadCaseForWrite(this.ds, scope, person.caseId, 'Person');
    await requireWrite(scope, row, ['D22']);
    if (person.role !== 'VICTIM')
      throw badInput("The Victims' Code entitlement is recorded for victims", 'personId');
    await this.ds.transaction(async (m) => {
      // Applies to obligations created from now on; those already due keep their deadline.
      await m.query(
        `UPDATE cases.persons SET victim_code_entitlement = $2, updated_at = now() WHERE id = $1`,
        [person.id, input.entitlement],
      );
      await touchCase(m, this.outbox, scope, row, ['D22']);
      await this.audit.write(
        [
          writeEvent(scope, 'UPDATE', 'Case', row.id, ['D22'], 'setVictimCodeEntitlement', {
            caseId: row.id,
          }),
        ],
        m,
      );
    });
    victimUpdateLoaders(scope, this.ds).entitlements.clear(person.id);
    return { id: person.id, caseId: row.id };
  }

  /**
   * Dashboards: undelivered obligations (overdue only, if asked) on the cases where the reader may
   * read D22, soonest deadline first. The SQL scope comes from the same rules as the row check.
   */
  async list(
    scope: RequestScope,
    opts: { clinicId?: string; overdueOnly: boolean },
    first: number,
    after?: string,
  ): Promise<{
    edges: { cursor: string; node: VictimUpdateView }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }> {
    const params: unknown[] = [];
    const scopeSql = await scope.access.scope('D22', params, 'c');
    if (scopeSql === 'FALSE') throw forbidden('Not permitted to read D22', { category: 'D22' });
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = [scopeSql, 'v.delivered_at IS NULL'];
    if (opts.overdueOnly) where.push('v.due_by < now()');
    if (opts.clinicId) where.push(`c.clinic_id = ${p(opts.clinicId)}::uuid`);
    if (after) {
      const [value, id] = decodeCursor(after, 'timestamptz');
      where.push(`(v.due_by, v.id) > (${p(value)}::timestamptz, ${p(id)}::uuid)`);
    }
    const rows: (VictimUpdateRow & { sortKey: string })[] = await this.ds.query(
      `SELECT ${VICTIM_UPDATE_COLUMNS}, v.due_by::text AS "sortKey"
         FROM ${VICTIM_UPDATE_FROM} JOIN cases.cases c ON c.id = v.case_id
        WHERE ${where.join(' AND ')}
        ORDER BY v.due_by, v.id
        LIMIT ${p(first + 1)}`,
      params,
    );
    const page = rows.slice(0, first);
    const cases = await scope.loaders.cases.loadMany([...new Set(page.map((r) => r.caseId))]);
    const byId = new Map(
      cases.filter((c): c is CaseRow => Boolean(c) && !(c instanceof Error)).map((c) => [c.id, c]),
    );
    await scope.access.ability();
    const edges: { cursor: string; node: VictimUpdateView }[] = [];
    for (const r of page) {
      const row = byId.get(r.caseId);
      const view = row ? this.viewFor(scope, row, r) : null;
      // SQL scope and row check come from the same rules; if they ever disagree, fail closed.
      if (!view) continue;
      const { sortKey, ...v } = r;
      edges.push({ cursor: encodeCursor(sortKey, v.id), node: this.present(v, view) });
    }
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }
}
