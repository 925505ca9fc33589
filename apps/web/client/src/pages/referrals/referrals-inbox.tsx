import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { ReferralStatus } from '../../generated/graphql';
import { Empty, Loading, Pager, Table, Tag } from '../../components/govuk';
import { WidePage } from '../../components/page';
import { formatDateTime } from '../../lib/dates';
import { abilities, useMe } from '../../lib/me';

const REFERRALS = graphql(`
  query Referrals($filter: ReferralFilter, $after: String) {
    referrals(filter: $filter, first: 20, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
      edges {
        node {
          id
          reference
          status
          urgency
          overdue
          submittedAt
          screeningDueAt
          subject {
            familyName
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const VIEWS: { id: string; text: string; status: ReferralStatus[] }[] = [
  { id: 'screen', text: 'To screen', status: ['SUBMITTED', 'SCREENING'] },
  { id: 'waiting', text: 'Waiting for information', status: ['MORE_INFO_REQUESTED'] },
  { id: 'decided', text: 'Decided', status: ['ACCEPTED', 'DECLINED', 'WITHDRAWN'] },
  { id: 'drafts', text: 'Drafts', status: ['DRAFT'] },
];

/** The referrals inbox (clinic staff), or a partner's own referrals. */
export function ReferralsInboxPage() {
  const me = useMe();
  const can = abilities(me);
  const [params, setParams] = useSearchParams();
  const view = VIEWS.find((v) => v.id === params.get('show')) ?? VIEWS[0]!;
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const { data, loading } = useQuery(REFERRALS, { variables: { filter: { status: view.status }, after } });
  const edges = data?.referrals.edges ?? [];
  return (
    <WidePage title={can.clinicStaff ? 'Referrals inbox' : 'Your agency’s referrals'}>
      <nav aria-label="Which referrals" className="govuk-!-margin-bottom-4">
        <ul className="govuk-list scp-tabs">
          {VIEWS.filter((v) => can.clinicStaff || v.id !== 'drafts' || can.partner).map((v) => (
            <li key={v.id} className="scp-inline-form">
              {v.id === view.id ? (
                <strong aria-current="page">{v.text}</strong>
              ) : (
                <Link
                  className="govuk-link"
                  to={`?show=${v.id}`}
                  onClick={() => {
                    setCursors([null]);
                    setParams({ show: v.id });
                  }}
                >
                  {v.text}
                </Link>
              )}
            </li>
          ))}
        </ul>
      </nav>
      {loading && !data ? (
        <Loading what="referrals" />
      ) : edges.length === 0 ? (
        <Empty>There are no referrals here.</Empty>
      ) : (
        <Table
          caption={view.text}
          head={['Reference', 'Subject', 'Received', 'Urgency', 'Status']}
          rows={edges.map(({ node: r }) => [
            <Link className="govuk-link" to={`/referrals/${r.id}`} key={r.id}>
              {r.reference}
            </Link>,
            r.subject?.familyName ?? '',
            r.submittedAt ? formatDateTime(r.submittedAt) : 'Not sent',
            <Tag code={r.urgency} key="u" />,
            <>
              <Tag code={r.status} />
              {r.overdue && (
                <>
                  {' '}
                  <Tag code="OVERDUE" text="Screening overdue" />
                </>
              )}
            </>,
          ])}
        />
      )}
      <Pager
        hasPrevious={cursors.length > 1}
        hasNext={Boolean(data?.referrals.pageInfo.hasNextPage)}
        onPrevious={() => setCursors((c) => c.slice(0, -1))}
        onNext={() => setCursors((c) => [...c, data?.referrals.pageInfo.endCursor ?? null])}
      />
    </WidePage>
  );
}
