/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  ReferralToChangeDocument,
  UpdateReferralDocument,
  WithdrawReferralDocument,
  type ReferralToChangeQuery,
} from '../../generated/graphql';
import {
  axeViolations,
  CHAIR,
  mutationMock,
  POLICE,
  renderPage,
  summaryLinks,
} from '../../testing/render-page';
import { ChangeReferralPage, referrerMoves, WithdrawReferralPage } from './change-referral';

const referral = (status: string): ReferralToChangeQuery =>
  ({
    referral: {
      __typename: 'Referral',
      id: 'ref-1',
      reference: 'R-0001',
      referrerAgencyId: 'ag-police',
      status,
      version: 3,
      urgency: 'ROUTINE',
      reason: 'Repeated unwanted contact after the relationship ended',
      behaviours: ['UNWANTED_CONTACT'],
      crimeReferences: ['CR/1/26'],
      sharingBasis: 'CONSENT',
      basisRationale: null,
      subject: { __typename: 'ReferralSubject', givenName: 'Sam', familyName: 'Subject' },
      victim: {
        __typename: 'ReferralVictim',
        givenName: 'Vic',
        familyName: 'Tim',
        relationshipToSubject: 'Former partner',
      },
    },
  }) as unknown as ReferralToChangeQuery;

const referralMock = (status: string, reads = { n: 0 }): MockLink.MockedResponse => ({
  request: { query: ReferralToChangeDocument, variables: { id: 'ref-1' } },
  result: () => {
    reads.n += 1;
    return { data: referral(status) };
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
});

const at = (page: React.ReactElement, sub: string, mocks: MockLink.MockedResponse[], me = POLICE) =>
  renderPage(page, { me, mocks, route: `/referrals/:id/${sub}`, path: `/referrals/ref-1/${sub}` });

describe('web: the referrer changes or withdraws a referral', () => {
  it('offers the moves only to the referring agency, in the statuses the API allows', () => {
    const r = (status: string, referrerAgencyId = 'ag-police') => ({ referrerAgencyId, status });
    expect(referrerMoves(r('DRAFT'), 'ag-police')).toEqual({ change: true, withdraw: true });
    expect(referrerMoves(r('MORE_INFO_REQUESTED'), 'ag-police')).toEqual({ change: true, withdraw: true });
    expect(referrerMoves(r('SUBMITTED'), 'ag-police')).toEqual({ change: false, withdraw: true });
    expect(referrerMoves(r('ACCEPTED'), 'ag-police')).toEqual({ change: false, withdraw: false });
    expect(referrerMoves(r('DRAFT'), 'ag-health')).toEqual({ change: false, withdraw: false });
  });

  it('sends only what changed, at the version read, and shows the conflict with the latest version', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    const reads = { n: 0 };
    const { container } = at(<ChangeReferralPage />, 'change', [
      referralMock('MORE_INFO_REQUESTED', reads),
      mutationMock(UpdateReferralDocument, 'updateReferral', sent, [
        { message: 'Conflict', extensions: { code: 'CONFLICT' } },
      ]),
    ]);
    await screen.findByRole('heading', { level: 1, name: 'Change the referral' });
    expect(await axeViolations(container)).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Save the changes' }));
    expect(screen.getByRole('alert')).toHaveTextContent('You have not changed anything');
    expect(sent).toEqual([]);
    await user.click(screen.getByRole('radio', { name: 'Statutory gateway' }));
    await user.click(screen.getByRole('button', { name: 'Save the changes' }));
    expect(summaryLinks()).toEqual([['Enter why information is shared without consent', '#rationale']]);
    await user.type(
      screen.getByRole('textbox', { name: /shared without consent/ }),
      'Crime and Disorder Act s115',
    );
    await user.type(screen.getByRole('textbox', { name: 'Crime references (optional)' }), ', CR/2/26');
    await user.click(screen.getByRole('button', { name: 'Save the changes' }));
    await screen.findByText(/Someone else changed this referral/);
    expect(sent).toEqual([
      {
        id: 'ref-1',
        expectedVersion: 3,
        crimeReferences: ['CR/1/26', 'CR/2/26'],
        sharingBasis: 'STATUTORY_GATEWAY',
        basisRationale: 'Crime and Disorder Act s115',
      },
    ]);
    await waitFor(() => expect(reads.n).toBe(2));
    // The latest version is shown, without the edits that lost the race.
    expect(screen.getByRole('textbox', { name: 'Crime references (optional)' })).toHaveValue('CR/1/26');
  });

  it('does not offer the change to a screening referral or to the clinic', async () => {
    at(<ChangeReferralPage />, 'change', [referralMock('SCREENING')]);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'You cannot change this referral' }),
    ).toBeVisible();
  });

  it('withdraws with a reason', async () => {
    const user = userEvent.setup();
    const sent: Record<string, unknown>[] = [];
    at(<WithdrawReferralPage />, 'withdraw', [
      referralMock('SUBMITTED'),
      mutationMock(WithdrawReferralDocument, 'withdrawReferral', sent, {
        __typename: 'Referral',
        id: 'ref-1',
        status: 'WITHDRAWN',
        version: 4,
        decisionReason: 'Victim moved away',
      }),
    ]);
    await user.click(await screen.findByRole('button', { name: 'Withdraw the referral' }));
    expect(summaryLinks()).toEqual([['Enter why you are withdrawing the referral', '#withdraw-reason']]);
    await user.type(
      screen.getByRole('textbox', { name: 'Why are you withdrawing it?' }),
      'Victim moved away',
    );
    await user.click(screen.getByRole('button', { name: 'Withdraw the referral' }));
    await waitFor(() =>
      expect(sent).toEqual([{ id: 'ref-1', expectedVersion: 3, reason: 'Victim moved away' }]),
    );
  });

  it('tells clinic staff they cannot withdraw another agency’s referral', async () => {
    at(<WithdrawReferralPage />, 'withdraw', [referralMock('SUBMITTED')], {
      ...CHAIR,
      agency: { id: 'ag-health', name: 'Health trust A', type: 'HEALTH' },
    });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'You cannot withdraw this referral' }),
    ).toBeVisible();
  });
});
