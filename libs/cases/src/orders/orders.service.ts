import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { EVENT_TYPES, type DataCategory } from '@scp/contracts';
import { londonDay } from '@scp/platform-calendar';
import { withAccess, type AccessView, type FieldKey, type WithAccess } from '@scp/platform-access';
import { badInput, conflict, notFound } from '@scp/platform-graphql';
import {
  CASES_AUDIT,
  CASES_DATA_SOURCE,
  CASES_OUTBOX,
  type AuditWriterLike,
  type OutboxLike,
} from '../shared/tokens.js';
import type { RequestScope } from '../shared/scope.js';
import { writeEvent } from '../shared/audit.js';
import { FreeTextGuard } from '../shared/free-text.js';
import type { CaseRow } from '../case/case.repository.js';
import { caseEvent, loadCaseForWrite, requireWrite, touchCase } from './case-write.js';
import {
  checkOrder,
  IN_FORCE_STATUSES,
  notificationDueOn,
  notificationMissed,
  ORDER_TRANSITIONS,
  type OrderFacts,
  type OrderStatus,
  type OrderTypeRules,
} from './order-rules.js';
import { findOrderById, findOrderType, findOrderTypes } from './orders.repository.js';
import { OrderConditionEntity, OrderEntity, type OrderTypeEntity } from './orders.entities.js';
import { orderLoaders } from './orders.loaders.js';
import type {
  AddOrderConditionInput,
  OrderConditionInput,
  RecordOrderInput,
  RecordOrderNotificationInput,
  UpdateOrderInput,
} from './orders.inputs.js';

export type OrderView = WithAccess<
  OrderEntity & { notificationDueBy: string | null; notificationMissed: boolean; inForce: boolean }
>;

const ENDED: ReadonlySet<string> = new Set(['REFUSED', 'DISCHARGED', 'EXPIRED']);

/** Both halves of what a condition protects, or neither. */
function checkProtected(c: OrderConditionInput, field: string) {
  if (!c.protectedKind !== !c.protectedDetail)
    throw badInput('Give both the kind and the detail of what the condition protects', field);
}

/**
 * Orders and their conditions. D15 (type, dates, status, served text) is for every partner;
 * D16 (what a condition protects) for police and advocates, read with a purpose. Police write
 * both. The rules of each order type come from the `order_types` configuration table.
 */
@Injectable()
export class OrdersService {
  constructor(
    @Inject(CASES_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CASES_AUDIT) private readonly audit: AuditWriterLike,
    private readonly freeText: FreeTextGuard,
    @Inject(CASES_OUTBOX) private readonly outbox: OutboxLike,
  ) {}

  async orderTypes(): Promise<OrderTypeEntity[]> {
    return findOrderTypes(this.ds);
  }

  async typeOf(scope: RequestScope, code: string): Promise<OrderTypeEntity | null> {
    return (await orderLoaders(scope, this.ds).types()).get(code) ?? null;
  }

  /** The reader's view of one order of a loaded case, or null when it may not see it at all. */
  private viewFor(scope: RequestScope, row: CaseRow, order: OrderEntity): AccessView | null {
    return scope.access.recordView(row, {
      category: 'D15',
      authorAgencyId: order.createdByAgencyId,
      entityType: 'Order',
      entityId: order.id,
    });
  }

  private present(order: OrderEntity, view: AccessView): OrderView {
    return withAccess(
      {
        ...order,
        notificationDueBy: order.notificationDueOn,
        notificationMissed: notificationMissed(order.notificationDueOn, order.notificationReceivedOn),
        inForce: IN_FORCE_STATUSES.has(order.status),
      },
      view,
    );
  }

  /** Orders of a case the reader may see, oldest first. */
  async ordersOf(scope: RequestScope, row: CaseRow): Promise<OrderView[]> {
    await scope.access.ability();
    const orders = await orderLoaders(scope, this.ds).byCase.load(row.id);
    return orders.flatMap((o) => {
      const view = this.viewFor(scope, row, o);
      return view ? [this.present(o, view)] : [];
    });
  }

  /** Conditions carry their order's view: served text is D15, the protected detail D16. */
  async conditionsOf(scope: RequestScope, view: AccessView, orderId: string) {
    const rows = await orderLoaders(scope, this.ds).conditions.load(orderId);
    return rows.map((c) => withAccess({ ...c }, view));
  }

