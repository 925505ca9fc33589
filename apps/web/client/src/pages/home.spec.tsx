/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen, within } from '@testing-library/react';
import type { MockLink } from '@apollo/client/testing';
import {
  HomeWorkDocument,
  HomeWorkMoreDocument,
  MyBreachApprovalsDocument,
  UrgentReviewsAwaitingMeetingDocument,
  type HomeWorkMoreQuery,
  type HomeWorkMoreQueryVariables,
  type HomeWorkQuery,
  type HomeWorkQueryVariables,
} from '../generated/graphql';
import type { Me } from '../lib/me';
import { ADVOCATE, CHAIR, COORDINATOR, POLICE, renderPage } from '../testing/render-page';
import { HomePage } from './home';

/** Clinic staff who is also a partner (a chair who is a clinician). */
const CHAIR_CLINICIAN: Me = { ...COORDINATOR, userId: 'u-chair-1', roles: ['CLINIC_CHAIR', 'MH_CLINICIAN'] };
const DPO: Me = { ...POLICE, userId: 'u-dpo-1', displayName: 'Data Officer', roles: ['AUDITOR_DPO'] };
const ADMIN: Me = { ...POLICE, userId: 'u-admin-1', displayName: 'Admin One', roles: ['SYSTEM_ADMIN'] };

interface Switches {
  owner: boolean;
  clinicStaff: boolean;
  referrer: boolean;
  partner: boolean;
  victimUpdates: boolean;
  auditor: boolean;
}
type Work = HomeWorkQuery & HomeWorkMoreQuery;

const matches = (switches: Partial<Switches>, v: Record<string, unknown>) =>
  Object.entries(switches).every(([k, want]) => v[k] === want);

/**
 * The two work queries (the gateway allows five directives an operation), each answered only
 * when the role switches are exactly these (the dates vary); a query with every switch off is
 * never sent, so it has no answer here.
 */
const workMock = (switches: Switches, data: Work): MockLink.MockedResponse[] => {
  const { owner, clinicStaff, referrer, partner, victimUpdates, auditor } = switches;
  const { upcoming, updatesDue, updatesOverdue, breakGlass, ...first } = data;
  const mocks: MockLink.MockedResponse[] = [];
  if (owner || clinicStaff || referrer)
    mocks.push({
      request: {
        query: HomeWorkDocument,
        variables: (v: HomeWorkQueryVariables) =>
          matches({ owner, clinicStaff, referrer }, v) && /^\d{4}-\d\d-\d\d$/.test(v.reviewBefore),
      },
      result: { data: first },
    });
  if (partner || victimUpdates || auditor)
    mocks.push({
      request: {
        query: HomeWorkMoreDocument,
        variables: (v: HomeWorkMoreQueryVariables) => matches({ partner, victimUpdates, auditor }, v),
      },
      result: { data: { upcoming, updatesDue, updatesOverdue, breakGlass } },
    });
  return mocks;
};

/** Clinic staff also see their clinic's urgent reviews waiting for a meeting (none here). */
const noUrgentReviews: MockLink.MockedResponse = {
  request: { query: UrgentReviewsAwaitingMeetingDocument, variables: { clinicId: 'cl-1' } },
  result: { data: { urgentReviewsAwaitingMeeting: [] } },
};

/** Police also see breaches waiting for their decision as supervisor (none here). */
const noApprovals: MockLink.MockedResponse = {
  request: { query: MyBreachApprovalsDocument },
  result: { data: { myBreachApprovals: [] } },
};

const renderHome = (me: Me, mocks: MockLink.MockedResponse[]) =>
  renderPage(<HomePage />, { me, mocks: [...mocks, noUrgentReviews, noApprovals] });

/** The "Your work" lines: text and where each goes. */
async function work() {
  const list = await screen.findByTestId('your-work');
  return within(list)
    .getAllByRole('link')
    .map((a) => [a.textContent, a.getAttribute('href')]);
}

/** Each link under "Go to", where it goes, and the hint under it. */
const links = () =>
  screen
    .getAllByRole('link')
    .filter((a) => a.parentElement?.querySelector('.govuk-hint'))
    .map((a) => [
      a.textContent,
      a.getAttribute('href'),
      a.parentElement?.querySelector('.govuk-hint')?.textContent,
    ]);

