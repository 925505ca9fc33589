/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MockLink } from '@apollo/client/testing';
import {
  InboxDocument,
  MarkNotificationReadDocument,
  NotificationPreferencesDocument,
  SetNotificationPreferenceDocument,
  UnreadCountDocument,
  type InboxQuery,
} from '../generated/graphql';
import { axeViolations, POLICE, renderPage } from '../testing/render-page';
import { NotificationsPage } from './notifications';
import { NotificationPreferencesPage } from './notification-preferences';

type Item = InboxQuery['myNotifications']['items'][number];
const item = (id: string, createdAt: string, over: Partial<Item> = {}): Item =>
  ({
    __typename: 'Notification',
    id,
    kind: 'BREACH_RECORDED',
    title: 'A breach was recorded on a case',
    link: '/cases/c-1',
    createdAt,
    readAt: null,
    case: { __typename: 'Case', id: 'c-1', reference: 'NV-2026-0001' },
    ...over,
  }) as Item;

const now = new Date();
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000).toISOString();
const ITEMS: Item[] = [
  item('n-1', hoursAgo(0.1)),
  // A case the recipient may no longer read: the cases service gave no reference.
  item('n-2', hoursAgo(0.2), { case: { __typename: 'Case', id: 'c-9', reference: null } as Item['case'] }),
  item('n-3', hoursAgo(0.3), {
    kind: 'MEETING_INVITATION',
    title: 'You were invited to a clinic meeting',
    link: '/meetings/m-1',
    case: null,
    readAt: hoursAgo(0.1),
  }),
  item('n-4', '2026-01-05T10:00:00Z', { readAt: '2026-01-05T11:00:00Z' }),
];

const inbox = (items: Item[], unread: number): MockLink.MockedResponse => ({
  request: { query: InboxDocument, variables: { after: null, unreadOnly: false } },
  result: { data: { myNotifications: { items, nextCursor: null }, unreadNotificationCount: unread } },
});

/** The first item's own button: its name says which notification it marks. */
const MARK_FIRST = /^Mark as read\s?: Case NV-2026-0001, A breach was recorded on a case$/;

describe('web: the notifications inbox', () => {
  it('groups by day and says which case each is about, only by a reference the reader was given', async () => {
    const { container } = renderPage(<NotificationsPage />, { mocks: [inbox(ITEMS, 2)] });
    const list = await screen.findByTestId('inbox');
    const days = within(list)
      .getAllByRole('heading', { level: 2 })
      .map((h) => h.textContent);
    expect(days[days.length - 1]).toBe('Monday 5 January 2026');
    expect(days.length).toBeGreaterThanOrEqual(2);
    const rows = within(list)
      .getAllByRole('listitem')
      .map((li) => li.querySelector('.scp-inbox__about')?.textContent);
    expect(rows).toEqual(['Case NV-2026-0001', 'A case', 'A meeting', 'Case NV-2026-0001']);
    // No identical-looking rows: the unread ones can be marked read one by one.
    expect(within(list).getAllByRole('button', { name: /^Mark as read/ })).toHaveLength(2);
    expect(screen.getByRole('button', { name: MARK_FIRST })).toBeVisible();
    expect(
      screen.getByRole('link', { name: 'Choose which notifications are emailed to you' }),
    ).toHaveAttribute('href', '/notifications/preferences');
    expect(await axeViolations(container)).toEqual([]);
  });

  it('marks one notification read without leaving the page', async () => {
    const user = userEvent.setup();
    renderPage(<NotificationsPage />, {
      mocks: [
        inbox(ITEMS, 2),
        {
          request: { query: MarkNotificationReadDocument, variables: { id: 'n-1' } },
          result: {
            data: {
              markNotificationRead: { __typename: 'Notification', id: 'n-1', readAt: now.toISOString() },
            },
          },
        },
        { request: { query: UnreadCountDocument }, result: { data: { unreadNotificationCount: 1 } } },
      ],
    });
    await screen.findByTestId('inbox');
    await user.click(screen.getByRole('button', { name: MARK_FIRST }));
    await waitFor(() => expect(screen.getAllByRole('button', { name: /^Mark as read/ })).toHaveLength(1));
    expect(screen.getByRole('button', { name: /^Mark as read\s?: A case, / })).toBeVisible();
  });
});

const PREFS = [
  {
    kind: 'ACTION_DUE',
    description: 'An agreed action is due',
    email: true,
    digest: false,
    safetyCritical: false,
  },
  {
    kind: 'BREACH_RECORDED',
    description: 'A breach was recorded on a case',
    email: true,
    digest: false,
    safetyCritical: true,
  },
].map((p) => ({ __typename: 'NotificationPreference' as const, ...p }));

describe('web: email preferences', () => {
  it('saves a changed kind through setNotificationPreference; safety-critical kinds have no choice', async () => {
    const user = userEvent.setup();
    let saves = 0;
    const saved = () => {
      saves += 1;
      return { data: { setNotificationPreference: { ...PREFS[0]!, email: true, digest: true } } };
    };
    const { container } = renderPage(<NotificationPreferencesPage />, {
      me: POLICE,
      mocks: [
        {
          request: { query: NotificationPreferencesDocument },
          result: { data: { myNotificationPreferences: PREFS } },
        },
        {
          request: {
            query: SetNotificationPreferenceDocument,
            variables: { input: { kind: 'ACTION_DUE', email: true, digest: true } },
          },
          result: saved,
        },
        {
          request: { query: NotificationPreferencesDocument },
          result: { data: { myNotificationPreferences: [{ ...PREFS[0]!, digest: true }, PREFS[1]!] } },
        },
      ],
    });
    const group = await screen.findByRole('group', { name: 'An agreed action is due' });
    expect(within(group).getByRole('radio', { name: 'Email me at once' })).toBeChecked();
    expect(screen.queryByRole('group', { name: 'A breach was recorded on a case' })).toBeNull();
    expect(screen.getByText('Always emailed at once: this cannot be turned off.')).toBeVisible();
    expect(await axeViolations(container)).toEqual([]);
    await user.click(within(group).getByRole('radio', { name: 'Put it in my daily email digest' }));
    await user.click(screen.getByRole('button', { name: 'Save email preferences' }));
    expect(await screen.findByText('1 email preference saved')).toBeVisible();
    expect(saves).toBe(1);
  });

  it('shows the API’s refusal in an error summary', async () => {
    const user = userEvent.setup();
    renderPage(<NotificationPreferencesPage />, {
      mocks: [
        {
          request: { query: NotificationPreferencesDocument },
          result: { data: { myNotificationPreferences: PREFS } },
        },
        {
          request: {
            query: SetNotificationPreferenceDocument,
            variables: { input: { kind: 'ACTION_DUE', email: false, digest: false } },
          },
          result: {
            errors: [
              {
                message: 'Safety-critical notifications are always emailed at once',
                extensions: { code: 'BAD_USER_INPUT', field: 'email' },
              },
            ],
          },
        },
      ],
    });
    const group = await screen.findByRole('group', { name: 'An agreed action is due' });
    await user.click(within(group).getByRole('radio', { name: /Do not email me/ }));
    await user.click(screen.getByRole('button', { name: 'Save email preferences' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Safety-critical notifications are always emailed at once');
  });
});
