import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../generated';
import type { AgreedActionListView } from '../../generated/graphql';
import { Empty, Loading, Pager, Table, Tag } from '../../components/govuk';
import { WidePage } from '../../components/page';
import { formatDate } from '../../lib/dates';
import { label } from '../../lib/labels';
import { abilities, useMe } from '../../lib/me';

const ACTIONS = graphql(`
  query Actions($view: AgreedActionListView!, $clinicId: ID!, $clinic: Boolean!) {
    myAgencyActions(view: $view) @skip(if: $clinic) {
      ...ActionRow
    }
    clinicActions(clinicId: $clinicId, view: $view) @include(if: $clinic) {
      ...ActionRow
    }
    agencies {
      id
      name
    }
  }
  fragment ActionRow on AgreedAction {
    id
    caseId
    case {
      id
      reference
    }
    title
    ownerAgencyId
    dueOn
    priority
    status
    overdue
  }
`);

const VIEWS: { id: AgreedActionListView; text: string }[] = [
  { id: 'OVERDUE', text: 'Overdue' },
  { id: 'DUE_THIS_WEEK', text: 'Due this week' },
  { id: 'OPEN', text: 'Open' },
  { id: 'ALL', text: 'All' },
];
const PAGE = 20;

/** The agency's actions (or, for the chair and coordinator, the clinic's), by view. */
export function ActionsPage() {
  const me = useMe();
  const can = abilities(me);
  const [params] = useSearchParams();
  const view = VIEWS.find((v) => v.id === params.get('view')) ?? VIEWS[0]!;
  const clinic = can.clinicStaff && me.clinics.length > 0;
  const [page, setPage] = useState(0);
  const { data, loading } = useQuery(ACTIONS, {
    variables: { view: view.id, clinicId: me.clinics[0]?.id ?? '', clinic },
  });
  const list = (clinic ? data?.clinicActions : data?.myAgencyActions) ?? [];
  const shown = list.slice(page * PAGE, (page + 1) * PAGE);
  const agencyName = (aid?: string | null) => data?.agencies.find((a) => a.id === aid)?.name ?? '';
  return (
    <WidePage
      title={clinic ? 'Clinic actions' : 'My agency’s actions'}
      caption={clinic ? me.clinics[0]?.name : me.agency.name}
    >
      <nav aria-label="Which actions" className="govuk-!-margin-bottom-4">
        <ul className="govuk-list">
          {VIEWS.map((v) => (
            <li key={v.id} className="scp-inline-form">
              {v.id === view.id ? (
                <strong aria-current="page">{v.text}</strong>
              ) : (
                <Link className="govuk-link" to={`?view=${v.id}`} onClick={() => setPage(0)}>
                  {v.text}
                </Link>
              )}
            </li>
          ))}
        </ul>
      </nav>
      {loading && !data ? (
        <Loading what="actions" />
      ) : shown.length === 0 ? (
        <Empty>There are no {view.text.toLowerCase()} actions.</Empty>
      ) : (
        <Table
          caption={`${view.text} actions`}
          head={['Action', 'Case', 'Owner', 'Due', 'Priority', 'Status']}
          rows={shown.map((a) => [
            <Link className="govuk-link" to={`/actions/${a.id}`} key={a.id}>
              {a.title}
            </Link>,
            a.case?.reference ? (
              <Link className="govuk-link" to={`/cases/${a.case.id}`} key={`${a.id}-case`}>
                {a.case.reference}
              </Link>
            ) : (
              ''
            ),
            agencyName(a.ownerAgencyId),
            formatDate(a.dueOn),
            label(a.priority),
            <>
              <Tag code={a.status} />
              {a.overdue && (
                <>
                  {' '}
                  <Tag code="OVERDUE" text="Overdue" />
                </>
              )}
            </>,
          ])}
        />
      )}
      <Pager
        hasPrevious={page > 0}
        hasNext={(page + 1) * PAGE < list.length}
        onPrevious={() => setPage(page - 1)}
        onNext={() => setPage(page + 1)}
      />
    </WidePage>
  );
}
