import { useMemo } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../generated';
import { abilities, type Me } from '../lib/me';
import { londonToday } from '../lib/dates';

/**
 * Each role's own work, counted by the queries its lists use: the API scopes every one of them
 * (a count is a side channel, so nothing here counts what the role may not read).
 */
export const HOME_WORK = graphql(`
  query HomeWork($owner: Boolean!, $clinicStaff: Boolean!, $referrer: Boolean!, $reviewBefore: String!) {
    overdueActions: myAgencyActions(view: OVERDUE) @include(if: $owner) {
      id
    }
    actionsDueThisWeek: myAgencyActions(view: DUE_THIS_WEEK) @include(if: $owner) {
      id
    }
    askedForMore: referralsCount(filter: { status: [MORE_INFO_REQUESTED] }) @include(if: $referrer)
    toScreen: referralsCount(filter: { status: [SUBMITTED, SCREENING] }) @include(if: $clinicStaff)
    reviewsDue: casesCount(
      filter: {
        status: [LISTED, ACTIVE, MONITORING, CONSULTATION, ESCALATED]
        nextReviewBefore: $reviewBefore
      }
    ) @include(if: $clinicStaff)
  }
`);

/** The rest, in a second operation: the gateway allows at most five directives in one. */
export const HOME_WORK_MORE = graphql(`
  query HomeWorkMore(
    $partner: Boolean!
    $victimUpdates: Boolean!
    $auditor: Boolean!
    $now: DateTime!
    $since: String!
  ) {
    upcoming: meetings(from: $now, first: 5) @include(if: $partner) {
      id
      title
      startsAt
      status
      myAttendance {
        id
      }
      agenda {
        id
        ... on AgendaItem {
          contributionStatus {
            agencyId
            submitted
          }
        }
      }
    }
    updatesDue: victimUpdatesDue(first: 100) @include(if: $victimUpdates) {
      edges {
        cursor
      }
      pageInfo {
        hasNextPage
      }
    }
    updatesOverdue: victimUpdatesOverdue(first: 100) @include(if: $victimUpdates) {
      edges {
        cursor
      }
      pageInfo {
        hasNextPage
      }
    }
    breakGlass: auditEvents(filter: { action: "BREAK_GLASS", since: $since }, first: 100)
      @include(if: $auditor) {
      nodes {
        id
      }
      hasNextPage
    }
  }
`);

