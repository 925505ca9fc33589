/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import { ListableCasesDocument, MeetingDocument, MoveAgendaItemDocument } from '../../generated/graphql';
import { CHAIR, renderPage } from '../../testing/render-page';
import { ITEM, meetingWith, type AgendaItem } from '../../testing/meeting-fixture';
import { MeetingPage } from './meeting';

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
});
