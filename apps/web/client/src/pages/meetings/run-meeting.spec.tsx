/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import type { GraphQLFormattedError } from 'graphql';
import {
  AddMinuteAddendumDocument,
  DecideRecommendationDocument,
  EndMeetingDocument,
  MeetingDocument,
  RecordAttendanceDocument,
  type DecideRecommendationInput,
  type MeetingQuery,
} from '../../generated/graphql';
import { axeViolations, CHAIR, COORDINATOR, renderPage, summaryLinks } from '../../testing/render-page';
import { meetingWith, REC } from '../../testing/meeting-fixture';
import { RunMeetingPage } from './run-meeting';

/** The meeting query, answering whatever `state.current` is when it is asked (each refetch). */
const meetingMock = (state: { current: MeetingQuery }): MockLink.MockedResponse => ({
  request: { query: MeetingDocument, variables: { id: 'm-1' } },
  result: () => ({ data: state.current }),
  maxUsageCount: Number.POSITIVE_INFINITY,
});

const renderRun = (state: { current: MeetingQuery }, mocks: MockLink.MockedResponse[] = [], me = CHAIR) =>
  renderPage(<RunMeetingPage />, {
    me,
    route: '/meetings/:id/run',
    path: '/meetings/m-1/run',
    mocks: [meetingMock(state), ...mocks],
  });

