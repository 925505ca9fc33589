/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ClearUrgentReviewDocument, type CasePageQuery } from '../../generated/graphql';
import { CHAIR, capturing, renderPage } from '../../testing/render-page';
import { UrgentReviewBanner } from './urgent-review';

type Case = NonNullable<CasePageQuery['case']>;

const flagged = (requested: boolean): Case =>
  ({
    id: 'case-1',
    urgentReviewRequested: requested,
    urgentReviewRequestedAt: requested ? '2026-12-01T10:00:00.000Z' : null,
    urgentReviews: [
      {
        id: 'ur-1',
        requestedAt: '2026-12-01T10:00:00.000Z',
        dueBy: '2026-12-08T17:00:00.000Z',
        clearedAt: requested ? null : '2026-12-03T10:00:00.000Z',
        clearedByMeetingId: null,
        escalatedAt: null,
      },
    ],
  }) as Case;

describe('the URGENT REVIEW flag on the case page', () => {
  it('says when it was asked for and by when, and lets a role that writes the case header clear it', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderPage(<UrgentReviewBanner c={flagged(true)} canClear />, {
      me: CHAIR,
      mocks: [
        capturing(ClearUrgentReviewDocument, sent, {
          clearUrgentReview: { id: 'case-1', urgentReviewRequested: false, urgentReviewRequestedAt: null },
        }),
      ],
    });
    expect(
      screen.getByText('URGENT REVIEW: a breach flagged this case for an urgent review'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('urgent-review')).toHaveTextContent(
      /Asked for .*1 December 2026.*; to be on a clinic meeting by .*8 December 2026/,
    );
    await user.click(screen.getByRole('button', { name: /Clear the urgent review/ }));
    await waitFor(() => expect(sent).toEqual([{ caseId: 'case-1' }]));
    // Done: the button is ready again (the case page then reads the case without the flag).
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /Clear the urgent review/ })).toBeEnabled(),
    );
  });

  it('offers no clearing to a role the API does not let clear it', () => {
    renderPage(<UrgentReviewBanner c={flagged(true)} canClear={false} />, { mocks: [] });
    expect(screen.getByTestId('urgent-review')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('shows nothing once cleared', () => {
    const { container } = renderPage(<UrgentReviewBanner c={flagged(false)} canClear />, { mocks: [] });
    expect(container.querySelector('main')).toBeEmptyDOMElement();
  });
});
