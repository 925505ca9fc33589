/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  CreateProbationDetailDocument,
  ProbationRecordsDocument,
  UpdateProbationSummaryDocument,
  type ProbationRecordsQuery,
} from '../../../generated/graphql';
import { ADVOCATE, axeViolations, capturing, PROBATION, renderPage } from '../../../testing/render-page';
import { ProbationRecordsPage } from './probation-records';

const records = (version = 2): ProbationRecordsQuery => ({
  case: {
    id: 'case-1',
    reference: 'SC-0001',
    probationSummary: {
      id: 'ps-1',
      version,
      orderType: 'Community order (synthetic)',
      supervisionStatus: 'Active',
      compliance: 'Attending',
      conditions: [{ text: 'No contact with the victim (synthetic).', concernsVictim: true }],
      rosh: { knownAdult: 'HIGH', public: null, children: null, staff: null, assessedOn: '2026-11-01' },
    },
    probationDetail: null,
  },
});
const query = (data: ProbationRecordsQuery): MockLink.MockedResponse => ({
  request: { query: ProbationRecordsDocument, variables: { id: 'case-1' } },
  result: { data },
});
const render = (mocks: MockLink.MockedResponse[], me = PROBATION) =>
  renderPage(<ProbationRecordsPage />, {
    me,
    route: '/cases/:id/probation-records',
    path: '/cases/case-1/probation-records',
    mocks: [query(records()), ...mocks],
  });

describe('probation summary and detail', () => {
  it('edits the summary with its version and the full list of conditions, marking those that protect the victim', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const { container } = render([
      capturing(UpdateProbationSummaryDocument, sent, { updateProbationSummary: { id: 'ps-1', version: 3 } }),
      query(records(3)),
    ]);
    const form = await screen.findByTestId('summary-form');
    expect(within(form).getByLabelText('Condition 1')).toHaveValue('No contact with the victim (synthetic).');
    await user.click(within(form).getByRole('button', { name: 'Add a condition' }));
    await user.type(within(form).getByLabelText('Condition 2'), 'Attend a programme (synthetic).');
    await user.clear(within(form).getByLabelText('Compliance'));
    await user.type(within(form).getByLabelText('Compliance'), 'Missed one appointment');
    expect(within(form).getByLabelText('Risk of serious harm to a known adult')).toHaveValue('HIGH');
    await user.selectOptions(within(form).getByLabelText('Risk of serious harm to children'), 'MEDIUM');
    await user.click(within(form).getByRole('button', { name: 'Save changes to the probation summary' }));
    expect(await screen.findByText('Probation summary updated')).toBeInTheDocument();
    expect(sent).toEqual([
      {
        id: 'ps-1',
        expectedVersion: 2,
        orderType: 'Community order (synthetic)',
        supervisionStatus: 'Active',
        compliance: 'Missed one appointment',
        conditions: [
          { text: 'No contact with the victim (synthetic).', concernsVictim: true },
          { text: 'Attend a programme (synthetic).', concernsVictim: false },
        ],
        rosh: { knownAdult: 'HIGH', public: null, children: 'MEDIUM', staff: null },
      },
    ]);
    expect(await axeViolations(container)).toEqual([]);
  });

  it('creates the detail when there is none', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    render([
      capturing(CreateProbationDetailDocument, sent, { createProbationDetail: { id: 'pd-1', version: 1 } }),
      query(records()),
    ]);
    const form = await screen.findByTestId('detail-form');
    await user.type(within(form).getByLabelText('Sentence plan'), 'Victim awareness work (synthetic).');
    await user.click(within(form).getByRole('button', { name: 'Save the probation detail' }));
    expect(await screen.findByText('Probation detail saved')).toBeInTheDocument();
    expect(sent).toEqual([
      {
        caseId: 'case-1',
        caseNotes: null,
        oasysSummary: null,
        sentencePlan: 'Victim awareness work (synthetic).',
      },
    ]);
  });

  it('shows another role no probation form', async () => {
    render([], ADVOCATE);
    await screen.findByText('Only probation officers on the case write its probation summary and detail.');
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  });
});
