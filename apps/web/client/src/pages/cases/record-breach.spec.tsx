/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import type { GraphQLFormattedError } from 'graphql';
import {
  BreachApproversDocument,
  CaseOrdersDocument,
  RecordBreachDocument,
  type BreachApproversQuery,
  type CaseOrdersQuery,
  type RecordBreachInput,
} from '../../generated/graphql';
import { renderPage, summaryLinks, typeDate, type User } from '../../testing/render-page';
import { RecordBreachPage } from './record-breach';

const ORDERS: CaseOrdersQuery = {
  case: {
    id: 'case-1',
    reference: 'SC-0001',
    orders: [{ id: 'ord-1', typeCode: 'SPO', inForce: true, type: { name: 'Stalking protection order' } }],
  },
};

/** The other officers of the recorder's force on the case, who may approve a reason for no crime. */
const APPROVERS: BreachApproversQuery = {
  breachApprovers: [
    { id: 'u-police-2', displayName: 'Sergeant Two' },
    { id: 'u-police-3', displayName: 'Inspector Three' },
  ],
};

/** The breach form for case-1 (recorded by a police SPOC), its orders and approvers answered first. */
const renderForm = (mocks: MockLink.MockedResponse[], approvers: BreachApproversQuery = APPROVERS) =>
  renderPage(<RecordBreachPage />, {
    route: '/cases/:id/breach',
    path: '/cases/case-1/breach',
    mocks: [
      { request: { query: CaseOrdersDocument, variables: { id: 'case-1' } }, result: { data: ORDERS } },
      {
        request: { query: BreachApproversDocument, variables: { caseId: 'case-1' } },
        result: { data: approvers },
      },
      ...mocks,
    ],
  });

/** The recordBreach mutation: answers with `errors`, or with the new breach; records what was sent. */
function recordMock(sent: RecordBreachInput[], errors?: GraphQLFormattedError[]): MockLink.MockedResponse {
  return {
    request: { query: RecordBreachDocument, variables: () => true },
    result: (variables: Record<string, unknown>) => {
      sent.push(variables.input as RecordBreachInput);
      return errors ? { data: null, errors } : { data: { recordBreach: { id: 'b-9' } } };
    },
  };
}

async function fillIn(user: User) {
  await typeDate(user, 'When did it happen?', '20', '6', '2026');
  await user.type(screen.getByRole('textbox', { name: 'Time' }), '21:15');
  await user.click(screen.getByRole('radio', { name: 'Contact' }));
  await user.selectOptions(
    await screen.findByRole('combobox', { name: 'Order breached (optional)' }),
    'Stalking protection order (in force)',
  );
  await user.type(screen.getByRole('textbox', { name: 'Crime reference' }), 'CR/0001/26');
}

/** Says the breach was not recorded as a crime, with the reason and the approver when given. */
async function notACrime(user: User, reason = '', approver = '') {
  await user.click(screen.getByRole('radio', { name: 'No, a supervisor approved why not' }));
  if (reason)
    await user.type(screen.getByRole('textbox', { name: 'Why was it not recorded as a crime?' }), reason);
  if (approver)
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Officer who approved the reason' }),
      approver,
    );
}

const summary = () => screen.getByRole('alert');

