/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  RecordVictimUpdateDeliveredDocument,
  SetVictimCodeEntitlementDocument,
  VictimUpdatesDocument,
  type VictimUpdatesQuery,
} from '../generated/graphql';
import { ADVOCATE, axeViolations, capturing, CHAIR, renderPage, summaryLinks } from '../testing/render-page';
import { VictimUpdatesPage } from './victim-updates';

// The generated type leaves out __typename, which the row's fragment needs: hence the cast.
const due = (delivered = false): VictimUpdatesQuery =>
  ({
    overdue: { edges: [] },
    due: {
      edges: delivered
        ? []
        : [
            {
              // The row is a fragment: the cache matches it by __typename.
              node: {
                __typename: 'VictimUpdate',
                id: 'vu-1',
                caseId: 'case-1',
                trigger: 'ARREST',
                eventAt: '2026-12-01T15:00:00.000Z',
                entitlement: 'ENHANCED',
                workingDays: 1,
                dueBy: new Date(Date.now() + 86_400_000).toISOString(),
                overdue: false,
                version: 1,
                case: { id: 'case-1', reference: 'SC-0001' },
                victim: { id: 'p-1', alias: 'Victim A', victimCodeEntitlement: 'ENHANCED' },
              },
            },
          ],
    },
  }) as unknown as VictimUpdatesQuery;
const query = (data: VictimUpdatesQuery): MockLink.MockedResponse => ({
  request: { query: VictimUpdatesDocument },
  result: { data },
});

describe('victim updates', () => {
  it('the advocate records that the victim was told, with the version read', async () => {
    const user = userEvent.setup();
    const sent: { id: string; expectedVersion: number; method: string; content: string }[] = [];
    const { container } = renderPage(<VictimUpdatesPage />, {
      me: ADVOCATE,
      mocks: [
        query(due()),
        capturing(RecordVictimUpdateDeliveredDocument, sent, {
          recordVictimUpdateDelivered: { id: 'vu-1', deliveredAt: '2026-12-02T09:00:00.000Z' },
        }),
        query(due(true)),
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Record the update for SC-0001' }));
    await user.click(screen.getByRole('button', { name: 'Record that the victim was told' }));
    expect(
      summaryLinks(screen.getByRole('heading', { name: /Record the update for/ }).closest('form')!),
    ).toEqual([['Enter what the victim was told', '#content']]);
    await user.type(screen.getByLabelText('What was the victim told?'), 'Told of the arrest (synthetic).');
    await user.click(screen.getByRole('button', { name: 'Record that the victim was told' }));
    expect(await screen.findByText('Update recorded')).toBeInTheDocument();
    expect(
      sent.map(({ id, expectedVersion, method, content }) => ({ id, expectedVersion, method, content })),
    ).toEqual([
      { id: 'vu-1', expectedVersion: 1, method: 'PHONE', content: 'Told of the arrest (synthetic).' },
    ]);
    expect(await screen.findByText('No other updates are due.')).toBeInTheDocument();
    expect(await axeViolations(container)).toEqual([]);
  });

  it('the advocate sets the victim’s Victims’ Code entitlement', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderPage(<VictimUpdatesPage />, {
      me: ADVOCATE,
      mocks: [
        query(due()),
        capturing(SetVictimCodeEntitlementDocument, sent, {
          setVictimCodeEntitlement: { id: 'p-1', caseId: 'case-1' },
        }),
        query(due()),
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Record the update for SC-0001' }));
    await user.click(screen.getByLabelText('Standard: told within 5 working days'));
    await user.click(screen.getByRole('button', { name: 'Save the entitlement' }));
    expect(await screen.findByText('Entitlement saved')).toBeInTheDocument();
    expect(sent).toEqual([{ personId: 'p-1', entitlement: 'STANDARD' }]);
  });

  it('the chair reads the log but is offered nothing to record', async () => {
    renderPage(<VictimUpdatesPage />, { me: CHAIR, mocks: [query(due())] });
    await screen.findByText('SC-0001');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
