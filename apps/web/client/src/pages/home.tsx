import { Link } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../generated';
import { Page } from '../components/page';
import { abilities, useMe } from '../lib/me';
import { UrgentReviewsPanel } from './urgent-reviews';

const HOME_COUNTS = graphql(`
  query HomeCounts($clinicStaff: Boolean!, $owner: Boolean!, $referrer: Boolean!) {
    waiting: referralsCount(filter: { status: [SUBMITTED, SCREENING] }) @include(if: $clinicStaff)
    askedForMore: referralsCount(filter: { status: [MORE_INFO_REQUESTED] }) @include(if: $referrer)
    overdue: myAgencyActions(view: OVERDUE) @include(if: $owner) {
      id
    }
    dueThisWeek: myAgencyActions(view: DUE_THIS_WEEK) @include(if: $owner) {
      id
    }
  }
`);

export function HomePage() {
  const me = useMe();
  const can = abilities(me);
  const { data } = useQuery(HOME_COUNTS, {
    variables: {
      clinicStaff: can.clinicStaff,
      owner: can.ownsActions && !can.clinicStaff,
      referrer: can.partner && !can.clinicStaff,
    },
    skip: can.admin && !can.seesCases,
  });
  const links: { to: string; text: string; hint: string }[] = [];
  if (can.clinicStaff) {
    links.push({
      to: '/referrals',
      text: 'Referrals inbox',
      hint:
        data?.waiting != null
          ? `${data.waiting} referral${data.waiting === 1 ? '' : 's'} to screen or decide`
          : 'Screen referrals, ask for more information, accept or decline',
    });
    links.push({
      to: '/meetings',
      text: 'Clinic calendar',
      hint: 'Schedule meetings, build and publish agendas, run meetings',
    });
  }
  if (can.partner) {
    links.push({ to: '/referrals/new', text: 'Make a referral', hint: 'Refer a case to the clinic' });
    if (!can.clinicStaff)
      links.push({
        to: data?.askedForMore ? '/referrals?show=waiting' : '/referrals',
        text: 'Your agency’s referrals',
        hint: data?.askedForMore
          ? `The clinic asked for more information on ${data.askedForMore} referral${data.askedForMore === 1 ? '' : 's'}`
          : 'Referrals your agency made, and what the clinic decided',
      });
    if (!can.clinicStaff)
      links.push({ to: '/meetings', text: 'Meetings', hint: 'Agendas and your contributions' });
  }
  if (can.seesCases)
    links.push({
      to: '/cases',
      text: can.clinicStaff ? 'Cases' : 'My cases',
      hint: 'Find a case by its reference or the subject’s family name',
    });
  if (can.ownsActions || can.coordinator)
    links.push({
      to: '/actions',
      text: can.clinicStaff ? 'Clinic actions' : 'My agency’s actions',
      hint:
        data?.overdue && data.dueThisWeek
          ? `${data.overdue.length} overdue, ${data.dueThisWeek.length} due this week`
          : 'Agreed actions and their due dates',
    });
  if (can.victimUpdates)
    links.push({
      to: '/victim-updates',
      text: 'Victim updates',
      hint: 'Updates due and overdue under the Victims’ Code',
    });
  if (can.admin)
    links.push({ to: '/admin', text: 'Administration', hint: 'Agencies, clinics, users and roles' });
  return (
    <Page title={`Hello, ${me.displayName}`} caption={me.agency.name}>
      {links.length === 0 && (
        <p className="govuk-body">There is nothing for your role to do in this service.</p>
      )}
      <ul className="govuk-list govuk-list--spaced">
        {links.map((l) => (
          <li key={l.to + l.text}>
            <Link className="govuk-link govuk-link--no-visited-state govuk-!-font-weight-bold" to={l.to}>
              {l.text}
            </Link>
            <br />
            <span className="govuk-hint">{l.hint}</span>
          </li>
        ))}
      </ul>
      {can.clinicStaff &&
        me.clinics.map((c) => <UrgentReviewsPanel key={c.id} clinicId={c.id} clinicName={c.name} />)}
    </Page>
  );
}