describe('web: recording a breach', () => {
  it('submitted empty, lists every problem in a focused error summary and beside each field', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: RecordBreachInput[] = [];
    renderForm([recordMock(sent)]);
    expect(await screen.findByText('Case SC-0001')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Record the breach' }));

    expect(summaryLinks()).toEqual([
      ['Enter the date of the breach', '#occurred'],
      ['Select the type of breach', '#type'],
      ['Enter the crime reference', '#crime'],
    ]);
    expect(summary().closest('.govuk-error-summary')).toHaveFocus();
    expect(document.title).toBe('Error: Record a breach – Stalking clinic');
    expect(screen.getByRole('group', { name: 'When did it happen?' })).toHaveAccessibleDescription(
      'Error: Enter the date of the breach',
    );
    expect(screen.getByRole('group', { name: 'Type of breach' })).toHaveAccessibleDescription(
      'Error: Select the type of breach',
    );
    expect(screen.getByRole('textbox', { name: 'Crime reference' })).toHaveAccessibleDescription(
      'Error: Enter the crime reference',
    );
    expect(sent).toEqual([]);

    // Following a link puts the cursor in the field.
    await user.click(within(summary()).getByRole('link', { name: 'Enter the date of the breach' }));
    expect(screen.getByRole('textbox', { name: 'Day' })).toHaveFocus();
  });

  it('asks for the time once the date is given', async () => {
    const user = userEvent.setup({ delay: null });
    renderForm([]);
    await typeDate(user, 'When did it happen?', '31', '6', '2026');
    await user.click(screen.getByRole('button', { name: 'Record the breach' }));
    expect(summaryLinks()[0]).toEqual(['The date of the breach must be a real date', '#occurred']);

    await typeDate(user, 'When did it happen?', '30', '6', '2026');
    await user.click(screen.getByRole('button', { name: 'Record the breach' }));
    expect(summaryLinks()[0]).toEqual(['Enter the time of the breach', '#time']);
    expect(screen.getByRole('textbox', { name: 'Time' })).toHaveAccessibleDescription(
      'UK time, for example 21:15 Error: Enter the time of the breach',
    );
  });

  it('shows the API’s field error beside the field it names', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: RecordBreachInput[] = [];
    renderForm([
      recordMock(sent, [
        {
          message: 'Enter the crime reference as the force records it',
          path: ['recordBreach'],
          extensions: { code: 'BAD_USER_INPUT', field: 'input.crimeReference' },
        },
      ]),
    ]);
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: 'Record the breach' }));

    expect(await screen.findByRole('alert')).toBeVisible();
    expect(summaryLinks()).toEqual([['Enter the crime reference as the force records it', '#crime']]);
    expect(screen.getByRole('textbox', { name: 'Crime reference' })).toHaveAccessibleDescription(
      'Error: Enter the crime reference as the force records it',
    );
    // 21:15 UK time in June is 20:15 UTC.
    expect(sent).toEqual([
      expect.objectContaining({
        caseId: 'case-1',
        occurredAt: '2026-06-20T20:15:00.000Z',
        type: 'CONTACT',
        orderId: 'ord-1',
        crimeReference: 'CR/0001/26',
      }),
    ]);
    expect(screen.getByRole('button', { name: 'Record the breach' })).toBeEnabled();
  });

  it('says so in general words when the API refuses, and stays on the form', async () => {
    const user = userEvent.setup({ delay: null });
    renderForm([
      recordMock([], [{ message: 'Forbidden', path: ['recordBreach'], extensions: { code: 'FORBIDDEN' } }]),
    ]);
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: 'Record the breach' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('You cannot make this change');
    expect(within(summary()).queryByRole('link')).toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: 'Record a breach' })).toBeVisible();
  });

  it('goes back to the case with a flash once the breach is recorded', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: RecordBreachInput[] = [];
    renderForm([recordMock(sent)]);
    await fillIn(user);
    await user.click(screen.getByRole('button', { name: 'Record the breach' }));
    expect(
      await screen.findByText('Case page: Breach recorded. The case is flagged for an urgent review.'),
    ).toBeVisible();
    await waitFor(() => expect(sent).toHaveLength(1));
  });

  it('not recorded as a crime: asks for the reason and the approver, and links to both', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: RecordBreachInput[] = [];
    renderForm([recordMock(sent)]);
    await fillIn(user);
    expect(screen.getByRole('radio', { name: 'Yes' })).toBeChecked();
    await notACrime(user);

    // The crime reference gives way to the reason and the officer who approved it.
    expect(screen.queryByRole('textbox', { name: 'Crime reference' })).toBeNull();
    const reason = screen.getByRole('textbox', { name: 'Why was it not recorded as a crime?' });
    const approver = await screen.findByRole('combobox', { name: 'Officer who approved the reason' });
    expect(
      within(approver)
        .getAllByRole('option')
        .map((o) => [o.getAttribute('value'), o.textContent]),
    ).toEqual([
      ['', 'Select an officer'],
      ['u-police-2', 'Sergeant Two'],
      ['u-police-3', 'Inspector Three'],
    ]);

    await user.click(screen.getByRole('button', { name: 'Record the breach' }));
    expect(summaryLinks()).toEqual([
      ['Enter why the breach was not recorded as a crime', '#reason'],
      ['Select the officer who approved the reason', '#approver'],
    ]);
    expect(reason).toHaveAccessibleDescription(
      'Every partner on the case reads this: do not include the victim’s address or phone number ' +
        'Error: Enter why the breach was not recorded as a crime',
    );
    expect(approver).toHaveAccessibleDescription(
      'Another officer of your force on this case Error: Select the officer who approved the reason',
    );
    expect(sent).toEqual([]);
    await user.click(
      within(summary()).getByRole('link', { name: 'Select the officer who approved the reason' }),
    );
    expect(approver).toHaveFocus();
    await user.click(
      within(summary()).getByRole('link', { name: 'Enter why the breach was not recorded as a crime' }),
    );
    expect(reason).toHaveFocus();

    // A reason alone is not enough.
    await user.type(reason, 'Victim asked for no prosecution; advice given');
    await user.click(screen.getByRole('button', { name: 'Record the breach' }));
    expect(summaryLinks()).toEqual([['Select the officer who approved the reason', '#approver']]);
    expect(sent).toEqual([]);
  });

  it('not recorded as a crime: sends the reason and the approver, and no crime reference', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: RecordBreachInput[] = [];
    renderForm([recordMock(sent)]);
    // A crime reference typed before changing the answer is not sent.
    await fillIn(user);
    await notACrime(user, '  Victim asked for no prosecution  ', 'Inspector Three');
    await user.click(screen.getByRole('button', { name: 'Record the breach' }));

    expect(
      await screen.findByText('Case page: Breach recorded. The case is flagged for an urgent review.'),
    ).toBeVisible();
    expect(sent).toEqual([
      {
        caseId: 'case-1',
        occurredAt: '2026-06-20T20:15:00.000Z',
        type: 'CONTACT',
        orderId: 'ord-1',
        crimeNotRecorded: { reason: 'Victim asked for no prosecution', approvedByUserId: 'u-police-3' },
      },
    ]);
    expect(sent[0]?.crimeReference).toBeUndefined();
  });

  it('says why there is no approver to pick when no other officer of the force is on the case', async () => {
    const user = userEvent.setup({ delay: null });
    renderForm([], { breachApprovers: [] });
    await notACrime(user);
    expect(
      await screen.findByText(
        'No other officer of your force is on this case to approve the reason. Record the breach as a ' +
          'crime, or ask your supervisor to be added to the case.',
      ),
    ).toBeVisible();
    expect(screen.queryByRole('combobox', { name: 'Officer who approved the reason' })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Why was it not recorded as a crime?' })).toBeVisible();

    // Back to "Yes": the crime reference returns and the explanation goes.
    await user.click(screen.getByRole('radio', { name: 'Yes' }));
    expect(screen.getByRole('textbox', { name: 'Crime reference' })).toBeVisible();
    expect(screen.queryByText(/No other officer of your force/)).toBeNull();
  });

  it('shows the API’s refusal of the approver beside the approver select', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: RecordBreachInput[] = [];
    renderForm([
      recordMock(sent, [
        {
          message: 'The approver must be another police officer of your force on this case',
          path: ['recordBreach'],
          extensions: { code: 'BAD_USER_INPUT', field: 'crimeNotRecorded.approvedByUserId' },
        },
      ]),
    ]);
    await fillIn(user);
    await notACrime(user, 'Victim asked for no prosecution', 'Sergeant Two');
    await user.click(screen.getByRole('button', { name: 'Record the breach' }));

    expect(await screen.findByRole('alert')).toBeVisible();
    expect(summaryLinks()).toEqual([
      ['The approver must be another police officer of your force on this case', '#approver'],
    ]);
    expect(
      screen.getByRole('combobox', { name: 'Officer who approved the reason' }),
    ).toHaveAccessibleDescription(
      'Another officer of your force on this case ' +
        'Error: The approver must be another police officer of your force on this case',
    );
    expect(
      screen.getByRole('textbox', { name: 'Why was it not recorded as a crime?' }),
    ).toHaveAccessibleDescription(
      'Every partner on the case reads this: do not include the victim’s address or phone number',
    );
    expect(sent).toEqual([
      expect.objectContaining({
        crimeNotRecorded: { reason: 'Victim asked for no prosecution', approvedByUserId: 'u-police-2' },
      }),
    ]);
    // The answers stay as they were, to correct.
    expect(screen.getByRole('combobox', { name: 'Officer who approved the reason' })).toHaveValue(
      'u-police-2',
    );
  });
});
