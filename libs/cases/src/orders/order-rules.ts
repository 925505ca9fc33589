import { addCalendarDays, londonDay } from '@scp/platform-calendar';
import { badInput } from '@scp/platform-graphql';
import type { OrderEntity, OrderTypeEntity } from './orders.entities.js';

export const ORDER_STATUSES = [
  'APPLIED',
  'GRANTED',
  'IN_FORCE',
  'REFUSED',
  'VARIED',
  'DISCHARGED',
  'EXPIRED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** GRANTED: made by the court, not yet served; IN_FORCE: served or otherwise in effect; VARIED: in force as varied. */
export const IN_FORCE_STATUSES: ReadonlySet<string> = new Set(['GRANTED', 'IN_FORCE', 'VARIED']);
/** Statuses that need the day the order was made. */
export const MADE_STATUSES: ReadonlySet<string> = new Set([
  'GRANTED',
  'IN_FORCE',
  'VARIED',
  'DISCHARGED',
  'EXPIRED',
]);

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  APPLIED: ['GRANTED', 'IN_FORCE', 'REFUSED'],
  GRANTED: ['IN_FORCE', 'VARIED', 'DISCHARGED', 'EXPIRED'],
  IN_FORCE: ['VARIED', 'DISCHARGED', 'EXPIRED'],
  VARIED: ['VARIED', 'DISCHARGED', 'EXPIRED'],
  REFUSED: [],
  DISCHARGED: [],
  EXPIRED: [],
};

export const PROTECTED_KINDS = ['ADDRESS', 'WORKPLACE', 'EXCLUSION_ZONE', 'OTHER'] as const;

/** The rules of an order type, as the configuration table holds them. */
export type OrderTypeRules = Omit<OrderTypeEntity, 'sortOrder' | 'active'>;

/** The facts of an order that its type's rules constrain. */
export interface OrderFacts {
  status: string;
  appliedOn: string | null;
  grantedOn: string | null;
  servedOn: string | null;
  fixedEndOn: string | null;
  untilFurtherOrder: boolean;
  notificationReceivedOn: string | null;
}

/** `day` plus whole months; a day the target month lacks becomes its last day (31 Aug + 6 → 28 Feb). */
export function addMonthsToDay(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * Checks an order's dates and period against its type. Each rule the database also enforces is
 * checked here first, so the caller gets a named field rather than a masked constraint error.
 */
export function checkOrder(type: OrderTypeRules, o: OrderFacts, today: string): void {
  // Applied, made and served are things that happened: none can be after today (London). An order
  // "in force" with a service date next week is one the subject has not been given (issue 14).
  if (o.appliedOn && o.appliedOn > today)
    throw badInput('The application date cannot be in the future: record it once applied for', 'appliedOn');
  if (o.grantedOn && o.grantedOn > today)
    throw badInput('The date the order was made cannot be in the future: record it once made', 'grantedOn');
  if (o.servedOn && o.servedOn > today)
    throw badInput(
      'The service date cannot be in the future: an order is in force only once it is served',
      'servedOn',
    );
  if (MADE_STATUSES.has(o.status) && !o.grantedOn)
    throw badInput('Give the day the order was made (grantedOn)', 'grantedOn');
  if (o.servedOn && !MADE_STATUSES.has(o.status))
    throw badInput('Only an order that was made can be served', 'servedOn');
  if (o.grantedOn && o.appliedOn && o.grantedOn < o.appliedOn)
    throw badInput('An order cannot be made before it was applied for', 'grantedOn');
  if (o.servedOn && o.grantedOn && o.servedOn < o.grantedOn)
    throw badInput('An order cannot be served before it was made', 'servedOn');
  if (o.notificationReceivedOn && (!o.servedOn || o.notificationReceivedOn < o.servedOn))
    throw badInput('The notification cannot come before service', 'notificationReceivedOn');
  if (o.untilFurtherOrder && o.fixedEndOn)
    throw badInput('An order runs for a fixed period or until further order, not both', 'fixedEndOn');
  if (o.untilFurtherOrder && !type.allowsUntilFurtherOrder)
    throw badInput(`A ${type.name} cannot run until further order`, 'untilFurtherOrder');
  const start = o.grantedOn ?? o.appliedOn;
  if (o.fixedEndOn) {
    if (!start) throw badInput('Give the day the order was made (grantedOn) with its end date', 'grantedOn');
    if (o.fixedEndOn <= start) throw badInput('The end date must be after the order is made', 'fixedEndOn');
    if (type.minFixedMonths !== null && o.fixedEndOn < addMonthsToDay(start, type.minFixedMonths))
      throw badInput(
        `A ${type.name} for a fixed period must last at least ${type.minFixedMonths} months, or be made until further order`,
        'fixedEndOn',
      );
  }
  if (type.minFixedMonths !== null && MADE_STATUSES.has(o.status) && !o.fixedEndOn && !o.untilFurtherOrder)
    throw badInput(`A ${type.name} runs for a fixed period or until further order: give one`, 'fixedEndOn');
}

/**
 * The last day for the subject to notify the police, or null when there is no new duty.
 * "Within N days beginning with the day of service": the day of service counts as day one, so the
 * due day is service + (N − 1) calendar days, London. An order replacing one of the types its
 * configuration names (a full SPO replacing the interim SPO of the same case) creates no new duty.
 */
export function notificationDueOn(
  type: OrderTypeRules,
  servedOn: string | null,
  replaced: Pick<OrderEntity, 'orderTypeCode'> | null,
): string | null {
  if (!type.requiresNotification || !type.notificationDays || !servedOn) return null;
  if (replaced && type.noNewNotificationWhenReplacing.includes(replaced.orderTypeCode)) return null;
  return londonDay(addCalendarDays(servedOn, type.notificationDays - 1));
}

/** A notification duty whose last day has passed (in London) with nothing received. */
export function notificationMissed(
  dueOn: string | null,
  receivedOn: string | null,
  now: Date = new Date(),
): boolean {
  return Boolean(dueOn && !receivedOn && londonDay(now) > dueOn);
}