  protectedDetailOf(view: AccessView, condition: OrderConditionEntity, purpose: string) {
    if (!condition.protectedKind || !condition.protectedDetail) return null;
    return withAccess(
      { kind: condition.protectedKind, detail: condition.protectedDetail },
      { ...view, purpose },
    );
  }

  /** The order and its case for a change; an order the caller may not see is "not found". */
  private async orderForWrite(
    scope: RequestScope,
    id: string,
  ): Promise<{ order: OrderEntity; row: CaseRow }> {
    const order = await findOrderById(this.ds, id);
    if (!order) throw notFound('Order');
    const row = await loadCaseForWrite(this.ds, scope, order.caseId, 'Order');
    if (!this.viewFor(scope, row, order)) throw notFound('Order');
    return { order, row };
  }

  private async rulesOf(code: string): Promise<OrderTypeRules> {
    // Inactive types still govern the orders already made under them.
    const type = await findOrderType(this.ds, code, { includeInactive: true });
    if (!type) throw badInput('Unknown order type', 'typeCode');
    return type;
  }

  private async reload(scope: RequestScope, row: CaseRow, id: string): Promise<OrderView> {
    orderLoaders(scope, this.ds).byCase.clear(row.id);
    orderLoaders(scope, this.ds).conditions.clear(id);
    scope.access.invalidate(row.id);
    const order = await findOrderById(this.ds, id);
    const view = order ? this.viewFor(scope, row, order) : null;
    if (!order || !view) throw notFound('Order');
    return this.present(order, view);
  }

  /** The order a new one replaces: same case, in force, not replaced before (row-locked). */
  private async lockReplaceable(m: EntityManager, row: CaseRow, id: string): Promise<OrderEntity> {
    const replaced = await findOrderById(m, id, true);
    if (!replaced || replaced.caseId !== row.id)
      throw badInput('No such order on this case', 'replacesOrderId');
    if (!IN_FORCE_STATUSES.has(replaced.status))
      throw badInput('Only an order in force can be replaced', 'replacesOrderId');
    if (await m.getRepository(OrderEntity).existsBy({ replacesOrderId: id }))
      throw conflict('That order has already been replaced');
    return replaced;
  }

  /** The replaced order stops having effect on the day its replacement is made. */
  private async endReplaced(m: EntityManager, replaced: OrderEntity, onDay: string) {
    await m
      .getRepository(OrderEntity)
      .update(
        { id: replaced.id, status: In(['GRANTED', 'IN_FORCE', 'VARIED']) },
        { status: 'EXPIRED', endedOn: onDay, version: () => 'version + 1', updatedAt: () => 'now()' },
      );
  }

  private async insertConditions(
    m: EntityManager,
    scope: RequestScope,
    orderId: string,
    caseId: string,
    conditions: OrderConditionInput[],
    firstPosition: number,
  ) {
    for (const [i, c] of conditions.entries())
      await m.getRepository(OrderConditionEntity).insert({
        id: randomUUID(),
        orderId,
        caseId,
        position: firstPosition + i,
        servedText: c.servedText.trim(),
        protectedKind: c.protectedKind ?? null,
        protectedDetail: c.protectedDetail?.trim() ?? null,
        createdByAgencyId: scope.actor.agencyId,
        createdByUserId: scope.actor.userId,
      });
  }

  /** The duty is created (or moved): notifications schedule the reminders from this event. */
  private async notificationDue(
    m: EntityManager,
    scope: RequestScope,
    row: CaseRow,
    orderId: string,
    dueOn: string,
  ) {
    await caseEvent(m, this.outbox, scope, row, EVENT_TYPES.orderNotificationDue, { orderId, dueOn });
  }

