/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CriminalJusticeCaseDocument,
  RecordBreachOutcomeDocument,
  RecordCriminalJusticeEventDocument,
  type RecordBreachOutcomeInput,
  type RecordCriminalJusticeEventInput,
} from '../../generated/graphql';
import {
  axeViolations,
  capturing,
  CONFLICT,
  renderPage,
  summaryLinks,
  typeDate,
} from '../../testing/render-page';
import { BreachOutcomeForm } from './breach-outcome';
import { cjFlash, RecordCriminalJusticeEventPage } from './criminal-justice';

const caseRef = {
  request: { query: CriminalJusticeCaseDocument, variables: { id: 'case-1' } },
  result: { data: { case: { id: 'case-1', reference: 'SC-0001' } } },
};

describe('police record a criminal-justice step', () => {
  it('says what is missing before anything is sent, then records the arrest and the victim’s deadline', async () => {
    const user = userEvent.setup();
    const sent: RecordCriminalJusticeEventInput[] = [];
    const { container } = renderPage(<RecordCriminalJusticeEventPage />, {
      route: '/cases/:id/criminal-justice',
      path: '/cases/case-1/criminal-justice',
      mocks: [
        caseRef,
        capturing(RecordCriminalJusticeEventDocument, sent, {
          recordCriminalJusticeEvent: {
            id: 'cj-1',
            type: 'ARREST',
            occurredAt: '2026-12-01T15:00:00.000Z',
            victimUpdates: [{ id: 'vu-1', dueBy: '2026-12-02T23:59:59.999Z', deliveredAt: null }],
          },
        }),
      ],
    });
    await screen.findByText('Case SC-0001');
    await typeDate(user, 'When did it happen?', '1', '12', '2026');
    const time = screen.getByLabelText('Time');
    await user.clear(time);
    await user.click(screen.getByRole('button', { name: 'Record it' }));
    expect(summaryLinks()).toEqual([
      ['Select what happened', '#type'],
      ['Enter the time of the event', '#occurred-time'],
    ]);
    expect(sent).toEqual([]);
    expect(await axeViolations(container)).toEqual([]);
    await user.click(screen.getByLabelText('Arrest'));
    await user.type(time, '15:00');
    await user.click(screen.getByRole('button', { name: 'Record it' }));
    expect(
      await screen.findByText(
        /Case page: Arrest recorded\. The victim must be told by .*2 December 2026.*: see Victim updates\./,
      ),
    ).toBeInTheDocument();
    expect(sent).toEqual([{ caseId: 'case-1', type: 'ARREST', occurredAt: '2026-12-01T15:00:00.000Z' }]);
  });

  it('refuses a time in the future', async () => {
    const user = userEvent.setup();
    renderPage(<RecordCriminalJusticeEventPage />, {
      route: '/cases/:id/criminal-justice',
      path: '/cases/case-1/criminal-justice',
      mocks: [caseRef],
    });
    const next = new Date(Date.now() + 3 * 86_400_000);
    await typeDate(
      user,
      'When did it happen?',
      String(next.getUTCDate()),
      String(next.getUTCMonth() + 1),
      String(next.getUTCFullYear()),
    );
    await user.click(screen.getByLabelText('Charged'));
    await user.click(screen.getByRole('button', { name: 'Record it' }));
    expect(summaryLinks()).toEqual([['The date and time of the event must be in the past', '#occurred']]);
  });

  it('words the flash without a deadline when no update was made due', () => {
    expect(cjFlash('NO_FURTHER_ACTION', [])).toBe('No further action recorded');
  });
});

describe('police action on a breach', () => {
  it('sends the action with the breach’s version and reloads it after a conflict', async () => {
    const user = userEvent.setup();
    const sent: RecordBreachOutcomeInput[] = [];
    let reloaded = 0;
    renderPage(
      <BreachOutcomeForm breach={{ id: 'b-1', version: 4 }} reload={async () => (reloaded += 1)} />,
      {
        mocks: [
          capturing(RecordBreachOutcomeDocument, sent, {}, CONFLICT),
          capturing(RecordBreachOutcomeDocument, sent, { recordBreachOutcome: { id: 'b-1', version: 5 } }),
        ],
      },
    );
    await user.click(screen.getByRole('button', { name: 'Record the police action' }));
    expect(summaryLinks()).toEqual([['Select the police action', '#action']]);
    await user.selectOptions(screen.getByLabelText('What did the police do?'), 'ARREST');
    await user.click(screen.getByRole('button', { name: 'Record the police action' }));
    await screen.findByText('Someone else changed this record while you were working on it');
    expect(reloaded).toBe(1);
    await user.click(screen.getByRole('button', { name: 'Record the police action' }));
    expect(await screen.findByText('Arrest recorded on this breach')).toBeInTheDocument();
    expect(sent.map((s) => [s.breachId, s.expectedVersion, s.action])).toEqual([
      ['b-1', 4, 'ARREST'],
      ['b-1', 4, 'ARREST'],
    ]);
    expect(reloaded).toBe(2);
  });
});
