/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import type { DocumentNode, GraphQLFormattedError } from 'graphql';
import {
  AddOrderConditionDocument,
  CaseOrdersDetailDocument,
  RecordOrderDocument,
  RecordOrderNotificationDocument,
  UpdateOrderDocument,
  type AddOrderConditionInput,
  type CaseOrdersDetailQuery,
  type OrderDetailFragment,
  type RecordOrderInput,
  type RecordOrderNotificationInput,
  type UpdateOrderInput,
} from '../../generated/graphql';
import { renderPage, summaryLinks, typeDate } from '../../testing/render-page';
import { OrderPage, RecordOrderPage } from './orders';

const ORDER_TYPES: CaseOrdersDetailQuery['orderTypes'] = [
  {
    code: 'SPO',
    name: 'Stalking protection order',
    isSpo: true,
    isInterim: false,
    minFixedMonths: 24,
    allowsUntilFurtherOrder: true,
    requiresNotification: true,
    notificationDays: 3,
  },
  {
    code: 'ISPO',
    name: 'Interim stalking protection order',
    isSpo: true,
    isInterim: true,
    minFixedMonths: null,
    allowsUntilFurtherOrder: false,
    requiresNotification: true,
    notificationDays: 3,
  },
  {
    code: 'RO',
    name: 'Restraining order',
    isSpo: false,
    isInterim: false,
    minFixedMonths: null,
    allowsUntilFurtherOrder: true,
    requiresNotification: false,
    notificationDays: null,
  },
];

type Condition = NonNullable<OrderDetailFragment['conditions']>[number];
const condition = (id: string, position: number, servedText: string) =>
  ({ __typename: 'OrderCondition', id, position, servedText }) as Condition;

/**
 * An order as the API answers with it. Orders carry `__typename` (as the real API's answers do) so
 * that the cache can match the OrderDetail fragment and normalise them by id.
 */
function order(given: Partial<OrderDetailFragment> = {}): OrderDetailFragment {
  return {
    __typename: 'Order',
    id: 'ord-1',
    typeCode: 'SPO',
    status: 'IN_FORCE',
    appliedOn: '2026-05-01',
    grantedOn: '2026-05-20',
    servedOn: '2026-05-22',
    fixedEndOn: '2028-05-20',
    untilFurtherOrder: false,
    endedOn: null,
    inForce: true,
    notificationDueBy: '2026-05-25',
    notificationReceivedOn: null,
    notificationMissed: true,
    version: 3,
    type: {
      code: 'SPO',
      name: 'Stalking protection order',
      requiresNotification: true,
      allowsUntilFurtherOrder: true,
    },
    conditions: [condition('cond-1', 1, 'Not to contact Victim A directly or indirectly')],
    ...given,
  } as OrderDetailFragment;
}

const caseWith = (...orders: OrderDetailFragment[]): CaseOrdersDetailQuery => ({
  case: { id: 'case-1', reference: 'SC-0001', orders },
  orderTypes: ORDER_TYPES,
});

/** The case query: each mock answers once, so a refetch needs one of its own. Records each answer given. */
function caseMock(data: CaseOrdersDetailQuery, answered?: CaseOrdersDetailQuery[]): MockLink.MockedResponse {
  return {
    request: { query: CaseOrdersDetailDocument, variables: { id: 'case-1' } },
    result: () => {
      answered?.push(data);
      return { data };
    },
  };
}

