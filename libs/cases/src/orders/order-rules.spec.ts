import { InvalidInputError } from '@scp/contracts';
import {
  addMonthsToDay,
  checkOrder,
  notificationDueOn,
  notificationMissed,
  type OrderFacts,
  type OrderTypeRules,
} from './order-rules.js';

// The rows the migration seeds, as the service reads them.
const SPO: OrderTypeRules = {
  code: 'SPO',
  name: 'Stalking protection order',
  isSpo: true,
  isInterim: false,
  minFixedMonths: 24,
  allowsUntilFurtherOrder: true,
  requiresNotification: true,
  notificationDays: 3,
  noNewNotificationWhenReplacing: ['INTERIM_SPO'],
};
const INTERIM: OrderTypeRules = {
  ...SPO,
  code: 'INTERIM_SPO',
  name: 'Interim stalking protection order',
  isInterim: true,
  minFixedMonths: null,
  noNewNotificationWhenReplacing: [],
};
const RESTRAINING: OrderTypeRules = {
  ...INTERIM,
  code: 'RESTRAINING_ORDER_S5',
  name: 'Restraining order',
  isSpo: false,
  isInterim: false,
  requiresNotification: false,
  notificationDays: null,
};

const granted = (over: Partial<OrderFacts>): OrderFacts => ({
  status: 'IN_FORCE',
  appliedOn: '2026-02-02',
  grantedOn: '2026-03-02',
  servedOn: '2026-03-02',
  fixedEndOn: null,
  untilFurtherOrder: false,
  notificationReceivedOn: null,
  ...over,
});

// The London day the rules treat as today: after every date the fixtures use.
const TODAY = '2026-06-01';

const fieldOf = (fn: () => void): unknown => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).details.field;
  }
  throw new Error('expected an InvalidInputError');
};

describe('SPO notification deadline (3 days beginning with the day of service, London)', () => {
  it('served on a Monday → due Wednesday', () => {
    expect(notificationDueOn(SPO, '2026-03-02', null)).toBe('2026-03-04');
    expect(notificationDueOn(INTERIM, '2026-11-30', null)).toBe('2026-12-02');
  });

  it('served on a Friday → due Sunday (calendar days, not working days)', () => {
    expect(notificationDueOn(SPO, '2026-03-06', null)).toBe('2026-03-08');
  });

  it('across the spring clock change and a month end', () => {
    expect(notificationDueOn(SPO, '2026-03-28', null)).toBe('2026-03-30');
    expect(notificationDueOn(SPO, '2026-12-31', null)).toBe('2027-01-02');
  });

  it('a full SPO replacing an interim SPO creates no new duty; replacing anything else does', () => {
    expect(notificationDueOn(SPO, '2026-03-02', { orderTypeCode: 'INTERIM_SPO' })).toBeNull();
    expect(notificationDueOn(SPO, '2026-03-02', { orderTypeCode: 'SPO' })).toBe('2026-03-04');
  });

  it('types without a notification requirement, and unserved orders, have no duty', () => {
    expect(notificationDueOn(RESTRAINING, '2026-03-02', null)).toBeNull();
    expect(notificationDueOn(SPO, null, null)).toBeNull();
  });

  it('missed = the due day has passed in London with nothing received', () => {
    expect(notificationMissed('2026-03-04', null, new Date('2026-03-04T23:30:00Z'))).toBe(false); // GMT: still the 4th in London
    expect(notificationMissed('2026-03-04', null, new Date('2026-03-05T00:00:00Z'))).toBe(true);
    expect(notificationMissed('2026-06-04', null, new Date('2026-06-04T23:30:00Z'))).toBe(true); // 00:30 BST on the 5th
    expect(notificationMissed('2026-03-04', '2026-03-03', new Date('2026-04-01T00:00:00Z'))).toBe(false);
    expect(notificationMissed(null, null)).toBe(false);
  });
});