const POLICE_SWITCHES: Switches = {
  owner: true,
  clinicStaff: false,
  referrer: true,
  partner: true,
  victimUpdates: true,
  auditor: false,
};
const page = (n: number, more = false) => ({
  edges: Array.from({ length: n }, (_, i) => ({ cursor: `c${i}` })),
  pageInfo: { hasNextPage: more },
});
/** Agenda entries carry their __typename (the cache matches the AgendaItem fragment by it). */
const upcoming = (agencyId: string) =>
  [
    {
      id: 'm-1',
      title: 'North clinic, 10 December',
      startsAt: '2026-12-10T10:00:00Z',
      status: 'AGENDA_PUBLISHED',
      myAttendance: { id: 'att-1' },
      agenda: [
        {
          __typename: 'AgendaItem',
          id: 'ai-1',
          contributionStatus: [
            { agencyId, submitted: false },
            { agencyId: 'ag-other', submitted: false },
          ],
        },
        { __typename: 'AgendaItem', id: 'ai-2', contributionStatus: [{ agencyId, submitted: true }] },
        { __typename: 'RestrictedAgendaItem', id: 'ai-3' },
        { __typename: 'AgendaItem', id: 'ai-4', contributionStatus: [{ agencyId, submitted: false }] },
      ],
    },
    {
      // Not invited: the agency's items there are not this user's to contribute to.
      id: 'm-2',
      title: 'South clinic, 11 December',
      startsAt: '2026-12-11T10:00:00Z',
      status: 'AGENDA_PUBLISHED',
      myAttendance: null,
      agenda: [
        { __typename: 'AgendaItem', id: 'ai-9', contributionStatus: [{ agencyId, submitted: false }] },
      ],
    },
  ] as unknown as NonNullable<HomeWorkMoreQuery['upcoming']>;