  async recordOrder(scope: RequestScope, input: RecordOrderInput): Promise<OrderView> {
    const row = await loadCaseForWrite(this.ds, scope, input.caseId);
    const conditions = input.conditions ?? [];
    const needsD16 = conditions.some((c) => c.protectedKind || c.protectedDetail);
    const categories: FieldKey[] = needsD16 ? ['D15', 'D16'] : ['D15'];
    await requireWrite(scope, row, categories);
    const type = await this.typeOf(scope, input.typeCode);
    if (!type) throw badInput('Unknown order type', 'typeCode');
    const facts: OrderFacts = {
      status: input.status,
      appliedOn: input.appliedOn ?? null,
      grantedOn: input.grantedOn ?? null,
      servedOn: input.servedOn ?? null,
      fixedEndOn: input.fixedEndOn ?? null,
      untilFurtherOrder: input.untilFurtherOrder ?? false,
      notificationReceivedOn: null,
    };
    checkOrder(type, facts, londonDay(new Date()));
    for (const [i, c] of conditions.entries()) {
      checkProtected(c, `conditions.${i}.protectedDetail`);
      // Every partner reads the served text: it must not carry the victim's location.
      await this.freeText.assert(scope, row.id, c.servedText, `conditions.${i}.servedText`);
    }
    const id = await this.ds.transaction(async (m) => {
      const replaced = input.replacesOrderId
        ? await this.lockReplaceable(m, row, input.replacesOrderId)
        : null;
      const dueOn = notificationDueOn(type, facts.servedOn, replaced);
      const orderId = randomUUID();
      await m.getRepository(OrderEntity).insert({
        id: orderId,
        caseId: row.id,
        orderTypeCode: type.code,
        status: facts.status,
        appliedOn: facts.appliedOn,
        grantedOn: facts.grantedOn,
        servedOn: facts.servedOn,
        fixedEndOn: facts.fixedEndOn,
        untilFurtherOrder: facts.untilFurtherOrder,
        replacesOrderId: replaced?.id ?? null,
        notificationDueOn: dueOn,
        createdByAgencyId: scope.actor.agencyId,
        createdByUserId: scope.actor.userId,
      });
      await this.insertConditions(m, scope, orderId, row.id, conditions, 1);
      if (replaced && IN_FORCE_STATUSES.has(facts.status))
        await this.endReplaced(m, replaced, facts.grantedOn!);
      await touchCase(m, this.outbox, scope, row, categories);
      if (dueOn) await this.notificationDue(m, scope, row, orderId, dueOn);
      await this.audit.write(
        [
          writeEvent(
            scope,
            'CREATE',
            'Case',
            row.id,
            categories as DataCategory[],
            `recordOrder:${type.code}`,
            {
              caseId: row.id,
            },
          ),
        ],
        m,
      );
      return orderId;
    });
    return this.reload(scope, row, id);
  }

  async updateOrder(scope: RequestScope, input: UpdateOrderInput): Promise<OrderView> {
    const { order, row } = await this.orderForWrite(scope, input.id);
    await requireWrite(scope, row, ['D15']);
    const type = await this.rulesOf(order.orderTypeCode);
    const status = input.status ?? order.status;
    if (
      status !== order.status &&
      !ORDER_TRANSITIONS[order.status as OrderStatus].includes(status as OrderStatus)
    )
      throw badInput(`An order cannot move from ${order.status} to ${status}`, 'status');
    const fixedEndOn =
      input.untilFurtherOrder === true ? (input.fixedEndOn ?? null) : (input.fixedEndOn ?? order.fixedEndOn);
    const untilFurtherOrder = input.untilFurtherOrder ?? (input.fixedEndOn ? false : order.untilFurtherOrder);
    const next: OrderFacts = {
      status,
      appliedOn: input.appliedOn ?? order.appliedOn,
      grantedOn: input.grantedOn ?? order.grantedOn,
      servedOn: input.servedOn ?? order.servedOn,
      fixedEndOn,
      untilFurtherOrder,
      notificationReceivedOn: order.notificationReceivedOn,
    };
    if (input.endedOn && !['DISCHARGED', 'EXPIRED'].includes(status))
      throw badInput('Only a discharged or expired order has an end day', 'endedOn');
    const endedOn = ['DISCHARGED', 'EXPIRED'].includes(status)
      ? (input.endedOn ?? order.endedOn ?? londonDay(new Date()))
      : null;
    checkOrder(type, next, londonDay(new Date()));
    if (endedOn && next.grantedOn && endedOn < next.grantedOn)
      throw badInput('An order cannot end before it was made', 'endedOn');
    const unchanged =
      status === order.status &&
      next.appliedOn === order.appliedOn &&
      next.grantedOn === order.grantedOn &&
      next.servedOn === order.servedOn &&
      next.fixedEndOn === order.fixedEndOn &&
      next.untilFurtherOrder === order.untilFurtherOrder &&
      endedOn === order.endedOn;
    if (unchanged) throw badInput('Nothing to change');
    await this.ds.transaction(async (m) => {
      const replaced = order.replacesOrderId ? await findOrderById(m, order.replacesOrderId, true) : null;
      const dueOn = notificationDueOn(type, next.servedOn, replaced);
      const updated = await m.getRepository(OrderEntity).update(
        { id: order.id, version: input.expectedVersion },
        {
          status,
          appliedOn: next.appliedOn,
          grantedOn: next.grantedOn,
          servedOn: next.servedOn,
          fixedEndOn: next.fixedEndOn,
          untilFurtherOrder: next.untilFurtherOrder,
          endedOn,
          notificationDueOn: dueOn,
          version: () => 'version + 1',
          updatedAt: () => 'now()',
        },
      );
      if (!updated.affected) throw conflict();
      // A full order made in place of an interim one: the interim stops on the day it is made.
      if (replaced && !IN_FORCE_STATUSES.has(order.status) && IN_FORCE_STATUSES.has(status))
        await this.endReplaced(m, replaced, next.grantedOn!);
      await touchCase(m, this.outbox, scope, row, ['D15']);
      if (dueOn && dueOn !== order.notificationDueOn)
        await this.notificationDue(m, scope, row, order.id, dueOn);
      await this.audit.write(
        [writeEvent(scope, 'UPDATE', 'Case', row.id, ['D15'], 'updateOrder', { caseId: row.id })],
        m,
      );
    });
    return this.reload(scope, row, order.id);
  }