export interface WorkItem {
  to: string;
  count: string;
  text: string;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const countOf = (n: number, more = false) => `${n}${more ? '+' : ''}`;

/** The calendar date a week from today (London), the end of "due this week" for reviews. */
function weekAhead(): string {
  const today = new Date(`${londonToday()}T12:00:00Z`);
  return new Date(today.getTime() + 7 * 86400_000).toISOString().slice(0, 10);
}

/** The queries' switches and dates for a role; fixed for the page's life. */
export function workVariables(me: Me) {
  const can = abilities(me);
  const now = new Date();
  return {
    work: {
      owner: can.ownsActions,
      clinicStaff: can.clinicStaff,
      referrer: can.partner && !can.clinicStaff,
      reviewBefore: weekAhead(),
    },
    more: {
      partner: can.partner,
      victimUpdates: can.victimUpdates,
      auditor: can.auditor,
      now: now.toISOString(),
      since: new Date(now.getTime() - 30 * 86400_000).toISOString(),
    },
  };
}

const anyOn = (v: Record<string, unknown>) => Object.values(v).some((x) => x === true);

/** The role's work as counted links; only what the role's queries answered. */
export interface HomeWorkResult {
  items: WorkItem[];
  loaded: boolean;
  skipped: boolean;
  askedForMore?: number | null;
}

export function useHomeWork(me: Me): HomeWorkResult {
  const variables = useMemo(() => workVariables(me), [me]);
  const skipWork = !anyOn(variables.work);
  const skipMore = !anyOn(variables.more);
  const work = useQuery(HOME_WORK, { variables: variables.work, skip: skipWork });
  const more = useQuery(HOME_WORK_MORE, { variables: variables.more, skip: skipMore });
  const skipped = skipWork && skipMore;
  const items: WorkItem[] = [];
  if ((!skipWork && !work.data) || (!skipMore && !more.data)) return { items, loaded: false, skipped };
  const data = { ...work.data, ...more.data };
  if (data.overdueActions)
    items.push({
      to: '/actions?view=OVERDUE',
      count: countOf(data.overdueActions.length),
      text: plural(data.overdueActions.length, 'overdue action', 'overdue actions'),
    });
  if (data.actionsDueThisWeek)
    items.push({
      to: '/actions?view=DUE_THIS_WEEK',
      count: countOf(data.actionsDueThisWeek.length),
      text: plural(data.actionsDueThisWeek.length, 'action due this week', 'actions due this week'),
    });
  if (data.upcoming) {
    // Contributions of this agency not yet submitted, on meetings the user is invited to.
    const invited = data.upcoming.filter((m) => m.myAttendance && m.status !== 'CANCELLED');
    for (const m of invited) {
      const due = m.agenda.filter(
        (a) =>
          'contributionStatus' in a &&
          a.contributionStatus?.some((s) => s.agencyId === me.agency.id && !s.submitted),
      ).length;
      if (due > 0)
        items.push({
          to: `/meetings/${m.id}`,
          count: countOf(due),
          text: `${plural(due, 'contribution', 'contributions')} due for ${m.title}`,
        });
    }
    if (!items.some((i) => i.to.startsWith('/meetings/')))
      items.push({ to: '/meetings', count: '0', text: 'contributions due before your next meetings' });
  }
  if (data.toScreen != null)
    items.push({
      to: '/referrals',
      count: countOf(data.toScreen),
      text: plural(data.toScreen, 'referral to screen or decide', 'referrals to screen or decide'),
    });
  if (data.reviewsDue != null)
    items.push({
      to: '/cases',
      count: countOf(data.reviewsDue),
      text: plural(data.reviewsDue, 'case review due within a week', 'case reviews due within a week'),
    });
  if (data.updatesOverdue)
    items.push({
      to: '/victim-updates',
      count: countOf(data.updatesOverdue.edges.length, data.updatesOverdue.pageInfo.hasNextPage),
      text: plural(data.updatesOverdue.edges.length, 'victim update overdue', 'victim updates overdue'),
    });
  if (data.updatesDue)
    items.push({
      to: '/victim-updates',
      count: countOf(data.updatesDue.edges.length, data.updatesDue.pageInfo.hasNextPage),
      text: plural(data.updatesDue.edges.length, 'victim update due', 'victim updates due'),
    });
  if (data.breakGlass)
    items.push({
      to: '/audit?action=BREAK_GLASS',
      count: countOf(data.breakGlass.nodes.length, data.breakGlass.hasNextPage),
      text: `break-glass ${plural(data.breakGlass.nodes.length, 'opening', 'openings')} to review (last 30 days)`,
    });
  return { items, loaded: true, skipped, askedForMore: data.askedForMore };
}

/** "Your work": one line per count, the number first and large, each a link to its list. */
export function HomeWork({ work: { items, loaded, skipped } }: { work: HomeWorkResult }) {
  if (skipped) return null;
  return (
    <section aria-labelledby="your-work">
      <h2 className="govuk-heading-m" id="your-work">
        Your work
      </h2>
      {!loaded ? (
        <p className="govuk-body">Counting your work…</p>
      ) : (
        <ul className="govuk-list scp-work" data-testid="your-work">
          {items.map((i) => (
            <li key={i.to + i.text} className="scp-work__item">
              <Link className="govuk-link govuk-link--no-visited-state scp-work__link" to={i.to}>
                <span className="scp-work__count">{i.count}</span> {i.text}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