describe('web: the home page', () => {
  it('shows a police SPOC their actions, contributions and victim updates, with links', async () => {
    renderHome(POLICE, [
      ...workMock(POLICE_SWITCHES, {
        askedForMore: 2,
        overdueActions: [{ id: 'act-1' }],
        actionsDueThisWeek: [{ id: 'act-2' }, { id: 'act-3' }],
        upcoming: upcoming('ag-police'),
        updatesDue: page(3),
        updatesOverdue: page(100, true),
      }),
    ]);
    expect(await work()).toEqual([
      ['1 overdue action', '/actions?view=OVERDUE'],
      ['2 actions due this week', '/actions?view=DUE_THIS_WEEK'],
      ['2 contributions due for North clinic, 10 December', '/meetings/m-1'],
      ['100+ victim updates overdue', '/victim-updates'],
      ['3 victim updates due', '/victim-updates'],
    ]);
    expect(screen.getByRole('heading', { level: 1, name: 'Hello, Officer One' })).toBeVisible();
    expect(links()).toEqual([
      ['Make a referral', '/referrals/new', 'Refer a case to the clinic'],
      [
        'Your agency’s referrals',
        '/referrals?show=waiting',
        'The clinic asked for more information on 2 referrals',
      ],
      ['Meetings', '/meetings', 'Agendas and your contributions'],
      ['My cases', '/cases', 'Find a case by its reference or the subject’s family name'],
      ['My agency’s actions', '/actions', 'Agreed actions and their due dates'],
      ['Victim updates', '/victim-updates', 'Updates due and overdue under the Victims’ Code'],
    ]);
  });

  it('says "referral" for one, and "0 contributions" when every one is in', async () => {
    renderHome(POLICE, [
      ...workMock(POLICE_SWITCHES, {
        askedForMore: 1,
        overdueActions: [],
        actionsDueThisWeek: [],
        upcoming: upcoming('ag-elsewhere'),
        updatesDue: page(1),
        updatesOverdue: page(0),
      }),
    ]);
    expect(await screen.findByText('The clinic asked for more information on 1 referral')).toBeVisible();
    expect(await work()).toEqual([
      ['0 overdue actions', '/actions?view=OVERDUE'],
      ['0 actions due this week', '/actions?view=DUE_THIS_WEEK'],
      ['0 contributions due before your next meetings', '/meetings'],
      ['0 victim updates overdue', '/victim-updates'],
      ['1 victim update due', '/victim-updates'],
    ]);
  });

  it('links a partner to all the agency’s referrals when the clinic is waiting on none', async () => {
    renderHome(ADVOCATE, [
      ...workMock(POLICE_SWITCHES, {
        askedForMore: 0,
        overdueActions: [],
        actionsDueThisWeek: [],
        upcoming: [],
        updatesDue: page(0),
        updatesOverdue: page(0),
      }),
    ]);
    await work();
    expect(screen.getByRole('link', { name: 'Your agency’s referrals' })).toHaveAttribute(
      'href',
      '/referrals',
    );
    expect(screen.getByText('Referrals your agency made, and what the clinic decided')).toBeVisible();
    expect(screen.queryByText(/asked for more information/)).toBeNull();
  });

  it('shows the coordinator referrals to screen and reviews due, and no "asked for more" link', async () => {
    renderHome(COORDINATOR, [
      ...workMock(
        {
          owner: false,
          clinicStaff: true,
          referrer: false,
          partner: false,
          victimUpdates: false,
          auditor: false,
        },
        { toScreen: 3, reviewsDue: 1 },
      ),
    ]);
    expect(await work()).toEqual([
      ['3 referrals to screen or decide', '/referrals'],
      ['1 case review due within a week', '/cases'],
    ]);
    expect(await screen.findByText('No case is waiting for an urgent review.')).toBeVisible();
    expect(links()).toEqual([
      ['Referrals inbox', '/referrals', 'Screen referrals, ask for more information, accept or decline'],
      ['Clinic calendar', '/meetings', 'Schedule meetings, build and publish agendas, run meetings'],
      ['Cases', '/cases', 'Find a case by its reference or the subject’s family name'],
      ['Clinic actions', '/actions', 'Agreed actions and their due dates'],
    ]);
    expect(document.querySelector('a[href="/referrals?show=waiting"]')).toBeNull();
  });

  it('shows the chair their actions, reviews due and victim updates', async () => {
    renderHome(CHAIR, [
      ...workMock(
        {
          owner: true,
          clinicStaff: true,
          referrer: false,
          partner: false,
          victimUpdates: true,
          auditor: false,
        },
        {
          overdueActions: [],
          actionsDueThisWeek: [{ id: 'a' }],
          toScreen: 0,
          reviewsDue: 4,
          updatesDue: page(0),
          updatesOverdue: page(2),
        },
      ),
    ]);
    expect(await work()).toEqual([
      ['0 overdue actions', '/actions?view=OVERDUE'],
      ['1 action due this week', '/actions?view=DUE_THIS_WEEK'],
      ['0 referrals to screen or decide', '/referrals'],
      ['4 case reviews due within a week', '/cases'],
      ['2 victim updates overdue', '/victim-updates'],
      ['0 victim updates due', '/victim-updates'],
    ]);
  });

  it('does not ask for the "asked for more" count for clinic staff who are also partners', async () => {
    // The query is answered only with referrer: false (askedForMore left out).
    renderHome(CHAIR_CLINICIAN, [
      ...workMock(
        {
          owner: true,
          clinicStaff: true,
          referrer: false,
          partner: true,
          victimUpdates: true,
          auditor: false,
        },
        {
          overdueActions: [],
          actionsDueThisWeek: [],
          toScreen: 1,
          reviewsDue: 0,
          upcoming: [],
          updatesDue: page(0),
          updatesOverdue: page(0),
        },
      ),
    ]);
    expect(await work()).toContainEqual(['1 referral to screen or decide', '/referrals']);
    expect(screen.getByRole('link', { name: 'Make a referral' })).toHaveAttribute('href', '/referrals/new');
    expect(screen.queryByRole('link', { name: 'Your agency’s referrals' })).toBeNull();
    expect(screen.queryByText(/asked for more information/)).toBeNull();
  });

  it('shows the DPO the break-glass openings of the last 30 days to review', async () => {
    renderHome(DPO, [
      ...workMock(
        {
          owner: false,
          clinicStaff: false,
          referrer: false,
          partner: false,
          victimUpdates: false,
          auditor: true,
        },
        { breakGlass: { nodes: [{ id: 'e1' }, { id: 'e2' }], hasNextPage: false } },
      ),
    ]);
    expect(await work()).toEqual([
      ['2 break-glass openings to review (last 30 days)', '/audit?action=BREAK_GLASS'],
    ]);
    expect(screen.queryByRole('link', { name: /overdue/ })).toBeNull();
  });

  it('asks nothing for a system administrator, who has no casework', async () => {
    renderHome(ADMIN, []);
    expect(screen.queryByRole('heading', { name: 'Your work' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Administration' })).toHaveAttribute('href', '/admin');
  });
});
