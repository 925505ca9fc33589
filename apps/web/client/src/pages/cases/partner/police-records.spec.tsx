/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  CreatePoliceSummaryDocument,
  PoliceRecordsDocument,
  UpdatePoliceIntelligenceDocument,
  type PoliceRecordsQuery,
} from '../../../generated/graphql';
import { axeViolations, capturing, CONFLICT, MH, POLICE, renderPage } from '../../../testing/render-page';
import { PoliceRecordsPage } from './police-records';

const records = (over: Partial<NonNullable<PoliceRecordsQuery['case']>> = {}): PoliceRecordsQuery => ({
  case: {
    id: 'case-1',
    reference: 'SC-0001',
    policeSummary: null,
    policeIntelligence: {
      id: 'pi-1',
      version: 3,
      intelligence: 'Seen near the victim’s old workplace (synthetic).',
      offendingHistory: 'Two harassment convictions (synthetic).',
    },
    ...over,
  },
});

const query = (data: PoliceRecordsQuery): MockLink.MockedResponse => ({
  request: { query: PoliceRecordsDocument, variables: { id: 'case-1' } },
  result: { data },
});

const render = (data: PoliceRecordsQuery, mocks: MockLink.MockedResponse[], me = POLICE) =>
  renderPage(<PoliceRecordsPage />, {
    me,
    route: '/cases/:id/police-records',
    path: '/cases/case-1/police-records',
    mocks: [query(data), ...mocks],
  });

describe('police summary and intelligence', () => {
  it('creates the shared summary when there is none, sending only what was typed', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const after = records({
      policeSummary: {
        id: 'ps-1',
        version: 1,
        relevantHistory: null,
        investigationStatus: null,
        bailConditions: 'Not to contact the victim (synthetic).',
        arrests: 'Arrested 1 December (synthetic).',
      },
    });
    const { container } = render(records(), [
      capturing(CreatePoliceSummaryDocument, sent, { createPoliceSummary: { id: 'ps-1', version: 1 } }),
      query(after),
    ]);
    const form = await screen.findByTestId('summary-form');
    await user.type(within(form).getByLabelText('Bail conditions'), 'Not to contact the victim (synthetic).');
    await user.type(within(form).getByLabelText('Arrests'), 'Arrested 1 December (synthetic).');
    await user.click(within(form).getByRole('button', { name: 'Save the police summary' }));
    expect(await screen.findByText('Police summary saved')).toBeInTheDocument();
    expect(sent).toEqual([
      {
        caseId: 'case-1',
        relevantHistory: null,
        investigationStatus: null,
        bailConditions: 'Not to contact the victim (synthetic).',
        arrests: 'Arrested 1 December (synthetic).',
      },
    ]);
    // The saved version comes back: the form now edits it.
    await within(form).findByRole('button', { name: 'Save changes to the police summary' });
    expect(await axeViolations(container)).toEqual([]);
  });

  it('edits the intelligence with the version it read, and shows the newer one after a conflict', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const newer = records({
      policeIntelligence: {
        id: 'pi-1',
        version: 4,
        intelligence: 'Someone else’s newer entry (synthetic).',
        offendingHistory: null,
      },
    });
    render(records(), [capturing(UpdatePoliceIntelligenceDocument, sent, {}, CONFLICT), query(newer)]);
    const form = await screen.findByTestId('intelligence-form');
    const box = within(form).getByLabelText('Intelligence');
    expect(box).toHaveValue('Seen near the victim’s old workplace (synthetic).');
    await user.clear(box);
    await user.type(box, 'New sighting (synthetic).');
    await user.click(within(form).getByRole('button', { name: 'Save changes to the police intelligence' }));
    expect(
      await within(form).findByText('Someone else changed this record while you were editing it'),
    ).toBeInTheDocument();
    expect(sent).toEqual([
      {
        id: 'pi-1',
        expectedVersion: 3,
        intelligence: 'New sighting (synthetic).',
        offendingHistory: 'Two harassment convictions (synthetic).',
      },
    ]);
    expect(
      await within(form).findByDisplayValue('Someone else’s newer entry (synthetic).'),
    ).toBeInTheDocument();
  });

  it('offers no form to a role that does not write police records', async () => {
    render(records(), [], MH);
    expect(
      await screen.findByText('Only police officers on the case write its police summary and intelligence.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Seen near the victim/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('leaves out a record the API refused', async () => {
    const refused: MockLink.MockedResponse = {
      request: { query: PoliceRecordsDocument, variables: { id: 'case-1' } },
      result: {
        data: records({ policeIntelligence: null }),
        errors: [
          {
            message: 'Not permitted',
            path: ['case', 'policeIntelligence'],
            extensions: { code: 'FORBIDDEN' },
          },
        ],
      },
    };
    renderPage(<PoliceRecordsPage />, {
      route: '/cases/:id/police-records',
      path: '/cases/case-1/police-records',
      mocks: [refused],
    });
    await screen.findByTestId('summary-form');
    expect(screen.queryByTestId('intelligence-form')).not.toBeInTheDocument();
  });
});
