/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  ListableCasesDocument,
  MeetingDocument,
  MoveAgendaItemDocument,
  RemoveAgendaItemDocument,
} from '../../generated/graphql';
import { CHAIR, renderPage } from '../../testing/render-page';
import { ITEM, meetingWith, type AgendaItem } from '../../testing/meeting-fixture';
import { MeetingPage } from './meeting';

/** The page's own reads: the meeting as `state` holds it now, and no cases to list. */
const pageMocks = (state: { current: ReturnType<typeof meetingWith> }): MockLink.MockedResponse[] => [
  {
    request: { query: MeetingDocument, variables: { id: 'm-1' } },
    result: () => ({ data: state.current }),
    maxUsageCount: Number.POSITIVE_INFINITY,
  },
  {
    request: { query: ListableCasesDocument, variables: { clinicId: 'cl-1' } },
    result: { data: { cases: { edges: [] } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  },
];

describe('web: the meeting page', () => {
  it('keeps keyboard focus on the item moved up, on its Move down once it is first', async () => {
    const second: AgendaItem = {
      ...ITEM,
      id: 'item-2',
      position: 2,
      startsAt: '2026-12-07T10:30:00.000Z',
      caseId: 'case-2',
      case: { id: 'case-2', reference: 'SC-0002' },
    };
    const before = meetingWith('SCHEDULED', []);
    before.meeting.agenda = [{ ...ITEM, recommendations: [] }, second];
    const after = meetingWith('SCHEDULED', []);
    after.meeting.agenda = [
      { ...second, position: 1, startsAt: ITEM.startsAt },
      { ...ITEM, recommendations: [], position: 2, startsAt: second.startsAt },
    ];
    const state = { current: before };
    const mocks: MockLink.MockedResponse[] = [
      ...pageMocks(state),
      {
        request: {
          query: MoveAgendaItemDocument,
          variables: { input: { agendaItemId: 'item-2', position: 1 } },
        },
        result: () => {
          state.current = after;
          return { data: { moveAgendaItem: [] } };
        },
      },
    ];
    const user = userEvent.setup({ delay: null });
    renderPage(<MeetingPage />, { me: CHAIR, route: '/meetings/:id', path: '/meetings/m-1', mocks });
    const up = await screen.findByRole('button', { name: 'Move up SC-0002' });
    up.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Move down SC-0002' })).toHaveFocus());
    expect(screen.queryByRole('button', { name: 'Move up SC-0002' })).not.toBeInTheDocument();
  });

  it('removes an item from an agenda not yet published, and shows the API’s refusal of one contributed to', async () => {
    const second: AgendaItem = {
      ...ITEM,
      id: 'item-2',
      position: 2,
      version: 3,
      caseId: 'case-2',
      case: { id: 'case-2', reference: 'SC-0002' },
    };
    const before = meetingWith('SCHEDULED', []);
    before.meeting.agenda = [{ ...ITEM, recommendations: [] }, second];
    const after = meetingWith('SCHEDULED', []);
    after.meeting.agenda = [{ ...ITEM, recommendations: [] }];
    const state = { current: before };
    const sent: unknown[] = [];
    const mocks: MockLink.MockedResponse[] = [
      ...pageMocks(state),
      {
        request: { query: RemoveAgendaItemDocument, variables: () => true },
        result: (variables: Record<string, unknown>) => {
          sent.push(variables);
          if (sent.length === 1)
            return {
              errors: [
                {
                  message: 'Agencies have contributed to this item: defer it instead, with a reason',
                  extensions: { code: 'BAD_USER_INPUT', field: 'agendaItemId' },
                },
              ],
            };
          state.current = after;
          return { data: { removeAgendaItem: [] } };
        },
        maxUsageCount: 2,
      },
    ];
    const user = userEvent.setup({ delay: null });
    renderPage(<MeetingPage />, { me: CHAIR, route: '/meetings/:id', path: '/meetings/m-1', mocks });
    await user.click(await screen.findByRole('button', { name: 'Remove SC-0002' }));
    expect(
      await screen.findByRole('link', {
        name: 'Agencies have contributed to this item: defer it instead, with a reason',
      }),
    ).toHaveAttribute('href', '#agenda');
    await user.click(screen.getByRole('button', { name: 'Remove SC-0002' }));
    expect(await screen.findByText('SC-0002 removed from the agenda')).toBeVisible();
    expect(sent).toEqual([
      { input: { agendaItemId: 'item-2', version: 3 } },
      { input: { agendaItemId: 'item-2', version: 3 } },
    ]);
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Remove SC-0002' })).not.toBeInTheDocument(),
    );
  });
});
