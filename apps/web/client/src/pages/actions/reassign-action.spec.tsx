/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import { ReassignActionDocument, type ReassignActionInput } from '../../generated/graphql';
import { axeViolations, CHAIR, renderPage, summaryLinks, typeDate } from '../../testing/render-page';
import { ReassignActionForm } from './reassign-action';

const AGENCIES = [
  { id: 'ag-police', name: 'Police force A' },
  { id: 'ag-probation', name: 'Probation region A' },
];

describe('web: the chair reassigns an action', () => {
  it('asks for the new owner, sends it with the version and an optional due date, and shows the API’s refusal', async () => {
    const sent: ReassignActionInput[] = [];
    const done: string[] = [];
    const reassign = (errors?: boolean): MockLink.MockedResponse => ({
      request: { query: ReassignActionDocument, variables: () => true },
      result: (v: Record<string, unknown>) => {
        sent.push(v.input as ReassignActionInput);
        return errors
          ? {
              data: null,
              errors: [
                {
                  message: 'The owner agency must participate in the case',
                  extensions: { code: 'BAD_USER_INPUT', field: 'ownerAgencyId' },
                },
              ],
            }
          : {
              data: {
                reassignAction: {
                  id: 'act-1',
                  ownerAgencyId: 'ag-probation',
                  dueOn: '2027-01-20',
                  version: 3,
                },
              },
            };
      },
    });
    const user = userEvent.setup({ delay: null });
    const { container } = renderPage(
      <ReassignActionForm
        action={{ id: 'act-1', ownerAgencyId: 'ag-police', version: 2 }}
        agencies={AGENCIES}
        onDone={(m) => done.push(m)}
      />,
      { me: CHAIR, mocks: [reassign(true), reassign()] },
    );
    await user.click(screen.getByText('Reassign the action', { selector: 'span' }));
    // The current owner is not offered.
    expect(screen.queryByRole('option', { name: 'Police force A' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reassign the action' }));
    expect(summaryLinks()).toEqual([['Select the agency that will own the action', '#reassign-owner']]);
    expect(await axeViolations(container)).toEqual([]);
    await user.selectOptions(
      screen.getByRole('combobox', { name: /New owner agency/ }),
      'Probation region A',
    );
    await user.click(screen.getByRole('button', { name: 'Reassign the action' }));
    await waitFor(() =>
      expect(summaryLinks()).toEqual([['The owner agency must participate in the case', '#reassign-owner']]),
    );
    await typeDate(user, 'New due date (optional)', '20', '1', '2027');
    await user.click(screen.getByRole('button', { name: 'Reassign the action' }));
    await waitFor(() =>
      expect(done).toEqual(['Action reassigned to Probation region A, due 20 January 2027']),
    );
    expect(sent).toEqual([
      { actionId: 'act-1', version: 2, ownerAgencyId: 'ag-probation' },
      { actionId: 'act-1', version: 2, ownerAgencyId: 'ag-probation', dueOn: '2027-01-20' },
    ]);
  });
});
