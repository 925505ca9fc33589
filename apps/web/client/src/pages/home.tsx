import { Link } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../generated';
import { Page } from '../components/page';
import { abilities, useMe } from '../lib/me';
import { formatDateTime } from '../lib/dates';
import { label } from '../lib/labels';
import { UrgentReviewsPanel } from './urgent-reviews';
import { HomeWork, useHomeWork } from './home-work';

const MY_BREACH_APPROVALS = graphql(`
  query MyBreachApprovals {
    myBreachApprovals {
      id
      caseId
      caseReference
      occurredAt
      type
    }
  }
`);

export function HomePage() {
  const me = useMe();
  const can = abilities(me);
  const work = useHomeWork(me);
  // Breaches whose reason for no crime record waits for this officer's decision as supervisor.
  const approvals = useQuery(MY_BREACH_APPROVALS, { skip: !can.police }).data?.myBreachApprovals ?? [];
  const links: { to: string; text: string; hint: string }[] = [];
  if (can.clinicStaff) {
    links.push({
      to: '/referrals',
      text: 'Referrals inbox',
      hint: 'Screen referrals, ask for more information, accept or decline',
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
        to: work.askedForMore ? '/referrals?show=waiting' : '/referrals',
        text: 'Your agency’s referrals',
        hint: work.askedForMore
          ? `The clinic asked for more information on ${work.askedForMore} referral${work.askedForMore === 1 ? '' : 's'}`
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
      hint: 'Agreed actions and their due dates',
    });
  if (can.victimUpdates)
    links.push({
      to: '/victim-updates',
      text: 'Victim updates',
      hint: 'Updates due and overdue under the Victims’ Code',
    });
  if (can.auditor) {
    links.push({
      to: '/audit?action=ACCESS_DENIED',
      text: 'Refused access',
      hint: 'Attempts to read or record data a role may not, in your agency’s audit log',
    });
    links.push({
      to: '/audit',
      text: 'Audit log',
      hint: 'Every read, change, export, disclosure, break-glass and sign-in of your agency’s users and data',
    });
    links.push({
      to: '/audit/break-glass',
      text: 'Open a case by break-glass',
      hint: 'For an audit, a complaint or a review; the case’s lead agency is told',
    });
  }
  if (can.admin)
    links.push({ to: '/admin', text: 'Administration', hint: 'Agencies, clinics, users and roles' });
  return (
    <Page title={`Hello, ${me.displayName}`} caption={me.agency.name}>
      {links.length === 0 && (
        <p className="govuk-body">There is nothing for your role to do in this service.</p>
      )}
      {approvals.length > 0 && (
        <div className="govuk-inset-text">
          <h2 className="govuk-heading-s">Breaches waiting for your decision as supervisor</h2>
          <ul className="govuk-list">
            {approvals.map((a) => (
              <li key={a.id}>
                <Link className="govuk-link" to={`/cases/${a.caseId}/breaches/${a.id}`}>
                  {a.caseReference ?? 'Case'}: {label(a.type)} breach on {formatDateTime(a.occurredAt)}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
      <HomeWork work={work} />
      <h2 className="govuk-heading-m">Go to</h2>
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
