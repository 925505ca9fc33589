/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  AdvocacyRecordsDocument,
  CreateAdvocacyRecordDocument,
  UpdateVictimVoiceDocument,
  type AdvocacyRecordsQuery,
} from '../../../generated/graphql';
import {
  ADVOCATE,
  axeViolations,
  capturing,
  PROBATION,
  renderPage,
  summaryLinks,
  typeDate,
} from '../../../testing/render-page';
import { AdvocacyRecordsPage } from './advocacy-records';

const records = (voice: boolean, added = false): AdvocacyRecordsQuery => ({
  case: {
    id: 'case-1',
    reference: 'SC-0001',
    victims: [
      {
        id: 'p-1',
        alias: 'Victim A',
        voice: voice
          ? {
              voiceSummary: 'Wants to feel safe at work.',
              safetyPlanSummary: null,
              sharedSummary: null,
              version: 1,
            }
          : null,
      },
    ],
    advocacyRecords: added
      ? [
          {
            id: 'ar-1',
            version: 1,
            recordedOn: '2026-12-01',
            disclosures: 'New disclosure (synthetic).',
            health: null,
            counselling: null,
            needs: null,
          },
        ]
      : [],
  },
});
const newer: AdvocacyRecordsQuery = {
  case: {
    ...records(true).case!,
    victims: [
      {
        id: 'p-1',
        alias: 'Victim A',
        voice: {
          voiceSummary: 'Wants to feel safe at work.',
          safetyPlanSummary: 'Safe route agreed.',
          sharedSummary: 'Shared by the advocate (synthetic).',
          version: 2,
        },
      },
    ],
  },
};
const query = (data: AdvocacyRecordsQuery): MockLink.MockedResponse => ({
  request: { query: AdvocacyRecordsDocument, variables: { id: 'case-1' } },
  result: { data },
});
const render = (data: AdvocacyRecordsQuery, mocks: MockLink.MockedResponse[], me = ADVOCATE) =>
  renderPage(<AdvocacyRecordsPage />, {
    me,
    route: '/cases/:id/advocacy-records',
    path: '/cases/case-1/advocacy-records',
    mocks: [query(data), ...mocks],
  });

describe('the victim’s voice and the advocacy records', () => {
  it('records the first voice without a version, then edits with the version read', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const { container } = render(records(false), [
      capturing(UpdateVictimVoiceDocument, sent, { updateVictimVoice: { id: 'p-1', caseId: 'case-1' } }),
      query(records(true)),
      capturing(UpdateVictimVoiceDocument, sent, { updateVictimVoice: { id: 'p-1', caseId: 'case-1' } }),
      query(newer),
    ]);
    const form = await screen.findByTestId('voice-1-form');
    expect(
      within(form).getByRole('heading', { name: 'Voice and safety plan of Victim A' }),
    ).toBeInTheDocument();
    await user.type(within(form).getByLabelText('The victim’s voice'), 'Wants to feel safe at work.');
    await user.click(within(form).getByRole('button', { name: 'Save the victim’s voice' }));
    expect(await screen.findByText('Victim’s voice saved')).toBeInTheDocument();
    await within(form).findByDisplayValue('Wants to feel safe at work.');
    await user.type(within(form).getByLabelText('Safety plan'), 'Safe route agreed.');
    await user.click(within(form).getByRole('button', { name: 'Save the victim’s voice' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    // The newer version read back replaces what the form shows.
    await within(form).findByDisplayValue('Shared by the advocate (synthetic).');
    expect(sent).toEqual([
      {
        personId: 'p-1',
        voiceSummary: 'Wants to feel safe at work.',
        safetyPlanSummary: null,
        sharedSummary: null,
      },
      {
        personId: 'p-1',
        expectedVersion: 1,
        voiceSummary: 'Wants to feel safe at work.',
        safetyPlanSummary: 'Safe route agreed.',
        sharedSummary: null,
      },
    ]);
    expect(await axeViolations(container)).toEqual([]);
  });

  it('adds an advocacy record with its date, which then shows among the agency’s own', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    render(records(true), [
      capturing(CreateAdvocacyRecordDocument, sent, { createAdvocacyRecord: { id: 'ar-1', version: 1 } }),
      query(records(true, true)),
    ]);
    const form = await screen.findByTestId('new-advocacy-form');
    await typeDate(user, 'Date of the record', '31', '2', '2026', form);
    await user.click(within(form).getByRole('button', { name: 'Save the advocacy record' }));
    expect(summaryLinks(form)).toEqual([
      ['The date of the record must be a real date', '#new-advocacy-recorded-on'],
    ]);
    await typeDate(user, 'Date of the record', '1', '12', '2026', form);
    await user.type(within(form).getByLabelText('Disclosures'), 'New disclosure (synthetic).');
    await user.click(within(form).getByRole('button', { name: 'Save the advocacy record' }));
    expect(await screen.findByText('Advocacy record saved')).toBeInTheDocument();
    expect(sent).toEqual([
      {
        caseId: 'case-1',
        recordedOn: '2026-12-01',
        disclosures: 'New disclosure (synthetic).',
        health: null,
        counselling: null,
        needs: null,
      },
    ]);
    const saved = await screen.findByTestId('advocacy-1-form');
    expect(within(saved).getByLabelText('Disclosures')).toHaveValue('New disclosure (synthetic).');
  });

  it('shows probation nothing of the advocate’s records', async () => {
    render(records(true, true), [], PROBATION);
    await screen.findByText(/Only the victim’s advocate on the case writes/);
    expect(screen.queryByText(/New disclosure/)).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue(/New disclosure/)).not.toBeInTheDocument();
  });
});
