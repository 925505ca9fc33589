import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
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
import { namedParams } from '@scp/platform-database';
import type { RequestScope } from '../shared/scope.js';
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
  victimUpdateRows,
  victimUpdatesQuery,
  type VictimUpdateRow,
} from './victim-updates.repository.js';
import { CriminalJusticeEventEntity, VictimUpdateEntity } from './victim-updates.entities.js';
import { PersonEntity } from '../people/people.entities.js';
import { CaseEntity } from '../case/case.entities.js';
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
export type CjEventView = WithAccess<CriminalJusticeEventEntity>;

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

  async victimUpdatesOfEvent(
    scope: RequestScope,
    event: CriminalJusticeEventEntity,
  ): Promise<VictimUpdateView[]> {
    const row = await scope.loaders.cases.load(event.caseId);
    if (!row) return [];
    await scope.access.ability();
    const rows = await victimUpdateLoaders(scope, this.ds).byEvent.load(event.id);
    return rows.flatMap((v) => {
      const view = this.viewFor(scope, row, v);
      return view ? [this.present(v, view)] : [];
    });
  }

  private cjView(scope: RequestScope, row: CaseRow, e: CriminalJusticeEventEntity): AccessView | null {
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
    return row.victimCodeEntitlement ?? DEFAULT_ENTITLEMENT;
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
    const eventId = randomUUID();
    await m.getRepository(CriminalJusticeEventEntity).insert({
      id: eventId,
      caseId: row.id,
      breachId: event.breachId,
      type: event.type,
      occurredAt: event.occurredAt,
      recordedByAgencyId: scope.actor.agencyId,
      recordedByUserId: scope.actor.userId,
    });
    if (!VICTIM_UPDATE_TRIGGERS.has(event.type)) return { eventId, victimUpdateIds: [] };
    const victims = await m.getRepository(PersonEntity).find({
      select: { id: true, victimCodeEntitlement: true },
      where: { caseId: row.id, role: 'VICTIM' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const victimUpdateIds: string[] = [];
    for (const victim of victims) {
      const entitlement = victim.victimCodeEntitlement ?? DEFAULT_ENTITLEMENT;
      const { workingDays, dueBy } = victimUpdateDueBy(event.occurredAt, entitlement);
      const victimUpdateId = randomUUID();
      await m.getRepository(VictimUpdateEntity).insert({
        id: victimUpdateId,
        caseId: row.id,
        personId: victim.id,
        triggerEventId: eventId,
        triggerType: event.type,
        eventAt: event.occurredAt,
        entitlement,
        workingDays,
        dueBy,
      });
      victimUpdateIds.push(victimUpdateId);
      // Notifications schedule the reminder and the overdue escalation from this event.
      await caseEvent(m, this.outbox, scope, row, EVENT_TYPES.victimUpdateDue, {
        victimUpdateId,
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
      const updated = await m.getRepository(VictimUpdateEntity).update(
        { id: found.id, version: input.expectedVersion, deliveredAt: IsNull() },
        {
          deliveredAt,
          deliveredByUserId: scope.actor.userId,
          deliveredByAgencyId: scope.actor.agencyId,
          deliveryMethod: input.method,
          content: input.content.trim(),
          version: () => 'version + 1',
          updatedAt: () => 'now()',
        },
      );
      if (!updated.affected) throw conflict();
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
      await m
        .getRepository(PersonEntity)
        .update(person.id, { victimCodeEntitlement: input.entitlement, updatedAt: () => 'now()' });
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
    const scoped = namedParams(scopeSql, params, 'd22');
    const qb = victimUpdatesQuery(this.ds)
      .innerJoin(CaseEntity, 'c', 'c.id = v.caseId')
      .addSelect('v.due_by::text', 'sortKey')
      .where(scoped.sql, scoped.parameters)
      .andWhere('v.deliveredAt IS NULL');
    if (opts.overdueOnly) qb.andWhere('v.dueBy < now()');
    if (opts.clinicId) qb.andWhere('c.clinicId = :clinicId::uuid', { clinicId: opts.clinicId });
    if (after) {
      const [value, id] = decodeCursor(after, 'timestamptz');
      qb.andWhere('(v.dueBy, v.id) > (:afterValue::timestamptz, :afterId::uuid)', {
        afterValue: value,
        afterId: id,
      });
    }
    const rows = await victimUpdateRows<{ sortKey: string }>(
      qb
        .orderBy('v.dueBy')
        .addOrderBy('v.id')
        .limit(first + 1),
    );
    const page = rows.slice(0, first);
    const cases = await scope.loaders.cases.loadMany([...new Set(page.map((r) => r.row.caseId))]);
    const byId = new Map(
      cases.filter((c): c is CaseRow => Boolean(c) && !(c instanceof Error)).map((c) => [c.id, c]),
    );
    await scope.access.ability();
    const edges: { cursor: string; node: VictimUpdateView }[] = [];
    for (const { row: v, raw } of page) {
      const row = byId.get(v.caseId);
      const view = row ? this.viewFor(scope, row, v) : null;
      // SQL scope and row check come from the same rules; if they ever disagree, fail closed.
      if (!view) continue;
      edges.push({ cursor: encodeCursor(raw.sortKey, v.id), node: this.present(v, view) });
    }
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }
}