describe('web: the chair runs the meeting', () => {
  it('decides a recommendation only with a rationale, then shows the decision and its rationale', async () => {
    const state = { current: meetingWith('IN_PROGRESS') };
    const sent: DecideRecommendationInput[] = [];
    const decide: MockLink.MockedResponse = {
      request: { query: DecideRecommendationDocument, variables: () => true },
      result: (v: Record<string, unknown>) => {
        const input = v.input as DecideRecommendationInput;
        sent.push(input);
        state.current = meetingWith('IN_PROGRESS', [
          { ...REC, status: input.status, rationale: input.rationale ?? null, version: 2 },
        ]);
        return {
          data: {
            decideRecommendation: {
              id: 'rec-1',
              status: input.status,
              rationale: input.rationale,
              version: 2,
            },
          },
        };
      },
    };
    const user = userEvent.setup({ delay: null });
    const { container } = renderRun(state, [decide]);
    const rec = await screen.findByTestId('recommendation');
    await user.click(within(rec).getByRole('button', { name: /^Agreed/ }));
    expect(summaryLinks(rec)).toEqual([['Enter the rationale for the decision', '#decision-rec-1']]);
    expect(sent).toEqual([]);
    expect(await axeViolations(container)).toEqual([]);
    await user.type(
      within(rec).getByRole('textbox', { name: /Rationale for the decision/ }),
      'Repeated breaches of bail (synthetic)',
    );
    await user.click(within(rec).getByRole('button', { name: /^Agreed/ }));
    await waitFor(() =>
      expect(sent).toEqual([
        {
          recommendationId: 'rec-1',
          version: 1,
          status: 'AGREED',
          rationale: 'Repeated breaches of bail (synthetic)',
        },
      ]),
    );
    // Once decided (the refetched meeting), the decision and its rationale replace the form.
    const decision = (await screen.findByText('Decision')).closest('dl')!;
    expect(decision).toHaveTextContent('DecisionAgreedRationaleRepeated breaches of bail (synthetic)');
    expect(screen.queryByRole('button', { name: /^Agreed/ })).not.toBeInTheDocument();
    expect(screen.queryByTestId('undecided-warning')).not.toBeInTheDocument();
  });

  it('shows the API’s refusal of a decision against the rationale field', async () => {
    const state = { current: meetingWith('IN_PROGRESS') };
    const errors: GraphQLFormattedError[] = [
      { message: 'A decision needs a rationale', extensions: { code: 'BAD_USER_INPUT', field: 'rationale' } },
    ];
    const decide: MockLink.MockedResponse = {
      request: { query: DecideRecommendationDocument, variables: () => true },
      result: { data: null, errors },
    };
    const user = userEvent.setup({ delay: null });
    renderRun(state, [decide]);
    const rec = await screen.findByTestId('recommendation');
    await user.type(within(rec).getByRole('textbox', { name: /Rationale/ }), '   x');
    await user.click(within(rec).getByRole('button', { name: /^Not agreed/ }));
    await waitFor(() =>
      expect(summaryLinks(rec)).toEqual([['A decision needs a rationale', '#decision-rec-1']]),
    );
  });

  it('warns of undecided recommendations before ending, with links, and shows the API’s refusal', async () => {
    const state = { current: meetingWith('IN_PROGRESS') };
    const end: MockLink.MockedResponse = {
      request: { query: EndMeetingDocument, variables: () => true },
      result: {
        data: null,
        errors: [
          {
            message: '1 recommendation is still undecided: decide each before ending the meeting',
            extensions: {
              code: 'BAD_USER_INPUT',
              field: 'to',
              reason: 'RECOMMENDATIONS_UNDECIDED',
              count: 1,
            },
          },
        ],
      },
    };
    const user = userEvent.setup({ delay: null });
    renderRun(state, [end]);
    const warning = await screen.findByTestId('undecided-warning');
    expect(warning).toHaveTextContent(
      '1 recommendation is still undecided. Decide it before ending the meeting.',
    );
    expect(within(warning).getByRole('link', { name: 'Apply for an SPO (synthetic)' })).toHaveAttribute(
      'href',
      '#rec-rec-1',
    );
    await user.click(screen.getByRole('button', { name: 'End the meeting' }));
    expect(await screen.findByText('There is a problem')).toBeInTheDocument();
    expect(
      screen.getAllByText('1 recommendation is still undecided: decide each before ending the meeting')
        .length,
    ).toBeGreaterThan(0);
  });

  it('confirms attendance when it is saved', async () => {
    const state = { current: meetingWith('IN_PROGRESS', []) };
    const record: MockLink.MockedResponse = {
      request: {
        query: RecordAttendanceDocument,
        variables: { input: { attendeeId: 'att-1', status: 'PRESENT' } },
      },
      result: () => {
        const m = meetingWith('IN_PROGRESS', []);
        m.meeting.attendees[0]!.status = 'PRESENT';
        state.current = m;
        return { data: { recordAttendance: { id: 'att-1', status: 'PRESENT' } } };
      },
    };
    const user = userEvent.setup({ delay: null });
    renderRun(state, [record]);
    await user.selectOptions(
      await screen.findByRole('combobox', { name: 'Attendance of Police force A' }),
      'PRESENT',
    );
    await waitFor(() =>
      expect(screen.getByTestId('attendance-status')).toHaveTextContent(
        'Attendance saved: Police force A – Present',
      ),
    );
    expect(screen.getByTestId('attendance-status')).toHaveAttribute('role', 'status');
  });

  it('approved minutes: no decision or error boxes, an addendum form for the officers', async () => {
    const state = {
      current: meetingWith('MINUTES_APPROVED', [
        { ...REC, status: 'AGREED', rationale: 'Pattern of breaches (synthetic)', version: 2 },
      ]),
    };
    const sent: unknown[] = [];
    const addendum: MockLink.MockedResponse = {
      request: { query: AddMinuteAddendumDocument, variables: () => true },
      result: (v: Record<string, unknown>) => {
        sent.push(v.input);
        return { data: { addMinuteAddendum: { id: 'add-1' } } };
      },
    };
    const user = userEvent.setup({ delay: null });
    const { container } = renderRun(state, [addendum], COORDINATOR);
    await screen.findByRole('heading', { level: 1, name: /^Approved minutes/ });
    expect(screen.getByText('Pattern of breaches (synthetic)')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /Rationale/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'End the meeting' })).not.toBeInTheDocument();
    expect(screen.queryByText('There is a problem')).not.toBeInTheDocument();
    await user.click(screen.getByText(/^Add an addendum to the minutes of/));
    await user.click(screen.getByRole('button', { name: 'Add the addendum' }));
    expect(summaryLinks()).toEqual([
      ['Enter why the minutes need an addendum', '#addendum-item-1-reason'],
      ['Enter the addendum', '#addendum-item-1-text'],
    ]);
    await user.type(screen.getByRole('textbox', { name: 'Reason for the addendum' }), 'Date corrected');
    await user.type(screen.getByRole('textbox', { name: 'Addendum' }), 'The review is on 4 May (synthetic)');
    await user.click(screen.getByRole('button', { name: 'Add the addendum' }));
    expect(await screen.findByText('Addendum added.')).toBeInTheDocument();
    expect(sent).toEqual([
      { agendaItemId: 'item-1', reason: 'Date corrected', text: 'The review is on 4 May (synthetic)' },
    ]);
    expect(await axeViolations(container)).toEqual([]);
  });
});