/** A mutation answering with `errors`, or with the order; records the input it was sent. */
function mutationMock<T>(
  query: DocumentNode,
  field: string,
  sent: T[],
  answer: OrderDetailFragment | GraphQLFormattedError[],
): MockLink.MockedResponse {
  return {
    request: { query, variables: () => true },
    result: (variables: Record<string, unknown>) => {
      sent.push(variables.input as T);
      return Array.isArray(answer) ? { data: null, errors: answer } : { data: { [field]: answer } };
    },
  };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────

describe('web: recording an order', () => {
  const EARLIER = order({
    id: 'ord-0',
    typeCode: 'ISPO',
    status: 'IN_FORCE',
    type: {
      code: 'ISPO',
      name: 'Interim stalking protection order',
      requiresNotification: true,
      allowsUntilFurtherOrder: false,
    },
  });

  const openForm = async (mocks: MockLink.MockedResponse[] = []) => {
    renderPage(<RecordOrderPage />, {
      route: '/cases/:id/orders/new',
      path: '/cases/case-1/orders/new',
      mocks: [caseMock(caseWith(EARLIER)), ...mocks],
    });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Record an order or conditions' }),
    ).toBeVisible();
    return screen.getByRole('button', { name: 'Record the order' });
  };

  const options = (name: string) =>
    within(screen.getByRole('combobox', { name }))
      .getAllByRole('option')
      .map((o) => [o.getAttribute('value'), o.textContent]);
  const radios = (group: string) =>
    within(screen.getByRole('group', { name: group }))
      .getAllByRole('radio')
      .map((r) => [(r as HTMLInputElement).labels?.[0]?.textContent, (r as HTMLInputElement).checked]);

  it('offers the order types, the statuses and the earlier orders it may replace', async () => {
    await openForm();
    expect(screen.getByText('Case SC-0001')).toBeVisible();
    expect(options('Type of order')).toEqual([
      ['', 'Select a type'],
      ['SPO', 'Stalking protection order'],
      ['ISPO', 'Interim stalking protection order'],
      ['RO', 'Restraining order'],
    ]);
    expect(radios('Where is it now?')).toEqual([
      ['Applied', true],
      ['Granted', false],
      ['In force', false],
      ['Refused', false],
    ]);
    expect(radios('When does it end?')).toEqual([
      ['On a fixed day', false],
      ['Until further order', false],
      ['Not known yet', true],
    ]);
    expect(options('Does it replace an earlier order? (optional)')).toEqual([
      ['', 'No'],
      ['ord-0', 'Interim stalking protection order (In force)'],
    ]);
    expect(screen.getByText('No conditions added.')).toBeVisible();
    expect(screen.queryByRole('group', { name: 'Last day of the order' })).toBeNull();
  });

  it('follows the chosen type: the notification duty, "until further order", the minimum period', async () => {
    const user = userEvent.setup({ delay: null });
    await openForm();
    const type = screen.getByRole('combobox', { name: 'Type of order' });
    await user.selectOptions(type, 'Stalking protection order');
    expect(screen.getByText(/The subject must notify the police within 3 days of service/)).toBeVisible();
    await user.click(screen.getByRole('radio', { name: 'On a fixed day' }));
    expect(screen.getByRole('group', { name: 'Last day of the order' })).toHaveAccessibleDescription(
      'At least 24 months after it was made',
    );

    await user.selectOptions(type, 'Interim stalking protection order');
    expect(radios('When does it end?').map(([text]) => text)).toEqual(['On a fixed day', 'Not known yet']);
    expect(screen.getByRole('group', { name: 'Last day of the order' })).not.toHaveAttribute(
      'aria-describedby',
    );

    await user.selectOptions(type, 'Restraining order');
    expect(screen.queryByText(/must notify the police/)).toBeNull();
    await user.click(screen.getByRole('radio', { name: 'Not known yet' }));
    expect(screen.queryByRole('group', { name: 'Last day of the order' })).toBeNull();
  });

  it('asks for the type; for the date it was made once granted; for service once in force', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: RecordOrderInput[] = [];
    const submit = await openForm([mutationMock(RecordOrderDocument, 'recordOrder', sent, order())]);
    const form = submit.closest('form')!.parentElement!;

    await user.click(submit);
    expect(summaryLinks(form)).toEqual([['Select the type of order', '#type']]);
    expect(screen.getByRole('combobox', { name: 'Type of order' })).toHaveAccessibleDescription(
      'Error: Select the type of order',
    );
    expect(document.title).toBe('Error: Record an order or conditions – Stalking clinic');

    await user.click(screen.getByRole('radio', { name: 'Granted' }));
    await user.click(submit);
    expect(summaryLinks(form)).toEqual([
      ['Select the type of order', '#type'],
      ['Enter the date the order was made', '#granted'],
    ]);
    expect(screen.getByRole('group', { name: 'Date the order was made' })).toHaveAccessibleDescription(
      'Needed once the order is made Error: Enter the date the order was made',
    );

    await user.click(screen.getByRole('radio', { name: 'In force' }));
    await user.click(submit);
    expect(summaryLinks(form)).toEqual([
      ['Select the type of order', '#type'],
      ['Enter the date the order was made', '#granted'],
      ['Enter the date the order was served', '#served'],
    ]);
    expect(screen.getByRole('group', { name: 'Date of service' })).toHaveAccessibleDescription(
      'Leave empty if it has not been served yet Error: Enter the date the order was served',
    );

    // Dates that are typed must be real, optional or not; a fixed end needs its day.
    await typeDate(user, 'Date of the application (optional)', '31', '4', '2026');
    await typeDate(user, 'Date the order was made', '20', '5', '');
    await user.click(screen.getByRole('radio', { name: 'On a fixed day' }));
    await user.click(submit);
    expect(summaryLinks(form)).toEqual([
      ['Select the type of order', '#type'],
      ['The date of the application must be a real date', '#applied'],
      ['The date the order was made must include a year', '#granted'],
      ['Enter the date the order was served', '#served'],
      ['Enter the last day of the order', '#ends-date'],
    ]);
    await user.click(within(form).getByRole('link', { name: 'Enter the last day of the order' }));
    expect(
      within(screen.getByRole('group', { name: 'Last day of the order' })).getByRole('textbox', {
        name: 'Day',
      }),
    ).toHaveFocus();
    expect(sent).toEqual([]);
  });

  it('adds and removes conditions, each with its protected detail only when something is protected', async () => {
    const user = userEvent.setup({ delay: null });
    const submit = await openForm();
    const form = submit.closest('form')!.parentElement!;
    await user.click(screen.getByRole('button', { name: 'Add a condition' }));
    expect(screen.queryByText('No conditions added.')).toBeNull();
    const text = screen.getByRole('textbox', { name: 'Condition 1: the text the subject is served with' });
    expect(text).toHaveAccessibleDescription(
      'Every partner on the case reads this. Never put the victim’s address, workplace or contact details here.',
    );
    const kind = screen.getByRole('combobox', { name: 'What the condition protects (optional)' });
    expect(
      within(kind)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Nothing to record', 'Address', 'Workplace', 'Exclusion zone', 'Other']);
    expect(screen.queryByRole('textbox', { name: 'The protected address, workplace or zone' })).toBeNull();
    await user.selectOptions(kind, 'Address');
    expect(
      screen.getByRole('textbox', { name: 'The protected address, workplace or zone' }),
    ).toHaveAccessibleDescription(
      'Only police and the victim’s advocate can read this, and each reading is recorded.',
    );

    await user.click(screen.getByRole('button', { name: 'Add another condition' }));
    expect(
      screen.getByRole('textbox', { name: 'Condition 2: the text the subject is served with' }),
    ).toBeVisible();
    await user.type(
      screen.getByRole('textbox', { name: 'Condition 2: the text the subject is served with' }),
      'Second',
    );
    await user.selectOptions(screen.getByRole('combobox', { name: 'Type of order' }), 'Restraining order');
    await user.click(submit);
    expect(summaryLinks(form)).toEqual([
      ['Enter the text the subject is served with', '#condition-0-text'],
      ['Enter what the condition protects', '#condition-0-detail'],
    ]);
    expect(
      screen.getByRole('textbox', { name: 'The protected address, workplace or zone' }),
    ).toHaveAccessibleDescription(
      'Only police and the victim’s advocate can read this, and each reading is recorded. ' +
        'Error: Enter what the condition protects',
    );

    // Removing the first condition leaves the second, renumbered.
    await user.click(screen.getByRole('button', { name: 'Remove condition 1' }));
    expect(
      screen.getByRole('textbox', { name: 'Condition 1: the text the subject is served with' }),
    ).toHaveValue('Second');
    expect(screen.queryByRole('textbox', { name: /^Condition 2/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Remove condition 1' }));
    expect(screen.getByText('No conditions added.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Add a condition' })).toBeVisible();
  });

  it('sends exactly what was entered, and goes back to the case saying what was recorded', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: RecordOrderInput[] = [];
    const submit = await openForm([
      mutationMock(RecordOrderDocument, 'recordOrder', sent, order({ id: 'ord-9' })),
      // recordOrder refetches the case's orders.
      caseMock(caseWith(EARLIER, order({ id: 'ord-9' }))),
    ]);
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Type of order' }),
      'Stalking protection order',
    );
    await user.click(screen.getByRole('radio', { name: 'In force' }));
    await typeDate(user, 'Date of the application (optional)', '1', '5', '2026');
    await typeDate(user, 'Date the order was made', '20', '5', '2026');
    await typeDate(user, 'Date of service', '22', '5', '2026');
    await user.click(screen.getByRole('radio', { name: 'On a fixed day' }));
    await typeDate(user, 'Last day of the order', '20', '5', '2028');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Does it replace an earlier order? (optional)' }),
      'Interim stalking protection order (In force)',
    );
    await user.click(screen.getByRole('button', { name: 'Add a condition' }));
    await user.type(
      screen.getByRole('textbox', { name: 'Condition 1: the text the subject is served with' }),
      '  Not to enter the exclusion zone on the map  ',
    );
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'What the condition protects (optional)' }),
      'Exclusion zone',
    );
    await user.type(
      screen.getByRole('textbox', { name: 'The protected address, workplace or zone' }),
      'Within 500 metres of 1 High Street',
    );
    await user.click(screen.getByRole('button', { name: 'Add another condition' }));
    const second = screen.getByRole('textbox', { name: 'Condition 2: the text the subject is served with' });
    await user.type(second, 'Not to post about Victim A online');
    await user.click(submit);

    expect(await screen.findByText('Case page: Stalking protection order recorded')).toBeVisible();
    expect(sent).toEqual([
      {
        caseId: 'case-1',
        typeCode: 'SPO',
        status: 'IN_FORCE',
        appliedOn: '2026-05-01',
        grantedOn: '2026-05-20',
        servedOn: '2026-05-22',
        fixedEndOn: '2028-05-20',
        untilFurtherOrder: false,
        replacesOrderId: 'ord-0',
        conditions: [
          {
            servedText: 'Not to enter the exclusion zone on the map',
            protectedKind: 'EXCLUSION_ZONE',
            protectedDetail: 'Within 500 metres of 1 High Street',
          },
          { servedText: 'Not to post about Victim A online' },
        ],
      },
    ]);
  });

  it('sends "until further order" instead of a date, and an application with no dates', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: RecordOrderInput[] = [];
    const submit = await openForm([
      mutationMock(RecordOrderDocument, 'recordOrder', sent, order({ id: 'ord-9' })),
      caseMock(caseWith(EARLIER)),
    ]);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Type of order' }), 'Restraining order');
    await user.click(screen.getByRole('radio', { name: 'Until further order' }));
    await user.click(submit);
    expect(await screen.findByText('Case page: Restraining order recorded')).toBeVisible();
    expect(sent).toEqual([
      { caseId: 'case-1', typeCode: 'RO', status: 'APPLIED', untilFurtherOrder: true, conditions: [] },
    ]);
  });

  it('shows the API’s error on a condition’s protected detail beside that field', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: RecordOrderInput[] = [];
    const submit = await openForm([
      mutationMock(RecordOrderDocument, 'recordOrder', sent, [
        {
          message: 'Enter the protected detail in fewer than 500 characters',
          path: ['recordOrder'],
          extensions: { code: 'BAD_USER_INPUT', field: 'input.conditions.0.protectedDetail' },
        },
      ]),
    ]);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Type of order' }), 'Restraining order');
    await user.click(screen.getByRole('button', { name: 'Add a condition' }));
    await user.type(screen.getByRole('textbox', { name: /^Condition 1/ }), 'Not to go to the workplace');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'What the condition protects (optional)' }),
      'Workplace',
    );
    await user.type(
      screen.getByRole('textbox', { name: 'The protected address, workplace or zone' }),
      'Unit 4',
    );
    await user.click(submit);

    const form = submit.closest('form')!.parentElement!;
    await waitFor(() =>
      expect(summaryLinks(form)).toEqual([
        ['Enter the protected detail in fewer than 500 characters', '#condition-0-detail'],
      ]),
    );
    expect(
      screen.getByRole('textbox', { name: 'The protected address, workplace or zone' }),
    ).toHaveAccessibleDescription(/Error: Enter the protected detail in fewer than 500 characters$/);
    expect(sent).toHaveLength(1);
    expect(screen.getByRole('heading', { level: 1, name: 'Record an order or conditions' })).toBeVisible();
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────

