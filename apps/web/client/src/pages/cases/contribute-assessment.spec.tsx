/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  CaseReferenceDocument,
  ContributionOfferItemsDocument,
  CreateAssessmentDocument,
  SendRecordAsContributionDocument,
  SubmitAssessmentDocument,
  type ContributionOfferItemsQuery,
  type SubmitContributionInput,
} from '../../generated/graphql';
import { renderPage, typeDate, type User } from '../../testing/render-page';
import { ContributeAssessmentPage } from './contribute-assessment';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** The case listed at a meeting in a week; `contributed` when the police already sent theirs. */
// The union's members carry __typename (the cache matches `... on AgendaItem` by it); the generated
// type leaves it out, hence the cast.
const listed = (contributed: boolean, status = 'AGENDA_PUBLISHED'): ContributionOfferItemsQuery =>
  ({
    case: {
      id: 'case-1',
      meetings: [
        {
          id: 'm-1',
          status: status as 'AGENDA_PUBLISHED',
          startsAt: inDays(7),
          agenda: [
            { __typename: 'RestrictedAgendaItem' },
            {
              __typename: 'AgendaItem',
              id: 'item-1',
              caseId: 'case-1',
              contributions: contributed ? [{ agencyId: 'ag-police' }] : [],
            },
          ],
        },
      ],
    },
  }) as unknown as ContributionOfferItemsQuery;

function mocks(
  offer: ContributionOfferItemsQuery,
  sent: SubmitContributionInput[],
): MockLink.MockedResponse[] {
  return [
    {
      request: { query: CaseReferenceDocument, variables: { id: 'case-1' } },
      result: { data: { case: { id: 'case-1', reference: 'SC-0001' } } },
    },
    {
      request: { query: ContributionOfferItemsDocument, variables: { id: 'case-1' } },
      result: { data: offer },
    },
    {
      request: { query: CreateAssessmentDocument, variables: () => true },
      result: { data: { createAssessment: { id: 'as-1', version: 1 } } },
    },
    {
      request: { query: SubmitAssessmentDocument, variables: () => true },
      result: { data: { submitAssessment: { id: 'as-1', status: 'SUBMITTED' } } },
    },
    {
      request: { query: SendRecordAsContributionDocument, variables: () => true },
      result: (variables: Record<string, unknown>) => {
        sent.push(variables.input as SubmitContributionInput);
        return { data: { submitContribution: { id: 'c-1' } } };
      },
    },
  ];
}

const renderAssessment = (offer: ContributionOfferItemsQuery, sent: SubmitContributionInput[]) =>
  renderPage(<ContributeAssessmentPage />, {
    route: '/cases/:id/assessment',
    path: '/cases/case-1/assessment',
    mocks: mocks(offer, sent),
  });

async function fillSash(user: User) {
  await user.click(screen.getByRole('radio', { name: 'SASH' }));
  await user.type(screen.getByRole('textbox', { name: 'Version or edition of the tool' }), '2nd edition');
  await typeDate(user, 'Date of the assessment', '1', '3', '2026');
  await user.click(screen.getByRole('radio', { name: 'Medium' }));
  await user.type(screen.getByRole('textbox', { name: 'Reasons for your judgement' }), 'Escalating contact');
}

describe('web: an assessment offered as the agency’s contribution to the clinic (issue 14 §5)', () => {
  it('for a listed case without the agency’s contribution, offers it ticked and sends it with the assessment', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: SubmitContributionInput[] = [];
    renderAssessment(listed(false), sent);
    const offer = await screen.findByRole('checkbox', {
      name: 'Send this assessment as your agency’s contribution',
    });
    expect(offer).toBeChecked();
    await fillSash(user);
    await user.click(screen.getByRole('button', { name: 'Submit the assessment' }));
    expect(
      await screen.findByText('Case page: SASH assessment submitted and sent as your agency’s contribution'),
    ).toBeVisible();
    expect(sent).toEqual([
      {
        agendaItemId: 'item-1',
        text: "Our SASH assessment of 1 March 2026 is our contribution: see the case's risk assessments.",
      },
    ]);
  });

  it('unticked, sends the assessment only', async () => {
    const user = userEvent.setup({ delay: null });
    const sent: SubmitContributionInput[] = [];
    renderAssessment(listed(false), sent);
    await user.click(
      await screen.findByRole('checkbox', { name: 'Send this assessment as your agency’s contribution' }),
    );
    await fillSash(user);
    await user.click(screen.getByRole('button', { name: 'Submit the assessment' }));
    expect(await screen.findByText('Case page: SASH assessment submitted')).toBeVisible();
    expect(sent).toEqual([]);
  });

  it.each([
    ['the agency already contributed', listed(true)],
    ['the meeting is under way', listed(false, 'IN_PROGRESS')],
  ])('offers nothing when %s', async (_why, answer) => {
    renderAssessment(answer, []);
    expect(await screen.findByText('Case SC-0001')).toBeVisible();
    // The offer's query has answered by now (both are answered in one tick of the mock link).
    await screen.findByRole('button', { name: 'Submit the assessment' });
    expect(screen.queryByRole('checkbox', { name: /contribution/ })).not.toBeInTheDocument();
  });
});
