/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  AgreedRiskDocument,
  AgreeRiskLevelDocument,
  type AgreedRiskQuery,
  type AgreeRiskLevelInput,
} from '../../generated/graphql';
import type { Me } from '../../lib/me';
import { axeViolations, CHAIR, POLICE, renderPage, summaryLinks } from '../../testing/render-page';
import { AgreeRiskLevelPage } from './agree-risk-level';

const BEFORE: AgreedRiskQuery = {
  case: {
    id: 'case-1',
    reference: 'SC-0001',
    version: 7,
    status: 'ACTIVE',
    clinic: { id: 'cl-1' },
    agreedRiskLevel: null,
    riskHistory: [],
    assessments: [
      {
        id: 'as-1',
        tool: 'S_DASH',
        status: 'SUBMITTED',
        assessedOn: '2026-12-01',
        authorAgency: { name: 'Police force A' },
      },
      {
        id: 'as-2',
        tool: 'SASH',
        status: 'DRAFT',
        assessedOn: null,
        authorAgency: { name: 'Health trust A' },
      },
    ],
  },
};
const AFTER: AgreedRiskQuery = {
  case: {
    ...BEFORE.case!,
    version: 8,
    agreedRiskLevel: 'HIGH',
    riskHistory: [
      {
        id: 'ra-1',
        level: 'HIGH',
        rationale: 'Escalating contact and fixation (synthetic)',
        agreedAt: '2026-12-07T11:00:00.000Z',
        agreedByAgency: { name: 'Health trust A' },
        citedAssessments: [
          { id: 'as-1', tool: 'S_DASH', assessedOn: '2026-12-01', authorAgency: { name: 'Police force A' } },
        ],
      },
    ],
  },
};

const renderForm = (
  state: { current: AgreedRiskQuery },
  mocks: MockLink.MockedResponse[] = [],
  me: Me = CHAIR,
) =>
  renderPage(<AgreeRiskLevelPage />, {
    me,
    route: '/cases/:id/risk-level',
    path: '/cases/case-1/risk-level?meeting=m-1',
    mocks: [
      {
        request: { query: AgreedRiskDocument, variables: { id: 'case-1' } },
        result: () => ({ data: state.current }),
        maxUsageCount: Number.POSITIVE_INFINITY,
      },
      ...mocks,
    ],
  });

describe('web: the agreed risk level', () => {
  it('the chair records the level with a rationale and the assessments it cites, then sees it', async () => {
    const state = { current: BEFORE };
    const sent: AgreeRiskLevelInput[] = [];
    const agree: MockLink.MockedResponse = {
      request: { query: AgreeRiskLevelDocument, variables: () => true },
      result: (v: Record<string, unknown>) => {
        sent.push(v.input as AgreeRiskLevelInput);
        state.current = AFTER;
        return { data: { agreeRiskLevel: { id: 'case-1', version: 8, agreedRiskLevel: 'HIGH' } } };
      },
    };
    const user = userEvent.setup({ delay: null });
    const { container } = renderForm(state, [agree]);
    await screen.findByRole('heading', { level: 1, name: /Agreed risk level/ });
    expect(screen.getByText('No risk level has been agreed for this case yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the meeting' })).toHaveAttribute(
      'href',
      '/meetings/m-1/run',
    );
    // Only submitted assessments can be cited.
    expect(screen.queryByRole('checkbox', { name: /SASH/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Record the agreed level' }));
    expect(summaryLinks()).toEqual([
      ['Select the agreed risk level', '#level'],
      ['Enter the rationale for the agreed level', '#rationale'],
    ]);
    expect(await axeViolations(container)).toEqual([]);
    await user.click(screen.getByRole('radio', { name: 'High' }));
    await user.type(
      screen.getByRole('textbox', { name: 'Rationale' }),
      'Escalating contact and fixation (synthetic)',
    );
    await user.click(screen.getByRole('checkbox', { name: /S-DASH by Police force A/ }));
    await user.click(screen.getByRole('button', { name: 'Record the agreed level' }));
    await waitFor(() =>
      expect(sent).toEqual([
        {
          caseId: 'case-1',
          expectedVersion: 7,
          level: 'HIGH',
          rationale: 'Escalating contact and fixation (synthetic)',
          citedAssessmentIds: ['as-1'],
        },
      ]),
    );
    expect(await screen.findByText('Risk level agreed: High')).toBeInTheDocument();
    expect(screen.getAllByText('Escalating contact and fixation (synthetic)').length).toBeGreaterThan(0);
    expect(screen.getAllByText(/S-DASH by Police force A/).length).toBeGreaterThan(0);
  });

  it('a partner reads the current level but has no form', async () => {
    renderForm({ current: AFTER }, [], POLICE as Me);
    expect(await screen.findByText('Escalating contact and fixation (synthetic)')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Record the agreed level' })).not.toBeInTheDocument();
  });
});
