/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { jest } from '@jest/globals';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  CaseVictimsDocument,
  VictimLocationsDocument,
  type VictimLocationsQuery,
} from '../../generated/graphql';
import { POLICE, renderPage, summaryLinks } from '../../testing/render-page';
import { VictimLocationsPage } from './victim-locations';
import { PURPOSE_REASONS } from '@scp/contracts';
import { PURPOSE_REASON_OPTIONS } from '../../lib/purpose';

const PATH = '/cases/case-1/victims/v-1/locations';
const ROUTE = '/cases/:id/victims/:personId/locations';
const victims = {
  request: { query: CaseVictimsDocument, variables: { id: 'case-1' } },
  result: {
    data: {
      case: {
        __typename: 'Case',
        id: 'case-1',
        reference: 'NV-2026-0001',
        victims: [{ __typename: 'ProtectedPerson', id: 'v-1', alias: 'Victim A' }],
      },
    },
  },
} as MockLink.MockedResponse;

const location = {
  __typename: 'ProtectedLocation',
  id: 'loc-1',
  kind: 'HOME',
  addressLine1: '1 Synthetic Row',
  addressLine2: null,
  town: 'Testville',
  postcode: 'ZZ99 9ZZ',
  phone: null,
  email: null,
  details: null,
  current: true,
  recordedAt: '2026-11-30T10:00:00Z',
} as const;

/** The locations query answered for `purpose` (reason SAFETY_PLANNING); `asked` records each purpose sent. */
const locationsMock = (
  purpose: string,
  asked: string[],
  locations: (typeof location)[] | null,
): MockLink.MockedResponse => ({
  request: {
    query: VictimLocationsDocument,
    variables: { id: 'case-1', reason: 'SAFETY_PLANNING', purpose },
  },
  result: () => {
    asked.push(purpose);
    const data = {
      case: {
        __typename: 'Case',
        id: 'case-1',
        victims: [{ __typename: 'ProtectedPerson', id: 'v-1', alias: 'Victim A', locations }],
      },
    } as unknown as VictimLocationsQuery;
    return locations
      ? { data }
      : {
          data,
          errors: [
            {
              message: 'Forbidden',
              path: ['case', 'victims', 0, 'locations'],
              extensions: { code: 'FORBIDDEN' },
            },
          ],
        };
  },
});

const open = (mocks: MockLink.MockedResponse[]) =>
  renderPage(<VictimLocationsPage />, { me: POLICE, mocks: [victims, ...mocks], path: PATH, route: ROUTE });

describe('web: a victim’s locations, opened with a stated purpose', () => {
  it('offers the same reasons as the API', () => {
    expect(PURPOSE_REASON_OPTIONS.map((o) => [o.value, o.text])).toEqual(Object.entries(PURPOSE_REASONS));
  });

  it('asks why first and sends nothing without a reason and a sentence', async () => {
    const asked: string[] = [];
    const user = userEvent.setup({ delay: null });
    open([locationsMock('Safety visit on Friday', asked, [location])]);
    await screen.findByRole('heading', { level: 1, name: 'Locations and contact: Victim A' });
    expect(screen.queryByText('1 Synthetic Row', { exact: false })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show the locations' }));
    expect(summaryLinks()).toEqual([
      ['Choose a reason from the list', '#purpose-reason'],
      ['Enter why you need the locations', '#purpose'],
    ]);
    // A reason and one character are not a purpose either.
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Why do you need them?' }),
      'SAFETY_PLANNING',
    );
    await user.type(screen.getByRole('textbox', { name: 'Say why, in a sentence' }), 'x');
    await user.click(screen.getByRole('button', { name: 'Show the locations' }));
    expect(summaryLinks()).toEqual([['Describe why in at least a sentence (3 words or more)', '#purpose']]);
    expect(asked).toEqual([]);
  });

  it('sends the reason with the query, shows what was opened and for what, and keeps none of it in the cache', async () => {
    const asked: string[] = [];
    const user = userEvent.setup({ delay: null });
    const { cache } = open([locationsMock('Safety visit on Friday', asked, [location])]);
    await screen.findByRole('heading', { level: 1, name: 'Locations and contact: Victim A' });
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Why do you need them?' }),
      'SAFETY_PLANNING',
    );
    await user.type(
      screen.getByRole('textbox', { name: 'Say why, in a sentence' }),
      '  Safety visit  on Friday ',
    );
    await user.click(screen.getByRole('button', { name: 'Show the locations' }));
    expect(await screen.findByText('1 Synthetic Row, Testville, ZZ99 9ZZ')).toBeVisible();
    expect(
      screen.getByText('Opened for: Safety planning for the victim: Safety visit on Friday'),
    ).toBeVisible();
    expect(asked).toEqual(['Safety visit on Friday']);
    // fetchPolicy no-cache: the location is on the screen, never in Apollo's normalised cache.
    expect(JSON.stringify(cache.extract())).not.toContain('Synthetic Row');
    expect(JSON.stringify(cache.extract())).not.toContain('ProtectedLocation');
  });

  it('says so when the API refuses the locations, and shows none', async () => {
    const asked: string[] = [];
    const user = userEvent.setup({ delay: null });
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    open([locationsMock('Curious about the address', asked, null)]);
    await screen.findByRole('heading', { level: 1, name: 'Locations and contact: Victim A' });
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Why do you need them?' }),
      'SAFETY_PLANNING',
    );
    await user.type(
      screen.getByRole('textbox', { name: 'Say why, in a sentence' }),
      'Curious about the address',
    );
    await user.click(screen.getByRole('button', { name: 'Show the locations' }));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('You cannot see this victim’s locations'),
    );
    expect(asked).toEqual(['Curious about the address']);
    expect(screen.getByRole('button', { name: 'Show the locations' })).toBeVisible();
  });
});
