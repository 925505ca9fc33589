/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import type { MockLink } from '@apollo/client/testing';
import {
  HomeCountsDocument,
  UrgentReviewsAwaitingMeetingDocument,
  type HomeCountsQuery,
  type HomeCountsQueryVariables,
} from '../generated/graphql';
import type { Me } from '../lib/me';
import { COORDINATOR, POLICE, renderPage } from '../testing/render-page';
import { HomePage } from './home';

/** Clinic staff who is also a partner (a chair who is a clinician). */
const CHAIR_CLINICIAN: Me = { ...COORDINATOR, userId: 'u-chair-1', roles: ['CLINIC_CHAIR', 'MH_CLINICIAN'] };

/** The counts query, answered only for exactly these variables (the @include switches). */
const countsMock = (variables: HomeCountsQueryVariables, data: HomeCountsQuery): MockLink.MockedResponse => ({
  request: { query: HomeCountsDocument, variables },
  result: { data },
});

/** Clinic staff also see their clinic's urgent reviews waiting for a meeting (none here). */
const noUrgentReviews: MockLink.MockedResponse = {
  request: { query: UrgentReviewsAwaitingMeetingDocument, variables: { clinicId: 'cl-1' } },
  result: { data: { urgentReviewsAwaitingMeeting: [] } },
};

const renderHome = (me: Me, mocks: MockLink.MockedResponse[]) =>
  renderPage(<HomePage />, { me, mocks: [...mocks, noUrgentReviews] });

/** Each link on the home page, where it goes, and the hint under it. */
const links = () =>
  screen
    .getAllByRole('link')
    .map((a) => [
      a.textContent,
      a.getAttribute('href'),
      a.parentElement?.querySelector('.govuk-hint')?.textContent,
    ]);

const PARTNER_VARIABLES = { clinicStaff: false, owner: true, referrer: true };

describe('web: the home page', () => {
  it('tells a partner how many of the agency’s referrals the clinic asked more information on', async () => {
    renderHome(POLICE, [
      countsMock(PARTNER_VARIABLES, { askedForMore: 2, overdue: [{ id: 'act-1' }], dueThisWeek: [] }),
    ]);
    expect(await screen.findByText('The clinic asked for more information on 2 referrals')).toBeVisible();
    expect(screen.getByRole('heading', { level: 1, name: 'Hello, Officer One' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Your agency’s referrals' })).toHaveAttribute(
      'href',
      '/referrals?show=waiting',
    );
    expect(links()).toEqual([
      ['Make a referral', '/referrals/new', 'Refer a case to the clinic'],
      [
        'Your agency’s referrals',
        '/referrals?show=waiting',
        'The clinic asked for more information on 2 referrals',
      ],
      ['Meetings', '/meetings', 'Agendas and your contributions'],
      ['My cases', '/cases', 'Find a case by its reference or the subject’s family name'],
      ['My agency’s actions', '/actions', '1 overdue, 0 due this week'],
      ['Victim updates', '/victim-updates', 'Updates due and overdue under the Victims’ Code'],
    ]);
  });

  it('says "referral" for one', async () => {
    renderHome(POLICE, [countsMock(PARTNER_VARIABLES, { askedForMore: 1, overdue: [], dueThisWeek: [] })]);
    expect(await screen.findByText('The clinic asked for more information on 1 referral')).toBeVisible();
  });

  it('links a partner to all the agency’s referrals when the clinic is waiting on none', async () => {
    renderHome(POLICE, [countsMock(PARTNER_VARIABLES, { askedForMore: 0, overdue: [], dueThisWeek: [] })]);
    expect(await screen.findByText('0 overdue, 0 due this week')).toBeVisible();
    expect(screen.getByRole('link', { name: 'Your agency’s referrals' })).toHaveAttribute(
      'href',
      '/referrals',
    );
    expect(screen.getByText('Referrals your agency made, and what the clinic decided')).toBeVisible();
    expect(screen.queryByText(/asked for more information/)).toBeNull();
  });

  it('shows clinic staff the referrals to screen, and no "asked for more information" link', async () => {
    renderHome(COORDINATOR, [
      countsMock({ clinicStaff: true, owner: false, referrer: false }, { waiting: 3 }),
    ]);
    expect(await screen.findByText('3 referrals to screen or decide')).toBeVisible();
    expect(await screen.findByText('No case is waiting for an urgent review.')).toBeVisible();
    expect(links()).toEqual([
      ['Referrals inbox', '/referrals', '3 referrals to screen or decide'],
      ['Clinic calendar', '/meetings', 'Schedule meetings, build and publish agendas, run meetings'],
      ['Cases', '/cases', 'Find a case by its reference or the subject’s family name'],
      ['Clinic actions', '/actions', 'Agreed actions and their due dates'],
    ]);
    expect(screen.queryByRole('link', { name: 'Your agency’s referrals' })).toBeNull();
    expect(document.querySelector('a[href="/referrals?show=waiting"]')).toBeNull();
    expect(screen.queryByText(/asked for more information/)).toBeNull();
  });

  it('does not ask for, or show, the count to clinic staff who are also partners', async () => {
    // The query is answered only if it leaves out askedForMore (referrer: false).
    renderHome(CHAIR_CLINICIAN, [
      countsMock({ clinicStaff: true, owner: false, referrer: false }, { waiting: 1 }),
    ]);
    expect(await screen.findByText('1 referral to screen or decide')).toBeVisible();
    expect(screen.getByRole('link', { name: 'Make a referral' })).toHaveAttribute('href', '/referrals/new');
    expect(screen.queryByRole('link', { name: 'Your agency’s referrals' })).toBeNull();
    expect(document.querySelector('a[href="/referrals?show=waiting"]')).toBeNull();
    expect(screen.queryByText(/asked for more information/)).toBeNull();
  });
});
