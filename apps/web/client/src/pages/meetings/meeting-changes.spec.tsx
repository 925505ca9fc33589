/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import { CancelMeetingDocument, RescheduleMeetingDocument, type MeetingQuery } from '../../generated/graphql';
import { axeViolations, CHAIR, renderPage, summaryLinks, typeDate } from '../../testing/render-page';
import { CancelMeetingForm, RescheduleForm } from './meeting-changes';

const MEETING = {
  id: 'm-1',
  version: 3,
  // 10:00 to 12:00 London (GMT in December).
  startsAt: '2026-12-14T10:00:00.000Z',
  endsAt: '2026-12-14T12:00:00.000Z',
  place: 'Room 1 (synthetic)',
  virtualLink: null,
} as unknown as MeetingQuery['meeting'];

/** A mutation mock recording each input it is sent. */
const recording = (
  query: MockLink.MockedResponse['request']['query'],
  sent: unknown[],
  data: Record<string, unknown>,
): MockLink.MockedResponse => ({
  request: { query, variables: () => true },
  result: (v: Record<string, unknown>) => {
    sent.push(v.input);
    return { data };
  },
});

describe('web: cancelling and rescheduling a meeting', () => {
  it('the chair cancels only with a reason, and is told the attendees get the cancelled invite', async () => {
    const sent: unknown[] = [];
    const done: string[] = [];
    const user = userEvent.setup({ delay: null });
    const { container } = renderPage(<CancelMeetingForm meeting={MEETING} onDone={(m) => done.push(m)} />, {
      me: CHAIR,
      mocks: [
        recording(CancelMeetingDocument, sent, {
          changeMeetingStatus: { id: 'm-1', status: 'CANCELLED', version: 4 },
        }),
      ],
    });
    await user.click(screen.getByText('Cancel the meeting', { selector: 'span' }));
    await user.click(screen.getByRole('button', { name: 'Cancel the meeting' }));
    expect(summaryLinks()).toEqual([['Enter why the meeting is cancelled', '#cancel-reason']]);
    expect(await axeViolations(container)).toEqual([]);
    await user.type(screen.getByRole('textbox', { name: 'Reason for cancelling' }), 'Chair unavailable');
    await user.click(screen.getByRole('button', { name: 'Cancel the meeting' }));
    await waitFor(() =>
      expect(done).toEqual(['Meeting cancelled. The attendees are sent the cancelled invite.']),
    );
    expect(sent).toEqual([{ meetingId: 'm-1', version: 3, to: 'CANCELLED', reason: 'Chair unavailable' }]);
  });

  it('a new date and time are sent as UK times with the version read', async () => {
    const sent: unknown[] = [];
    const done: string[] = [];
    const user = userEvent.setup({ delay: null });
    renderPage(<RescheduleForm meeting={MEETING} onDone={(m) => done.push(m)} />, {
      me: CHAIR,
      mocks: [
        recording(RescheduleMeetingDocument, sent, {
          rescheduleMeeting: {
            id: 'm-1',
            startsAt: '2027-06-15T13:00:00.000Z',
            endsAt: '2027-06-15T14:30:00.000Z',
            place: 'Room 1 (synthetic)',
            virtualLink: null,
            version: 4,
          },
        }),
      ],
    });
    await user.click(screen.getByText('Change the time or place'));
    // It opens on the meeting's own date and times.
    expect(screen.getByRole('textbox', { name: 'Start time' })).toHaveValue('10:00');
    await typeDate(user, 'Date', '15', '6', '2027');
    await user.clear(screen.getByRole('textbox', { name: 'Start time' }));
    await user.type(screen.getByRole('textbox', { name: 'Start time' }), '14:00');
    await user.clear(screen.getByRole('textbox', { name: 'End time' }));
    await user.type(screen.getByRole('textbox', { name: 'End time' }), '13:00');
    await user.click(screen.getByRole('button', { name: 'Save the new time and place' }));
    expect(summaryLinks()).toEqual([['The end time must be after the start time', '#new-end']]);
    await user.clear(screen.getByRole('textbox', { name: 'End time' }));
    await user.type(screen.getByRole('textbox', { name: 'End time' }), '15:30');
    await user.click(screen.getByRole('button', { name: 'Save the new time and place' }));
    await waitFor(() =>
      expect(done).toEqual(['Meeting rescheduled. The attendees are sent the updated invite.']),
    );
    // British Summer Time in June: 14:00 London is 13:00 UTC.
    expect(sent).toEqual([
      {
        meetingId: 'm-1',
        version: 3,
        startsAt: '2027-06-15T13:00:00.000Z',
        endsAt: '2027-06-15T14:30:00.000Z',
        place: 'Room 1 (synthetic)',
      },
    ]);
  });
});