describe('web: one order', () => {
  const formOf = (heading: string) =>
    screen.getByRole('heading', { level: 2, name: heading }).closest('form')!;
  /** The rows of the order's own summary card. */
  const rows = () =>
    [
      ...screen
        .getByRole('heading', { level: 2, name: 'The order' })
        .closest('.govuk-summary-card')!
        .querySelectorAll('.govuk-summary-list__row'),
    ].map((r) => [r.querySelector('dt')?.textContent, r.querySelector('dd')?.textContent]);

  /** The page of order `id` (police record and change orders, so a police SPOC reads it). */
  const renderOrder = (id: string, mocks: MockLink.MockedResponse[]) =>
    renderPage(<OrderPage />, {
      route: '/cases/:id/orders/:orderId',
      path: `/cases/case-1/orders/${id}`,
      mocks,
    });
  const openOrder = async (mocks: MockLink.MockedResponse[], first = order()) => {
    const answered: CaseOrdersDetailQuery[] = [];
    renderOrder('ord-1', [caseMock(caseWith(first), answered), ...mocks]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Stalking protection order' })).toBeVisible();
    return answered;
  };

  it('summarises the order: status, dates, the notification due and missed, its conditions', async () => {
    await openOrder([]);
    expect(screen.getByText('Case SC-0001')).toBeVisible();
    expect(rows()).toEqual([
      ['Status', 'In force'],
      ['Applied for', '1 May 2026'],
      ['Made', '20 May 2026'],
      ['Served', '22 May 2026'],
      ['Ends', '20 May 2028'],
      ['Subject to notify police by', '25 May 2026 Missed'],
      ['Condition 1', 'Not to contact Victim A directly or indirectly'],
    ]);
    // The forms each change: update, the subject's notification (still awaited), a new condition.
    expect([...document.querySelectorAll('form > h2')].map((h) => h.textContent)).toEqual([
      'Update the order',
      'The subject’s notification',
      'Add a condition',
    ]);
    expect(within(formOf('Update the order')).getByRole('combobox', { name: 'Status' })).toHaveValue(
      'IN_FORCE',
    );
    const served = within(formOf('Update the order')).getByRole('group', { name: 'Date of service' });
    expect(within(served).getByRole('textbox', { name: 'Day' })).toHaveValue('22');
    expect(within(served).getByRole('textbox', { name: 'Month' })).toHaveValue('5');
    expect(within(served).getByRole('textbox', { name: 'Year' })).toHaveValue('2026');
    expect(
      within(formOf('The subject’s notification')).getByRole('group', {
        name: 'When did the subject notify the police?',
      }),
    ).toHaveAccessibleDescription('Due by 25 May 2026');
  });

  it('says "until further order", "not served yet", and leaves out what is not set', async () => {
    await openOrder(
      [],
      order({
        status: 'GRANTED',
        inForce: false,
        appliedOn: null,
        servedOn: null,
        fixedEndOn: null,
        untilFurtherOrder: true,
        notificationDueBy: null,
        notificationMissed: null,
        conditions: [],
      }),
    );
    expect(rows()).toEqual([
      ['Status', 'Granted'],
      ['Made', '20 May 2026'],
      ['Served', 'Not served yet'],
      ['Ends', 'Until further order'],
    ]);
    expect(screen.queryByRole('heading', { name: 'The subject’s notification' })).toBeNull();
  });

  it('says the order is not found when the case has no such order', async () => {
    renderOrder('ord-404', [caseMock(caseWith(order()))]);
    expect(await screen.findByRole('heading', { level: 1, name: 'Order not found' })).toBeVisible();
    expect(screen.getByText('This order does not exist or you cannot see it.')).toBeVisible();
  });

  it('update: needs the day it stopped for a discharged order; sends the version it showed', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: UpdateOrderInput[] = [];
    const updated = order({ status: 'DISCHARGED', inForce: false, endedOn: '2026-07-01', version: 4 });
    const again: CaseOrdersDetailQuery[] = [];
    await openOrder([
      mutationMock(UpdateOrderDocument, 'updateOrder', sent, updated),
      caseMock(caseWith(updated), again),
    ]);
    const form = formOf('Update the order');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Status' }), 'Discharged');
    await typeDate(user, 'Date of service', '31', '6', '2026', form);
    await user.click(within(form).getByRole('button', { name: 'Save the order' }));
    // Every problem at once: the date that is not real, and the missing day it stopped.
    expect(summaryLinks(form)).toEqual([
      ['The date of service must be a real date', '#order-served'],
      ['Enter the day the order stopped having effect', '#order-ended'],
    ]);

    await typeDate(user, 'Date of service', '22', '5', '2026', form);
    await user.click(within(form).getByRole('button', { name: 'Save the order' }));
    expect(summaryLinks(form)).toEqual([['Enter the day the order stopped having effect', '#order-ended']]);
    expect(
      within(form).getByRole('group', { name: 'Day it stopped having effect (discharged or expired)' }),
    ).toHaveAccessibleDescription('Error: Enter the day the order stopped having effect');
    expect(sent).toEqual([]);

    await typeDate(user, 'Day it stopped having effect (discharged or expired)', '1', '7', '2026', form);
    await user.click(within(form).getByRole('button', { name: 'Save the order' }));
    expect(await screen.findByRole('alert', { name: 'Success' })).toHaveTextContent('Order updated');
    expect(sent).toEqual([
      {
        id: 'ord-1',
        expectedVersion: 3,
        status: 'DISCHARGED',
        servedOn: '2026-05-22',
        fixedEndOn: '2028-05-20',
        endedOn: '2026-07-01',
      },
    ]);
    // The page read the order again after the change.
    expect(again).toHaveLength(1);
    expect(rows()).toEqual(
      expect.arrayContaining([
        ['Status', 'Discharged'],
        ['Stopped', '1 July 2026'],
      ]),
    );
  });

  it('update on CONFLICT: says someone else changed the order, reads it again, and retries with the new version', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: UpdateOrderInput[] = [];
    // Someone else recorded a later day of service meanwhile (version 4).
    const newer = order({ servedOn: '2026-05-23', version: 4 });
    const answered: CaseOrdersDetailQuery[] = [];
    await openOrder([
      mutationMock(UpdateOrderDocument, 'updateOrder', sent, [
        {
          message: 'Order ord-1 is at version 4, not 3',
          path: ['updateOrder'],
          extensions: { code: 'CONFLICT' },
        },
      ]),
      caseMock(caseWith(newer), answered),
      mutationMock(UpdateOrderDocument, 'updateOrder', sent, order({ status: 'VARIED', version: 5 })),
      caseMock(caseWith(order({ status: 'VARIED', version: 5 }))),
    ]);
    const form = formOf('Update the order');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Status' }), 'Varied');
    await user.click(within(form).getByRole('button', { name: 'Save the order' }));

    const banner = await within(form).findByRole('region', { name: 'Important' });
    expect(banner).toHaveTextContent('Someone else changed this order while you were working on it');
    expect(banner).toHaveTextContent('The details above are the newer version. Check them, then try again.');
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'Someone else changed this record while you were working on it',
    );
    expect(document.body).not.toHaveTextContent('version 4, not 3');
    // The case was read again, and the summary shows the newer version.
    await waitFor(() => expect(answered).toEqual([caseWith(newer)]));
    expect(await screen.findByText('23 May 2026')).toBeVisible();
    expect(rows()).toContainEqual(['Served', '23 May 2026']);
    expect(sent).toEqual([expect.objectContaining({ id: 'ord-1', expectedVersion: 3, status: 'VARIED' })]);

    // The fields now show the newer version (their day of service), so a retry cannot undo it;
    // the user chooses their change again and it goes with the version now shown.
    expect(within(form).getByRole('combobox', { name: 'Status' })).toHaveValue('IN_FORCE');
    const served = within(form).getByRole('group', { name: /^Date of service/ });
    expect(within(served).getByRole('textbox', { name: 'Day' })).toHaveValue('23');
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Status' }), 'Varied');
    await user.click(within(form).getByRole('button', { name: 'Save the order' }));
    expect(await screen.findByRole('alert', { name: 'Success' })).toHaveTextContent('Order updated');
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(
      expect.objectContaining({ id: 'ord-1', expectedVersion: 4, status: 'VARIED', servedOn: '2026-05-23' }),
    );
    expect(within(form).queryByRole('region', { name: 'Important' })).toBeNull();
  });

  it('notification: asks for the day, then records it and stops asking', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: RecordOrderNotificationInput[] = [];
    const notified = order({ notificationReceivedOn: '2026-05-24', notificationMissed: false, version: 4 });
    await openOrder([
      mutationMock(RecordOrderNotificationDocument, 'recordOrderNotification', sent, notified),
      caseMock(caseWith(notified)),
    ]);
    const form = formOf('The subject’s notification');
    await user.click(within(form).getByRole('button', { name: 'Record the notification' }));
    expect(summaryLinks(form)).toEqual([
      ['Enter the day the subject notified the police', '#notification-received'],
    ]);
    expect(
      within(form).getByRole('group', { name: 'When did the subject notify the police?' }),
    ).toHaveAccessibleDescription('Due by 25 May 2026 Error: Enter the day the subject notified the police');
    expect(sent).toEqual([]);

    await typeDate(user, 'When did the subject notify the police?', '24', '5', '2026', form);
    await user.click(within(form).getByRole('button', { name: 'Record the notification' }));
    expect(await screen.findByRole('alert', { name: 'Success' })).toHaveTextContent(
      'The subject’s notification is recorded',
    );
    expect(sent).toEqual([{ orderId: 'ord-1', expectedVersion: 3, receivedOn: '2026-05-24' }]);
    expect(rows()).toContainEqual(['Subject to notify police by', '25 May 2026 Received 24 May 2026']);
    expect(screen.queryByRole('heading', { name: 'The subject’s notification' })).toBeNull();
  });

  it('add a condition: checks the text and the protected detail, sends them, and clears the form', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: AddOrderConditionInput[] = [];
    const added = order({
      version: 4,
      conditions: [...order().conditions!, condition('cond-2', 2, 'Not to enter the zone')],
    });
    await openOrder([
      mutationMock(AddOrderConditionDocument, 'addOrderCondition', sent, added),
      caseMock(caseWith(added)),
    ]);
    const form = formOf('Add a condition');
    await user.selectOptions(
      within(form).getByRole('combobox', { name: 'What the condition protects (optional)' }),
      'Exclusion zone',
    );
    await user.click(within(form).getByRole('button', { name: 'Add the condition' }));
    expect(summaryLinks(form)).toEqual([
      ['Enter the text the subject is served with', '#condition-new-text'],
      ['Enter what the condition protects', '#condition-new-detail'],
    ]);
    expect(
      within(form).getByRole('textbox', { name: 'The text the subject is served with' }),
    ).toHaveAccessibleDescription(/Error: Enter the text the subject is served with$/);
    expect(sent).toEqual([]);

    await user.type(
      within(form).getByRole('textbox', { name: 'The text the subject is served with' }),
      'Not to enter the zone',
    );
    await user.type(
      within(form).getByRole('textbox', { name: 'The protected address, workplace or zone' }),
      ' The streets inside the ring road ',
    );
    await user.click(within(form).getByRole('button', { name: 'Add the condition' }));
    expect(await screen.findByRole('alert', { name: 'Success' })).toHaveTextContent('Condition added');
    expect(sent).toEqual([
      {
        orderId: 'ord-1',
        expectedVersion: 3,
        servedText: 'Not to enter the zone',
        protectedKind: 'EXCLUSION_ZONE',
        protectedDetail: 'The streets inside the ring road',
      },
    ]);
    expect(rows()).toContainEqual(['Condition 2', 'Not to enter the zone']);
    expect(within(form).getByRole('textbox', { name: 'The text the subject is served with' })).toHaveValue(
      '',
    );
    expect(
      within(form).getByRole('combobox', { name: 'What the condition protects (optional)' }),
    ).toHaveValue('');
    expect(
      within(form).queryByRole('textbox', { name: 'The protected address, workplace or zone' }),
    ).toBeNull();
  });

  it('add a condition on CONFLICT: shows the banner and reads the order again', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: AddOrderConditionInput[] = [];
    const answered: CaseOrdersDetailQuery[] = [];
    await openOrder([
      mutationMock(AddOrderConditionDocument, 'addOrderCondition', sent, [
        { message: 'stale', path: ['addOrderCondition'], extensions: { code: 'CONFLICT' } },
      ]),
      caseMock(caseWith(order({ version: 4 })), answered),
    ]);
    const form = formOf('Add a condition');
    await user.type(
      within(form).getByRole('textbox', { name: 'The text the subject is served with' }),
      'No contact',
    );
    await user.click(within(form).getByRole('button', { name: 'Add the condition' }));
    expect(await within(form).findByRole('region', { name: 'Important' })).toHaveTextContent(
      'Someone else changed this order while you were working on it',
    );
    await waitFor(() => expect(answered).toHaveLength(1));
    expect(sent).toEqual([{ orderId: 'ord-1', expectedVersion: 3, servedText: 'No contact' }]);
    // What was typed stays, to send again.
    expect(within(form).getByRole('textbox', { name: 'The text the subject is served with' })).toHaveValue(
      'No contact',
    );
  });
});
