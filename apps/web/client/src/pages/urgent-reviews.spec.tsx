/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import type { MockLink } from '@apollo/client/testing';
import {
  UrgentReviewsAwaitingMeetingDocument,
  type UrgentReviewsAwaitingMeetingQuery,
} from '../generated/graphql';
import { axeViolations, COORDINATOR, renderPage } from '../testing/render-page';
import { UrgentReviewsPanel } from './urgent-reviews';

const mock = (
  data: UrgentReviewsAwaitingMeetingQuery | null,
  errors?: { message: string; extensions: { code: string } }[],
): MockLink.MockedResponse => ({
  request: { query: UrgentReviewsAwaitingMeetingDocument, variables: { clinicId: 'cl-1' } },
  result: { data, errors },
});

const FLAGS: UrgentReviewsAwaitingMeetingQuery = {
  urgentReviewsAwaitingMeeting: [
    {
      id: 'u-1',
      requestedAt: '2026-12-01T10:00:00Z',
      dueBy: '2026-12-08T23:59:59Z',
      overdue: true,
      escalatedAt: '2026-12-09T00:05:00Z',
      case: { id: 'case-1', reference: 'NV-2026-0007' },
    },
    {
      id: 'u-2',
      requestedAt: '2026-12-07T09:00:00Z',
      dueBy: '2026-12-14T23:59:59Z',
      overdue: false,
      escalatedAt: null,
      case: { id: 'case-2', reference: 'NV-2026-0009' },
    },
  ],
};

const renderPanel = (mocks: MockLink.MockedResponse[]) =>
  renderPage(<UrgentReviewsPanel clinicId="cl-1" clinicName="North clinic" />, { me: COORDINATOR, mocks });

describe('web: the coordinator’s urgent reviews waiting for a meeting', () => {
  it('lists each flagged case with its deadline, the overdue one escalated to the chair', async () => {
    const { container } = renderPanel([mock(FLAGS)]);
    const table = await screen.findByRole('table', {
      name: 'Urgent reviews waiting for a meeting: North clinic',
    });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows.map((r) => [r[0], r[3]])).toEqual([
      ['NV-2026-0007', 'Overdue: escalated to the chair'],
      ['NV-2026-0009', 'Not yet listed'],
    ]);
    expect(within(table).getByRole('link', { name: 'NV-2026-0007' })).toHaveAttribute(
      'href',
      '/cases/case-1',
    );
    expect(await axeViolations(container)).toEqual([]);
  });

  it('says so when no case is waiting', async () => {
    renderPanel([mock({ urgentReviewsAwaitingMeeting: [] })]);
    expect(await screen.findByText('No case is waiting for an urgent review.')).toBeVisible();
  });

  it('shows nothing to a reader the API refuses', async () => {
    const { container } = renderPanel([
      mock(null, [{ message: 'Forbidden', extensions: { code: 'FORBIDDEN' } }]),
    ]);
    // Wait for the refusal to arrive (the query settles), then nothing is on the page.
    await waitFor(() => expect(container.querySelector('main')?.textContent).toBe(''));
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('heading')).toBeNull();
  });
});
