/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import type { GraphQLFormattedError } from 'graphql';
import {
  BreachPageDocument,
  DecideBreachApprovalDocument,
  type BreachPageQuery,
  type DecideBreachApprovalInput,
} from '../../generated/graphql';
import { POLICE, renderPage, summaryLinks } from '../../testing/render-page';
import { BreachPage } from './breach';

type Node = NonNullable<NonNullable<NonNullable<BreachPageQuery['case']>['breaches']>['nodes']>[number];

const pending = (over: Partial<Node> = {}): BreachPageQuery => ({
  case: {
    id: 'case-1',
    reference: 'SC-0001',
    breaches: {
      nodes: [
        {
          id: 'b-1',
          occurredAt: '2026-11-20T13:00:00.000Z',
          type: 'CONTACT',
          crimeReference: null,
          crimeNotRecordedReason: 'Same contact as one already recorded (synthetic).',
          approvalStatus: 'PENDING',
          approvalNote: null,
          approvalDecidedAt: null,
          resolved: false,
          description: null,
          version: 1,
          reasonApprovedBy: { id: POLICE.userId, displayName: 'Sergeant One' },
          recordedBy: { displayName: 'Constable Two' },
          ...over,
        },
      ],
    },
  },
});

const render = (data: BreachPageQuery, mocks: MockLink.MockedResponse[] = []) =>
  renderPage(<BreachPage />, {
    route: '/cases/:id/breaches/:breachId',
    path: '/cases/case-1/breaches/b-1',
    mocks: [
      { request: { query: BreachPageDocument, variables: { id: 'case-1' } }, result: { data } },
      { request: { query: BreachPageDocument, variables: { id: 'case-1' } }, result: { data } },
      ...mocks,
    ],
  });

function decideMock(
  sent: DecideBreachApprovalInput[],
  errors?: GraphQLFormattedError[],
): MockLink.MockedResponse {
  return {
    request: { query: DecideBreachApprovalDocument, variables: () => true },
    result: (variables: Record<string, unknown>) => {
      sent.push(variables.input as DecideBreachApprovalInput);
      return errors
        ? { data: null, errors }
        : {
            data: {
              decideBreachApproval: {
                id: 'b-1',
                approvalStatus: 'REJECTED',
                approvalNote: 'A new contact is a new offence.',
                resolved: false,
                version: 2,
              },
            },
          };
    },
  };
}

describe('the breach page (issue 14 item 3)', () => {
  it('shows the named supervisor a pending breach and sends their rejection with its reason', async () => {
    const sent: DecideBreachApprovalInput[] = [];
    render(pending(), [decideMock(sent)]);
    expect(await screen.findByText('Pending supervisor approval')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: /Reject it/ }));
    await user.type(screen.getByLabelText('Your reason'), 'A new contact is a new offence.');
    await user.click(screen.getByRole('button', { name: 'Save your decision' }));
    await screen.findByText('You rejected the reason');
    expect(sent).toEqual([
      { breachId: 'b-1', expectedVersion: 1, decision: 'REJECT', note: 'A new contact is a new offence.' },
    ]);
  });

  it("shows the API's coded error in the error summary, linked to the field", async () => {
    render(pending(), [
      decideMock(
        [],
        [
          {
            message: 'Say why the reason is rejected (at least 10 characters)',
            extensions: { code: 'BAD_USER_INPUT', field: 'note' },
          },
        ],
      ),
    ]);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: /Reject it/ }));
    await user.click(screen.getByRole('button', { name: 'Save your decision' }));
    await waitFor(() =>
      expect(summaryLinks()).toEqual([['Say why the reason is rejected (at least 10 characters)', '#note']]),
    );
  });

  it('offers no decision to anyone else, and shows a rejected breach as needing a crime reference', async () => {
    render(
      pending({
        approvalStatus: 'REJECTED',
        approvalNote: 'Record it.',
        reasonApprovedBy: { id: 'u-police-9', displayName: 'Sergeant Nine' },
      }),
    );
    expect(await screen.findByText('Reason rejected: a crime reference is needed')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save your decision' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Crime reference')).toBeInTheDocument();
  });
});
