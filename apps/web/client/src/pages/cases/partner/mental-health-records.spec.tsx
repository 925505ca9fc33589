/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  ClinicalRecordsDocument,
  ContributionOfferItemsDocument,
  FormulationRecordDocument,
  SendRecordAsContributionDocument,
  UpdateClinicalRecordDocument,
  UpdateFormulationDocument,
  type ClinicalRecordsQuery,
  type ContributionOfferItemsQuery,
  type FormulationRecordQuery,
} from '../../../generated/graphql';
import { REASON_MISSING } from '../../../lib/purpose';
import { axeViolations, capturing, MH, renderPage, summaryLinks } from '../../../testing/render-page';
import { MentalHealthRecordsPage } from './mental-health-records';

const formulation = (version: number): FormulationRecordQuery => ({
  case: {
    id: 'case-1',
    reference: 'SC-0001',
    formulation: {
      id: 'f-1',
      version,
      summary: 'Rejected-type pursuit (synthetic).',
      riskScenarios: null,
      protectiveFactors: null,
      recommendations: null,
      victimSafety: null,
    },
  },
});
// The union's members carry __typename (the cache matches `... on AgendaItem` by it).
const listed = {
  case: {
    id: 'case-1',
    meetings: [
      {
        id: 'm-1',
        status: 'AGENDA_PUBLISHED',
        startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        agenda: [{ __typename: 'AgendaItem', id: 'item-1', caseId: 'case-1', contributions: [] }],
      },
    ],
  },
} as unknown as ContributionOfferItemsQuery;
const clinical: ClinicalRecordsQuery = {
  case: {
    id: 'case-1',
    clinicalRecords: [
      {
        id: 'cr-1',
        version: 5,
        recordedOn: '2026-11-02',
        diagnoses: 'None recorded (synthetic).',
        medication: null,
        clinicalNotes: 'Seen twice (synthetic).',
        authorAgency: { name: 'Health trust A' },
      },
    ],
  },
};
const PURPOSE = 'Reviewing risk before the next clinic meeting.';

function render(mocks: MockLink.MockedResponse[], offer = listed) {
  return renderPage(<MentalHealthRecordsPage />, {
    me: MH,
    route: '/cases/:id/mental-health-records',
    path: '/cases/case-1/mental-health-records',
    // Read twice as the page opens: the contribution offer's answer writes the same case to the cache.
    mocks: [
      {
        request: { query: FormulationRecordDocument, variables: { id: 'case-1' } },
        result: { data: formulation(2) },
      },
      {
        request: { query: FormulationRecordDocument, variables: { id: 'case-1' } },
        result: { data: formulation(2) },
      },
      {
        request: { query: ContributionOfferItemsDocument, variables: { id: 'case-1' } },
        result: { data: offer },
      },
      {
        request: { query: ContributionOfferItemsDocument, variables: { id: 'case-1' } },
        result: { data: offer },
      },
      ...mocks,
    ],
  });
}

describe('formulation and clinical records', () => {
  it('updates the formulation with its version and sends it as the agency’s contribution', async () => {
    const user = userEvent.setup();
    const updates: unknown[] = [];
    const contributions: unknown[] = [];
    const { container } = render([
      capturing(UpdateFormulationDocument, updates, { updateFormulation: { id: 'f-1', version: 3 } }),
      capturing(SendRecordAsContributionDocument, contributions, { submitContribution: { id: 'c-1' } }),
      {
        request: { query: FormulationRecordDocument, variables: { id: 'case-1' } },
        result: { data: formulation(3) },
      },
    ]);
    const form = await screen.findByTestId('formulation-form');
    await within(form).findByLabelText('Send this formulation as your agency’s contribution');
    await user.type(within(form).getByLabelText('Protective factors'), 'Stable work (synthetic).');
    await user.click(within(form).getByRole('button', { name: 'Save changes to the formulation' }));
    expect(
      await screen.findByText('Formulation updated and sent as your agency’s contribution'),
    ).toBeInTheDocument();
    expect(updates).toEqual([
      {
        id: 'f-1',
        expectedVersion: 2,
        summary: 'Rejected-type pursuit (synthetic).',
        riskScenarios: null,
        protectiveFactors: 'Stable work (synthetic).',
        recommendations: null,
        victimSafety: null,
      },
    ]);
    expect(contributions).toEqual([
      { agendaItemId: 'item-1', text: 'Our formulation is our contribution: see the case’s formulation.' },
    ]);
    expect(await axeViolations(container)).toEqual([]);
  });

  it('opens the clinical records only with a stated purpose, then edits one with its version', async () => {
    const user = userEvent.setup();
    const reads: unknown[] = [];
    const updates: unknown[] = [];
    render([
      capturing(ClinicalRecordsDocument, reads, clinical),
      capturing(UpdateClinicalRecordDocument, updates, {
        updateClinicalRecord: { id: 'cr-1', caseId: 'case-1' },
      }),
      capturing(ClinicalRecordsDocument, reads, clinical),
    ]);
    await user.click(await screen.findByRole('button', { name: 'Show the clinical records' }));
    expect(summaryLinks(screen.getByRole('heading', { name: 'Clinical records' }).closest('form')!)).toEqual([
      [REASON_MISSING, '#clinical-purpose-reason'],
      ['Enter why you need the clinical records', '#clinical-purpose'],
    ]);
    expect(reads).toEqual([]);
    await user.selectOptions(
      screen.getByLabelText('Why do you need the clinical records?'),
      'RISK_ASSESSMENT',
    );
    await user.type(screen.getByLabelText('Say why, in a sentence'), PURPOSE);
    await user.click(screen.getByRole('button', { name: 'Show the clinical records' }));
    const record = await screen.findByTestId('clinical-1-form');
    expect(reads).toEqual([{ id: 'case-1', reason: 'RISK_ASSESSMENT', purpose: PURPOSE }]);
    expect(screen.getByText('Opened for: Assessing or reviewing risk.')).toBeInTheDocument();
    await user.type(within(record).getByLabelText('Medication'), 'None (synthetic).');
    await user.click(within(record).getByRole('button', { name: 'Save changes to the clinical record' }));
    await waitFor(() => expect(reads).toHaveLength(2));
    expect(updates).toEqual([
      {
        id: 'cr-1',
        expectedVersion: 5,
        diagnoses: 'None recorded (synthetic).',
        medication: 'None (synthetic).',
        clinicalNotes: 'Seen twice (synthetic).',
      },
    ]);
    // Read again for the same stated purpose, and audited again.
    expect(reads[1]).toEqual(reads[0]);
    expect(await screen.findByText(/^Clinical record of .* updated$/)).toBeInTheDocument();
  });

  it('says so when the API refuses the clinical records', async () => {
    const user = userEvent.setup();
    render([
      {
        request: { query: ClinicalRecordsDocument, variables: () => true },
        result: {
          data: { case: { id: 'case-1', clinicalRecords: null } },
          errors: [
            {
              message: 'Not permitted',
              path: ['case', 'clinicalRecords'],
              extensions: { code: 'FORBIDDEN' },
            },
          ],
        },
      },
    ]);
    await user.selectOptions(
      await screen.findByLabelText('Why do you need the clinical records?'),
      'SAFEGUARDING',
    );
    await user.type(screen.getByLabelText('Say why, in a sentence'), PURPOSE);
    await user.click(screen.getByRole('button', { name: 'Show the clinical records' }));
    expect(
      await screen.findByText('You cannot see the clinical records of this case', { selector: 'a, li, p' }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('clinical-1-form')).not.toBeInTheDocument();
  });
});