  async recordNotification(scope: RequestScope, input: RecordOrderNotificationInput): Promise<OrderView> {
    const { order, row } = await this.orderForWrite(scope, input.orderId);
    await requireWrite(scope, row, ['D15']);
    if (!order.notificationDueOn) throw badInput('This order has no notification duty', 'orderId');
    if (input.receivedOn > londonDay(new Date()))
      throw badInput('The notification cannot be received in the future', 'receivedOn');
    if (order.servedOn && input.receivedOn < order.servedOn)
      throw badInput('The notification cannot come before service', 'receivedOn');
    await this.ds.transaction(async (m) => {
      const updated = await m.getRepository(OrderEntity).update(
        { id: order.id, version: input.expectedVersion },
        {
          notificationReceivedOn: input.receivedOn,
          version: () => 'version + 1',
          updatedAt: () => 'now()',
        },
      );
      if (!updated.affected) throw conflict();
      await touchCase(m, this.outbox, scope, row, ['D15']);
      // Notifications cancel the pending "notification missed" reminder from this event.
      await caseEvent(m, this.outbox, scope, row, EVENT_TYPES.orderNotificationReceived, {
        orderId: order.id,
      });
      await this.audit.write(
        [writeEvent(scope, 'UPDATE', 'Case', row.id, ['D15'], 'recordOrderNotification', { caseId: row.id })],
        m,
      );
    });
    return this.reload(scope, row, order.id);
  }

  async addCondition(scope: RequestScope, input: AddOrderConditionInput): Promise<OrderView> {
    const { order, row } = await this.orderForWrite(scope, input.orderId);
    const categories: FieldKey[] = input.protectedKind || input.protectedDetail ? ['D15', 'D16'] : ['D15'];
    await requireWrite(scope, row, categories);
    if (ENDED.has(order.status)) throw badInput('The order has ended', 'orderId');
    checkProtected(input, 'protectedDetail');
    await this.freeText.assert(scope, row.id, input.servedText, 'servedText');
    await this.ds.transaction(async (m) => {
      const updated = await m
        .getRepository(OrderEntity)
        .update(
          { id: order.id, version: input.expectedVersion },
          { version: () => 'version + 1', updatedAt: () => 'now()' },
        );
      if (!updated.affected) throw conflict();
      const last = await m.getRepository(OrderConditionEntity).maximum('position', { orderId: order.id });
      const next = (last ?? 0) + 1;
      await this.insertConditions(m, scope, order.id, row.id, [input], next);
      await touchCase(m, this.outbox, scope, row, categories);
      await this.audit.write(
        [
          writeEvent(scope, 'CREATE', 'Case', row.id, categories as DataCategory[], 'addOrderCondition', {
            caseId: row.id,
          }),
        ],
        m,
      );
    });
    return this.reload(scope, row, order.id);
  }
}
