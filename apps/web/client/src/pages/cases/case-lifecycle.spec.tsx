/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import type { CasePageQuery } from '../../generated/graphql';
import { lifecycleEvents, UrgentReviewHistory } from './case-lifecycle';

type Case = NonNullable<CasePageQuery['case']>;

const entry = (e: Partial<NonNullable<Case['lifecycle']>[number]>) =>
  ({
    id: e.kind ?? 'x',
    kind: null,
    occurredAt: '2027-01-12T10:00:00Z',
    fromStatus: null,
    toStatus: null,
    meetingStartsAt: null,
    riskLevel: null,
    nextReviewOn: null,
    ...e,
  }) as NonNullable<Case['lifecycle']>[number];

describe('web: the case’s life with the clinic', () => {
  it('names each step on the timeline with the status it moved to, the risk level and the next review', () => {
    const c = {
      lifecycle: [
        entry({ kind: 'LISTED', toStatus: 'LISTED', meetingStartsAt: '2027-01-12T10:00:00Z' }),
        entry({ kind: 'REVIEWED', toStatus: 'ACTIVE', riskLevel: 'HIGH', nextReviewOn: '2027-02-09' }),
        entry({ kind: 'URGENT_REVIEW_CLEARED' }),
        entry({ kind: 'REVIEW_DUE', toStatus: 'AWAITING_LISTING' }),
      ],
    } as Case;
    expect(lifecycleEvents(c).map((e) => [e.title, e.detail])).toEqual([
      ['Listed for a clinic meeting', 'meeting on 12 January 2027; now listed'],
      ['Reviewed at the clinic', 'risk high; next review 9 February 2027; now active'],
      ['Urgent review held', undefined],
      ['Review due', 'now awaiting listing'],
    ]);
    expect(lifecycleEvents({ lifecycle: null } as Case)).toEqual([]);
  });

  it('shows each urgent-review flag: held at a meeting, or waiting and escalated', () => {
    render(
      <UrgentReviewHistory
        flags={[
          {
            id: 'u-2',
            requestedAt: '2027-01-20T10:00:00Z',
            dueBy: '2027-01-27T23:59:59Z',
            clearedAt: null,
            clearedByMeetingId: null,
            escalatedAt: '2027-01-28T00:05:00Z',
          },
          {
            id: 'u-1',
            requestedAt: '2027-01-05T10:00:00Z',
            dueBy: '2027-01-12T23:59:59Z',
            clearedAt: '2027-01-12T15:00:00Z',
            clearedByMeetingId: 'm-1',
            escalatedAt: null,
          },
        ]}
      />,
    );
    expect(screen.getByText('Overdue')).toBeVisible();
    expect(screen.getByText(/escalated to the chair on/)).toBeVisible();
    expect(screen.getByText('Held')).toBeVisible();
    expect(screen.getByText(/Reviewed at the clinic meeting on/)).toBeVisible();
  });
});
