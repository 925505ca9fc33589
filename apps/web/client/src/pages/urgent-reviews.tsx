import { Link } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../generated';
import { Table, Tag } from '../components/govuk';
import { formatDateTime } from '../lib/dates';

const URGENT_REVIEWS = graphql(`
  query UrgentReviewsAwaitingMeeting($clinicId: ID!) {
    urgentReviewsAwaitingMeeting(clinicId: $clinicId) {
      id
      requestedAt
      dueBy
      overdue
      escalatedAt
      case {
        id
        reference
      }
    }
  }
`);

/**
 * The coordinator's (and chair's) list of cases flagged for an urgent review and on no meeting
 * within the urgent deadline (docs/case-lifecycle.md), soonest due first. Nothing is shown until
 * the API answers; a refusal shows nothing either.
 */
export function UrgentReviewsPanel({ clinicId, clinicName }: { clinicId: string; clinicName: string }) {
  const { data } = useQuery(URGENT_REVIEWS, { variables: { clinicId } });
  const rows = data?.urgentReviewsAwaitingMeeting;
  if (!rows) return null;
  const caption = `Urgent reviews waiting for a meeting: ${clinicName}`;
  if (rows.length === 0)
    return (
      <>
        <h2 className="govuk-heading-m">{caption}</h2>
        <p className="govuk-body">No case is waiting for an urgent review.</p>
      </>
    );
  return (
    <Table
      caption={caption}
      head={['Case', 'Asked for', 'To be on a meeting by', 'State']}
      rows={rows.map((r) => [
        r.case?.reference ? (
          <Link className="govuk-link" to={`/cases/${r.case.id}`}>
            {r.case.reference}
          </Link>
        ) : (
          'Case'
        ),
        formatDateTime(r.requestedAt),
        formatDateTime(r.dueBy),
        r.overdue ? (
          <Tag code="OVERDUE" text={r.escalatedAt ? 'Overdue: escalated to the chair' : 'Overdue'} />
        ) : (
          <Tag code="OPEN" text="Not yet listed" />
        ),
      ])}
    />
  );
}