describe('SPO period (at least two years, or until further order)', () => {
  it('an 18-month fixed period is rejected, naming the field', () => {
    expect(fieldOf(() => checkOrder(SPO, granted({ fixedEndOn: '2027-09-02' }), TODAY))).toBe('fixedEndOn');
  });

  it('exactly 24 months, 3 years, or until further order are accepted', () => {
    expect(() => checkOrder(SPO, granted({ fixedEndOn: '2028-03-02' }), TODAY)).not.toThrow();
    expect(() => checkOrder(SPO, granted({ fixedEndOn: '2029-03-02' }), TODAY)).not.toThrow();
    expect(() => checkOrder(SPO, granted({ untilFurtherOrder: true }), TODAY)).not.toThrow();
    expect(fieldOf(() => checkOrder(SPO, granted({ fixedEndOn: '2028-03-01' }), TODAY))).toBe('fixedEndOn');
  });

  it('a made SPO must say which; both at once is refused', () => {
    expect(fieldOf(() => checkOrder(SPO, granted({}), TODAY))).toBe('fixedEndOn');
    expect(
      fieldOf(() => checkOrder(SPO, granted({ untilFurtherOrder: true, fixedEndOn: '2029-03-02' }), TODAY)),
    ).toBe('fixedEndOn');
    // An application need not state the period yet.
    expect(() =>
      checkOrder(SPO, granted({ status: 'APPLIED', grantedOn: null, servedOn: null }), TODAY),
    ).not.toThrow();
  });

  it('an interim SPO and other orders have no minimum period', () => {
    expect(() => checkOrder(INTERIM, granted({ fixedEndOn: '2026-05-02' }), TODAY)).not.toThrow();
    expect(() => checkOrder(RESTRAINING, granted({ fixedEndOn: '2026-09-02' }), TODAY)).not.toThrow();
  });

  it('dates must be in order', () => {
    expect(fieldOf(() => checkOrder(INTERIM, granted({ servedOn: '2026-03-01' }), TODAY))).toBe('servedOn');
    expect(fieldOf(() => checkOrder(INTERIM, granted({ grantedOn: '2026-01-01' }), TODAY))).toBe('grantedOn');
    expect(fieldOf(() => checkOrder(INTERIM, granted({ status: 'APPLIED', grantedOn: null }), TODAY))).toBe(
      'servedOn',
    );
    expect(fieldOf(() => checkOrder(INTERIM, granted({ grantedOn: null, servedOn: null }), TODAY))).toBe(
      'grantedOn',
    );
    expect(
      fieldOf(() =>
        checkOrder(INTERIM, granted({ servedOn: '2026-03-05', notificationReceivedOn: '2026-03-04' }), TODAY),
      ),
    ).toBe('notificationReceivedOn');
  });

  it('applied, made and served cannot be after today: an order in force has been served', () => {
    const refusal = (over: Partial<OrderFacts>) => {
      try {
        checkOrder(INTERIM, granted(over), TODAY);
      } catch (error) {
        return {
          field: (error as InvalidInputError).details.field,
          message: (error as InvalidInputError).message,
        };
      }
      return null;
    };
    expect(refusal({ servedOn: '2026-06-02' })).toEqual({
      field: 'servedOn',
      message: 'The service date cannot be in the future: an order is in force only once it is served',
    });
    expect(refusal({ grantedOn: '2026-06-02', servedOn: null })?.field).toBe('grantedOn');
    expect(
      refusal({ appliedOn: '2026-06-02', grantedOn: null, servedOn: null, status: 'APPLIED' })?.field,
    ).toBe('appliedOn');
    // Today itself is a day it can have happened on.
    expect(refusal({ grantedOn: TODAY, servedOn: TODAY, appliedOn: TODAY })).toBeNull();
  });

  it('month arithmetic clamps to the end of a shorter month', () => {
    expect(addMonthsToDay('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonthsToDay('2026-02-28', 24)).toBe('2028-02-28');
    expect(addMonthsToDay('2028-02-29', 24)).toBe('2030-02-28');
  });
});
